/** setTimeout with bookkeeping, so reset() and close() can cancel everything still pending. */
export class Scheduler {
  private timers = new Set<NodeJS.Timeout>()

  after(ms: number, fn: () => void): void {
    const t = setTimeout(() => {
      this.timers.delete(t)
      fn()
    }, ms)
    this.timers.add(t)
  }

  clear(): void {
    for (const t of this.timers) clearTimeout(t)
    this.timers.clear()
  }
}
