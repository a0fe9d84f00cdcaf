// The camera and microphone chosen in the device check, kept for this tab so the call can open the
// same ones (sessionStorage: device ids are per-origin random strings, not personal data).
const KEY = 'tessera.consult.devices'

export interface DeviceChoice {
  cameraId?: string
  microphoneId?: string
}

export function chosenDevices(): DeviceChoice {
  try {
    const parsed: unknown = JSON.parse(sessionStorage.getItem(KEY) ?? '{}')
    if (typeof parsed !== 'object' || parsed === null) return {}
    const { cameraId, microphoneId } = parsed as Record<string, unknown>
    return {
      ...(typeof cameraId === 'string' ? { cameraId } : {}),
      ...(typeof microphoneId === 'string' ? { microphoneId } : {}),
    }
  } catch {
    return {}
  }
}

export function setChosenDevices(choice: DeviceChoice): void {
  sessionStorage.setItem(KEY, JSON.stringify(choice))
}
