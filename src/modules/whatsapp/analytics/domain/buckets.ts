/**
 * The pure side of the analytics figures: reply-decay buckets, message length bands, "starts with
 * the customer's name", uplift over a baseline, weekday × hour slots and their names, and the
 * reporting range in the store's time zone. The SQL in ../figures.ts uses the same boundaries
 * (bucketBoundsSql, lengthBandSql, NAME_PREFIX_PATTERN), so what is unit-tested here is what runs.
 * Unit tests: __tests__/buckets.unit.spec.ts.
 */

// ------------------------------------------------------------------ reply decay

/** Upper bounds (minutes, exclusive) of the decay buckets; a reply after 24 h is not counted as one. */
export const DECAY_BOUNDS_MIN = [5, 15, 30, 60, 180, 1440] as const
export const DECAY_LABELS = ["0–5 min", "5–15 min", "15–30 min", "30–60 min", "1–3 h", "3–24 h"] as const

/** The bucket index (0–5) of a delay in minutes, or null when negative or 24 h and over. */
export function decayBucket(minutes: number): number | null {
  if (!Number.isFinite(minutes) || minutes < 0) return null
  const i = DECAY_BOUNDS_MIN.findIndex((b) => minutes < b)
  return i === -1 ? null : i
}

/**
 * The SQL expression of the same bucket (0–5, null outside) for `minutesExpr`. width_bucket with
 * bounds [0, 5, 15, …, 1440] returns 1 for [0, 5), … 6 for [180, 1440), 0 below, 7 at or over 1440.
 */
export function decayBucketSql(minutesExpr: string): string {
  return `NULLIF(NULLIF(width_bucket(${minutesExpr}, ARRAY[0, ${DECAY_BOUNDS_MIN.join(", ")}]::float8[]), 0), ${DECAY_BOUNDS_MIN.length + 1}) - 1`
}

/** Share (0–1) of replies within `minutes` (a bucket bound), from counts per bucket; null with no replies. */
export function shareWithin(counts: number[], minutes: number): number | null {
  const total = counts.reduce((s, n) => s + n, 0)
  if (!total) return null
  const upTo = DECAY_BOUNDS_MIN.indexOf(minutes as (typeof DECAY_BOUNDS_MIN)[number])
  if (upTo === -1) throw new Error(`${minutes} is not a bucket bound (${DECAY_BOUNDS_MIN.join(", ")})`)
  return counts.slice(0, upTo + 1).reduce((s, n) => s + n, 0) / total
}

// ------------------------------------------------------------------ message length

export interface LengthBand {
  label: string
  /** Inclusive lower bound, in characters. */
  min: number
  /** Exclusive upper bound; null for the last band. */
  max: number | null
}

export const LENGTH_BANDS: LengthBand[] = [
  { label: "under 50 chars", min: 0, max: 50 },
  { label: "50–99 chars", min: 50, max: 100 },
  { label: "100–199 chars", min: 100, max: 200 },
  { label: "200–499 chars", min: 200, max: 500 },
  { label: "500+ chars", min: 500, max: null },
]

/** The band of a text (length in characters as Postgres counts them: code points). */
export function lengthBand(text: string): string {
  const n = [...text].length
  return LENGTH_BANDS.find((b) => n >= b.min && (b.max === null || n < b.max))!.label
}

/** The same band as an SQL CASE over `lengthExpr` (an integer expression such as char_length(m.text)). */
export function lengthBandSql(lengthExpr: string): string {
  const whens = LENGTH_BANDS.map((b) => `WHEN ${lengthExpr} < ${b.max ?? "NULL"} THEN '${b.label}'`).slice(0, -1)
  return `CASE ${whens.join(" ")} ELSE '${LENGTH_BANDS[LENGTH_BANDS.length - 1].label}' END`
}

// ------------------------------------------------------------------ starts with the name

/**
 * What may come before the name and still count as "starting with it": spaces, opening quotes or
 * brackets, a greeting (Hi, Hello, Hey, Dear, สวัสดี with its polite particle) and the Thai "คุณ".
 * The same pattern runs in Postgres (case-insensitive regexp_replace) and here.
 */
export const NAME_PREFIX_PATTERN = `^[[:space:]"'(“‘]*((hi|hello|hey|dear|สวัสดี(ค่ะ|ครับ|คะ)?)[[:space:],!.]*)?(คุณ[[:space:]]*)?`

const namePrefix = new RegExp(NAME_PREFIX_PATTERN.replace(/\[:space:\]/g, "\\s"), "iu")

/** True when the text, after an optional greeting, starts with the customer's first name (any case). */
export function startsWithName(text: string | null | undefined, firstName: string | null | undefined): boolean {
  const name = (firstName ?? "").trim().toLowerCase()
  if (!text || !name) return false
  return text.replace(namePrefix, "").toLowerCase().startsWith(name)
}

/** The same test in SQL, for a text and a first-name expression. */
export function startsWithNameSql(textExpr: string, nameExpr: string): string {
  return `(COALESCE(btrim(${nameExpr}), '') <> '' AND
    left(lower(regexp_replace(${textExpr}, '${NAME_PREFIX_PATTERN.replace(/'/g, "''")}', '', 'i')), char_length(btrim(${nameExpr}))) = lower(btrim(${nameExpr})))`
}

// ------------------------------------------------------------------ rates and uplift

/** part / whole, or null when whole is 0 (no sample: "no data", not 0 %). */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null)

/** Relative uplift of a rate over a baseline ((r − b) / b), null when either is missing or the baseline is 0. */
export function uplift(value: number | null, baseline: number | null): number | null {
  if (value === null || baseline === null || baseline === 0) return null
  return (value - baseline) / baseline
}

// ------------------------------------------------------------------ weekday × hour slots

/** ISO weekdays: 1 = Monday … 7 = Sunday (Postgres extract(isodow …)). */
export const WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"] as const

const hh = (h: number) => `${String(h).padStart(2, "0")}:00`

/** "Tuesday 19:00–20:00" for ISO weekday 2, hour 19; the last hour ends at 24:00. */
export function slotName(isoWeekday: number, hour: number): string {
  if (!(isoWeekday >= 1 && isoWeekday <= 7) || !(hour >= 0 && hour <= 23)) throw new Error(`no slot ${isoWeekday}/${hour}`)
  return `${WEEKDAYS[isoWeekday - 1]} ${hh(hour)}–${hour === 23 ? "24:00" : hh(hour + 1)}`
}

export interface SlotCell {
  weekday: number
  hour: number
  n: number
  hits: number
}

/**
 * The best slots by rate (hits / n), only those with at least `minSample` messages so one lucky
 * message does not win; ties go to the larger sample, then the earlier slot.
 */
export function topSlots(cells: SlotCell[], { limit = 3, minSample = 3 } = {}) {
  return cells
    .filter((c) => c.n >= Math.max(1, minSample))
    .map((c) => ({ ...c, rate: c.hits / c.n, name: slotName(c.weekday, c.hour) }))
    .sort((a, b) => b.rate - a.rate || b.n - a.n || a.weekday - b.weekday || a.hour - b.hour)
    .slice(0, limit)
}

// ------------------------------------------------------------------ range in the store's zone

const DAY_MS = 86_400_000

/** Offset (ms) of `zone` from UTC at instant `at`: local wall time − UTC. */
export function zoneOffsetMs(zone: string, at: Date): number {
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone: zone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(at)
  const get = (t: string) => Number(parts.find((p) => p.type === t)!.value)
  const wall = Date.UTC(get("year"), get("month") - 1, get("day"), get("hour"), get("minute"), get("second"))
  return wall - Math.floor(at.getTime() / 1000) * 1000
}

/** The instant local midnight of `date` (YYYY-MM-DD) begins in `zone`. */
export function localMidnight(date: string, zone: string): Date {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date)
  if (!m) throw new Error(`not a date: ${date}`)
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))
  // Two passes settle a DST change between the guess and the answer.
  let t = wall - zoneOffsetMs(zone, new Date(wall))
  t = wall - zoneOffsetMs(zone, new Date(t))
  return new Date(t)
}

/**
 * The half-open reporting range [from, to). A date-only `from` starts at that local midnight, a
 * date-only `to` includes that whole local day; a date-time is taken as given. Default: the 90
 * days up to now.
 */
export function resolveRange(input: { from?: string; to?: string }, zone: string, now: Date): { from: Date; to: Date } {
  const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}$/.test(s)
  // A date-only `to` ends at the next local midnight (not +24 h, which a DST change would break).
  const to = !input.to ? now : isDate(input.to) ? localMidnight(nextDate(input.to), zone) : new Date(input.to)
  const from = !input.from ? new Date(to.getTime() - 90 * DAY_MS) : isDate(input.from) ? localMidnight(input.from, zone) : new Date(input.from)
  return { from, to }
}

function nextDate(date: string): string {
  const d = new Date(`${date}T00:00:00Z`)
  return new Date(d.getTime() + DAY_MS).toISOString().slice(0, 10)
}
