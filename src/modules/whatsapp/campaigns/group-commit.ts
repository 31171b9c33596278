/**
 * Group commit: one write in flight at a time; whatever arrives meanwhile goes in the next write.
 * At low rates each record is written on its own right away; at high rates writes batch up by
 * themselves, so the number of round trips adapts to the load. A failed write is retried by the
 * next one (the records stay queued), and drain() rethrows the last failure.
 */
export class GroupCommit<T> {
  private queue: T[] = []
  private running: Promise<void> | null = null
  private failure: unknown = null
  private draining = false

  /**
   * `minIntervalMs`: writes start at least this far apart (each is a commit, i.e. a WAL flush);
   * the crash window is at most this plus one write. drain() does not wait for it.
   */
  constructor(
    private readonly write: (items: T[]) => Promise<void>,
    private readonly minIntervalMs = 0
  ) {}

  add(item: T) {
    this.queue.push(item)
    if (!this.running) this.running = this.loop()
  }

  private async loop() {
    while (this.queue.length) {
      const chunk = this.queue
      this.queue = []
      const started = Date.now()
      try {
        await this.write(chunk)
        this.failure = null
      } catch (e) {
        this.queue = chunk.concat(this.queue)
        this.failure = e
        break
      }
      const wait = this.minIntervalMs - (Date.now() - started)
      if (wait > 0 && !this.draining) await new Promise((r) => setTimeout(r, wait))
    }
    this.running = null
  }

  /**
   * Writes everything still queued, retrying a failing write a few times (these are messages Meta
   * accepted: losing the record means a resend after the lease); throws if it still fails.
   */
  async drain(retries = 5, backoffMs = 200) {
    this.draining = true
    if (this.running) await this.running
    for (let i = 0; this.queue.length && i < retries; i++) {
      if (i) await new Promise((r) => setTimeout(r, backoffMs * i))
      await this.loop()
    }
    if (this.queue.length) throw this.failure
  }
}
