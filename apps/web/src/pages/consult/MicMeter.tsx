import { useEffect, useState } from 'react'

export interface MicMeterProps {
  stream: MediaStream
}

/** The peak (0..1) that counts as "we hear you": above a quiet room's hiss. */
const HEARD = 0.05

/**
 * The microphone's level as a meter, about ten updates a second, and in words once sound was heard
 * (colour alone never carries the answer).
 */
export function MicMeter({ stream }: MicMeterProps) {
  const [level, setLevel] = useState(0)
  const [heard, setHeard] = useState(false)

  useEffect(() => {
    const Ctor = window.AudioContext
    if (!Ctor || stream.getAudioTracks().length === 0) return
    const ctx = new Ctor()
    const source = ctx.createMediaStreamSource(stream)
    const analyser = ctx.createAnalyser()
    // About 170 ms of sound per read, read every 100 ms: short sounds are not missed between reads.
    analyser.fftSize = 8192
    source.connect(analyser)
    const samples = new Float32Array(analyser.fftSize)
    // The page came from a press (Join), so audio may run; if not, the first press here resumes it.
    const resume = (): void => void ctx.resume().catch(() => undefined)
    resume()
    document.addEventListener('pointerdown', resume)
    const timer = window.setInterval(() => {
      analyser.getFloatTimeDomainData(samples)
      let peak = 0
      for (const v of samples) peak = Math.max(peak, Math.abs(v))
      setLevel(Math.min(1, peak * 1.5))
      if (peak > HEARD) setHeard(true)
    }, 100)
    return () => {
      window.clearInterval(timer)
      document.removeEventListener('pointerdown', resume)
      source.disconnect()
      void ctx.close().catch(() => undefined)
    }
  }, [stream])

  const percent = Math.round(level * 100)
  return (
    <div className="mic-meter">
      <p className="mic-meter__label" id="mic-meter-label">
        Microphone level
      </p>
      <div
        className="mic-meter__track"
        role="meter"
        aria-labelledby="mic-meter-label"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
      >
        <div className="mic-meter__fill" style={{ inlineSize: `${percent}%` }} />
      </div>
      <p className="mic-meter__words">
        {heard ? 'We can hear your microphone.' : 'Say something: the bar should move when you speak.'}
      </p>
    </div>
  )
}
