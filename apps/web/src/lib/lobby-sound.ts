// The "someone is waiting" chime: two short sine tones made with Web Audio (no sound file to fetch).
// Browsers block audio until the person has interacted with the page; then `play` answers false and
// the badge says so and offers a button, whose press (a user gesture) unlocks the sound.

type AudioContextClass = typeof AudioContext

function audioContextClass(): AudioContextClass | null {
  const w = window as unknown as { AudioContext?: AudioContextClass; webkitAudioContext?: AudioContextClass }
  return w.AudioContext ?? w.webkitAudioContext ?? null
}

/** Whether this page has had a user gesture (without one, audio is blocked; asking only logs warnings). */
function hasUserActivation(): boolean {
  const activation = (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation
  return activation ? activation.hasBeenActive : true
}

export class WaitingChime {
  private context: AudioContext | null = null

  /** Whether a chime can sound now without a further gesture. */
  get ready(): boolean {
    return this.context?.state === 'running'
  }

  /** Call from a user gesture (a press, a key): creates or resumes the audio context. */
  async unlock(): Promise<boolean> {
    const Ctor = audioContextClass()
    if (!Ctor) return false
    try {
      this.context ??= new Ctor()
      // Some browsers leave resume() pending until a gesture: do not wait for it forever.
      if (this.context.state !== 'running')
        await Promise.race([this.context.resume(), new Promise((resolve) => setTimeout(resolve, 1_000))])
    } catch {
      return false
    }
    return this.ready
  }

  /** Plays the chime; false when the browser blocked audio (or has none). */
  async play(): Promise<boolean> {
    if (!this.ready) {
      if (!hasUserActivation()) return false
      if (!(await this.unlock())) return false
    }
    const ctx = this.context
    if (!ctx) return false
    const start = ctx.currentTime + 0.02
    for (const [i, frequency] of [660, 880].entries()) {
      const at = start + i * 0.18
      const osc = ctx.createOscillator()
      const gain = ctx.createGain()
      osc.type = 'sine'
      osc.frequency.value = frequency
      // A soft attack and release: no click at either end.
      gain.gain.setValueAtTime(0, at)
      gain.gain.linearRampToValueAtTime(0.2, at + 0.02)
      gain.gain.linearRampToValueAtTime(0, at + 0.16)
      osc.connect(gain).connect(ctx.destination)
      osc.start(at)
      osc.stop(at + 0.17)
    }
    return true
  }

  close(): void {
    void this.context?.close().catch(() => undefined)
    this.context = null
  }
}
