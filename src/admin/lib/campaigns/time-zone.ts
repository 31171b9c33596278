/** The store's time zone: resolving it, and converting between its wall time and instants. */

/** The store's time zone when valid, else the browser's. */
export function resolveTimeZone(tz: string | null | undefined): string {
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone
  if (!tz) return browser
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: tz })
    return tz
  } catch {
    return browser
  }
}

/** Milliseconds `timeZone` is ahead of UTC at `date`. */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const t = Math.floor(date.getTime() / 1000) * 1000
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(t))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second")) - t
}

/**
 * The date pickers work in the browser's clock; the merchant means the store's. Reads the picked
 * wall time (year … minute) as a time in `timeZone` and returns that instant.
 */
export function wallTimeToInstant(picked: Date, timeZone: string): Date {
  const guess = Date.UTC(picked.getFullYear(), picked.getMonth(), picked.getDate(), picked.getHours(), picked.getMinutes())
  const first = guess - zoneOffsetMs(new Date(guess), timeZone)
  const second = guess - zoneOffsetMs(new Date(first), timeZone)
  return new Date(second)
}

/** The inverse: an instant as a browser-local Date showing the wall time in `timeZone` (for the picker). */
export function instantToWallTime(instant: Date, timeZone: string): Date {
  const shifted = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone))
  return new Date(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes())
}

/** "26 Nov 2026, 09:00 (Asia/Bangkok)" */
export function formatInZone(value: string | Date | null | undefined, timeZone: string): string {
  if (!value) return "-"
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return "-"
  return `${new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date)} (${timeZone})`
}
