// Waiting in tests: for the webhook processing that happens after the 200, for worker processes,
// for state the sandbox updates after it has answered.

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Polls `check` until it returns a truthy value and resolves with it; throws after `timeout` ms. */
export async function waitFor<T>(check: () => T | Promise<T>, { timeout = 10_000, interval = 50, what = "condition" } = {}): Promise<T> {
  const end = Date.now() + timeout
  let last: T
  while (true) {
    last = await check()
    if (last) return last
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}; last value: ${JSON.stringify(last)}`)
    await sleep(interval)
  }
}

/** The same function, by the name the campaign and sandbox suites use. */
export const until = waitFor
