import { useEffect, useRef, useState } from 'react'
import { Alert } from '../../components/Alert.tsx'
import { Button } from '../../components/Button.tsx'
import { SelectField } from '../../components/SelectField.tsx'
import { chosenDevices, setChosenDevices } from './device-choice.ts'
import { MicMeter } from './MicMeter.tsx'
import { useMediaPreview } from './use-media-preview.ts'

function options(devices: MediaDeviceInfo[], noun: string) {
  return devices.map((d, i) => ({ value: d.deviceId, label: d.label || `${noun} ${i + 1}` }))
}

/** The camera preview, the microphone meter and the choice of devices, before checking in. */
export function DeviceCheck() {
  const [ids, setIds] = useState(() => {
    const saved = chosenDevices()
    return { cameraId: saved.cameraId, microphoneId: saved.microphoneId }
  })
  const [attempt, setAttempt] = useState(0)
  const preview = useMediaPreview(ids, attempt)
  const video = useRef<HTMLVideoElement>(null)

  useEffect(() => {
    const el = video.current
    if (!el || preview.status !== 'ready') return
    el.srcObject = preview.stream
    void el.play().catch(() => undefined)
    return () => {
      el.srcObject = null
    }
  }, [preview])

  const choose = (next: Partial<typeof ids>): void => {
    const merged = { ...ids, ...next }
    setIds(merged)
    setChosenDevices({
      ...(merged.cameraId ? { cameraId: merged.cameraId } : {}),
      ...(merged.microphoneId ? { microphoneId: merged.microphoneId } : {}),
    })
  }

  const ready = preview.status === 'ready' ? preview : null
  const cameraTrack = ready?.stream.getVideoTracks()[0]
  const micTrack = ready?.stream.getAudioTracks()[0]
  return (
    <section className="card consult-check" aria-labelledby="device-check-title">
      <h2 id="device-check-title" className="section-title">
        Camera and microphone
      </h2>
      {preview.status === 'asking' ? (
        <p className="muted" role="status">
          Asking your browser for the camera and microphone…
        </p>
      ) : null}
      <Alert tone="error" title="Camera and microphone not available">
        {preview.status === 'failed' ? preview.message : null}
      </Alert>
      {preview.status === 'failed' ? (
        <div className="button-row">
          <Button variant="secondary" onPress={() => setAttempt((n) => n + 1)}>
            Try the camera again
          </Button>
        </div>
      ) : null}
      <div className="device-check" hidden={!ready}>
        <div className="device-check__video">
          {/* The person's own camera: no audio plays back (muted), so there is nothing to caption. */}
          <video ref={video} className="self-preview" muted playsInline aria-label="Your camera preview" />
          <p className="muted">
            {cameraTrack
              ? 'This is how the clinician will see you.'
              : 'No camera: the clinician will only hear you.'}
          </p>
        </div>
        <div className="device-check__controls">
          {ready && micTrack ? <MicMeter stream={ready.stream} /> : null}
          {ready && ready.cameras.length > 0 ? (
            <SelectField
              label="Camera"
              name="camera"
              value={cameraTrack?.getSettings().deviceId ?? ids.cameraId ?? ''}
              options={options(ready.cameras, 'Camera')}
              onChange={(cameraId) => choose({ cameraId })}
            />
          ) : null}
          {ready && ready.microphones.length > 0 ? (
            <SelectField
              label="Microphone"
              name="microphone"
              value={micTrack?.getSettings().deviceId ?? ids.microphoneId ?? ''}
              options={options(ready.microphones, 'Microphone')}
              onChange={(microphoneId) => choose({ microphoneId })}
            />
          ) : null}
        </div>
      </div>
    </section>
  )
}
