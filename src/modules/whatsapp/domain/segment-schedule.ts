/**
 * When the nightly full recompute runs. The job wakes every hour; this decides whether this is the
 * hour the merchant chose (in the store's time zone) and whether a full run already happened
 * recently — so a restart, a second worker or a slow run never makes it run twice in a night.
 */

const MIN_HOURS_BETWEEN_RUNS = 20

/** Hour of day 0–23 of `now` in `timeZone` (an IANA name such as "Asia/Bangkok"). */
export function hourIn(now: Date, timeZone: string): number {
  const h = new Intl.DateTimeFormat("en-US", { timeZone, hour: "numeric", hourCycle: "h23" }).format(now)
  return Number(h) % 24
}

export function isNightlyRecomputeDue(input: { now: Date; timeZone: string; enabled: boolean; hour: number; lastFullAt: Date | string | null }): boolean {
  if (!input.enabled) return false
  if (hourIn(input.now, input.timeZone) !== input.hour) return false
  if (!input.lastFullAt) return true
  const last = new Date(input.lastFullAt).getTime()
  if (Number.isNaN(last)) return true
  return input.now.getTime() - last >= MIN_HOURS_BETWEEN_RUNS * 3_600_000
}
