/**
 * Runs sends to one contact one after another, in the order they were asked for, so an
 * "order shipped" never overtakes its "order placed". Per process; see README for limits.
 */
export class ContactOrder {
  protected readonly chains_ = new Map<string, Promise<unknown>>()

  run<T>(wa_id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains_.get(wa_id) ?? Promise.resolve()
    const run = prev.then(fn, fn)
    const tail = run.catch(() => undefined)
    this.chains_.set(wa_id, tail)
    void tail.then(() => {
      // Only the last link cleans up, so the map holds contacts with sends in flight and no more.
      if (this.chains_.get(wa_id) === tail) this.chains_.delete(wa_id)
    })
    return run
  }
}
