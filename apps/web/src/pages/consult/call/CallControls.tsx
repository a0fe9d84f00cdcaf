import { Button } from '../../../components/Button.tsx'

export interface CallControlsProps {
  micOn: boolean
  camOn: boolean
  hasMedia: boolean
  ending: boolean
  onMic: (on: boolean) => void
  onCamera: (on: boolean) => void
  onEnd: () => void
}

/** Mute, camera and end. Toggles are buttons with aria-pressed, reachable by keyboard. */
export function CallControls({ micOn, camOn, hasMedia, ending, onMic, onCamera, onEnd }: CallControlsProps) {
  return (
    <div className="call-controls" role="group" aria-label="Call controls">
      <button
        type="button"
        className="button button--secondary"
        aria-pressed={!micOn}
        disabled={!hasMedia}
        onClick={() => onMic(!micOn)}
      >
        Mute
      </button>
      <button
        type="button"
        className="button button--secondary"
        aria-pressed={!camOn}
        disabled={!hasMedia}
        onClick={() => onCamera(!camOn)}
      >
        Camera off
      </button>
      <Button variant="danger" isPending={ending} onPress={onEnd}>
        End call
      </Button>
    </div>
  )
}
