// Sliding replay window over one KID's counters. A counter is accepted once, and only if it is
// within `size` of the highest counter seen. The window is only advanced by frames that
// authenticated (callers check, decrypt, then mark), so forged frames cannot move it.

export class ReplayWindow {
  readonly #size: number
  readonly #seen: Uint8Array
  #highest = -1

  constructor(size: number) {
    this.#size = size
    this.#seen = new Uint8Array(size)
  }

  accepts(ctr: number): boolean {
    if (ctr > this.#highest) return true
    if (this.#highest - ctr >= this.#size) return false
    return this.#seen[ctr % this.#size] === 0
  }

  mark(ctr: number): void {
    if (ctr > this.#highest) {
      const gap = Math.min(ctr - this.#highest, this.#size)
      for (let i = 1; i <= gap; i++) this.#seen[(this.#highest + i) % this.#size] = 0
      this.#highest = ctr
    }
    this.#seen[ctr % this.#size] = 1
  }
}
