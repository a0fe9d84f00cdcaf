// The device check's camera and microphone: asks for both (getUserMedia), lists the devices once
// permission is given (labels are empty before), switches on choice, and stops every track when
// the check is left so the call can open the devices itself.
import { useEffect, useState } from 'react'

export type MediaPreview =
  | { status: 'asking' }
  | { status: 'ready'; stream: MediaStream; cameras: MediaDeviceInfo[]; microphones: MediaDeviceInfo[] }
  | { status: 'failed'; message: string }

export interface DeviceIds {
  cameraId: string | undefined
  microphoneId: string | undefined
}

function failureMessage(error: unknown): string {
  const name = error instanceof DOMException ? error.name : ''
  if (name === 'NotAllowedError' || name === 'SecurityError')
    return 'Your browser did not allow the camera and microphone. Allow them for this site (usually from the icon in the address bar), then try again.'
  if (name === 'NotFoundError' || name === 'OverconstrainedError')
    return 'We could not find a camera or microphone. Plug one in or choose another, then try again.'
  if (name === 'NotReadableError' || name === 'AbortError')
    return 'The camera or microphone is in use by another app. Close that app, then try again.'
  return 'We could not start the camera and microphone. Try again, or use another browser.'
}

function constraint(id: string | undefined): MediaTrackConstraints | true {
  return id ? { deviceId: { exact: id } } : true
}

export function useMediaPreview(ids: DeviceIds, attempt: number): MediaPreview {
  const [preview, setPreview] = useState<MediaPreview>({ status: 'asking' })
  const { cameraId, microphoneId } = ids

  useEffect(() => {
    let cancelled = false
    let stream: MediaStream | null = null
    const stop = (s: MediaStream) => s.getTracks().forEach((t) => t.stop())
    if (!navigator.mediaDevices?.getUserMedia) {
      setPreview({
        status: 'failed',
        message: 'This browser cannot use a camera here. Use a recent Chrome, Edge, Firefox or Safari.',
      })
      return
    }
    setPreview({ status: 'asking' })
    navigator.mediaDevices
      .getUserMedia({ video: constraint(cameraId), audio: constraint(microphoneId) })
      .then(async (s) => {
        if (cancelled) return stop(s)
        stream = s
        const devices = await navigator.mediaDevices.enumerateDevices()
        if (cancelled) return
        setPreview({
          status: 'ready',
          stream: s,
          cameras: devices.filter((d) => d.kind === 'videoinput'),
          microphones: devices.filter((d) => d.kind === 'audioinput'),
        })
      })
      .catch((error: unknown) => {
        if (!cancelled) setPreview({ status: 'failed', message: failureMessage(error) })
      })
    return () => {
      cancelled = true
      if (stream) stop(stream)
    }
  }, [cameraId, microphoneId, attempt])

  return preview
}
