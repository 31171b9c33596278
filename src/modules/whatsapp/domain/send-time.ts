/**
 * Send-time optimisation, pure: when in the next `window_hours` to send to one recipient. Each
 * candidate slot is "now" or the start of a local hour inside the window (store time zone); its
 * score is the count of that customer's own reads, replies and inbound messages in that local hour.
 * A customer with fewer than `min_events` events, or none in the window's hours, falls back to the
 * store's histogram (every customer's), then to `default_hour`, then to now. Slots inside quiet hours
 * are never chosen; the frequency cap is applied at send time as for any campaign.
 */
import type { QuietHours } from "../../../shared/campaigns"
import { quietHoursDeferral } from "./campaign-rules"
import { localTime } from "./keywords"

/** 24 counts, index = local hour. */
export type HourHistogram = number[]

export type SendTimeSource = "customer" | "store" | "default" | "now"

export interface SendTimeInput {
  now: Date
  window_hours: number
  timezone: string
  customer: HourHistogram | null
  store: HourHistogram | null
  default_hour: number
  min_events: number
  quiet_hours?: QuietHours | null
  /** candidateSlots(now, window_hours, timezone, quiet_hours), when the caller plans many recipients at once. */
  slots?: { at: Date; hour: number }[]
}

export interface SendTimePlan {
  planned_at: Date
  /** The local hour of planned_at. */
  hour: number
  source: SendTimeSource
}

const HOUR = 3_600_000

/** "now" and every local hour start in (now, now + window), with their local hour, outside quiet hours. */
export function candidateSlots(now: Date, windowHours: number, timeZone: string, quiet?: QuietHours | null): { at: Date; hour: number }[] {
  const slots: { at: Date; hour: number }[] = []
  const end = now.getTime() + windowHours * HOUR
  const { minutes } = localTime(now, timeZone)
  const intoHour = (minutes % 60) * 60_000 + now.getUTCSeconds() * 1000 + now.getUTCMilliseconds()
  slots.push({ at: now, hour: Math.floor(minutes / 60) })
  for (let t = now.getTime() - intoHour + HOUR; t < end; t += HOUR) {
    const at = new Date(t)
    slots.push({ at, hour: Math.floor(localTime(at, timeZone).minutes / 60) })
  }
  // quiet hours on the store's clock here; the customer's own zone is applied again at send time.
  return quiet ? slots.filter((s) => !quietHoursDeferral(quiet, s.at, timeZone)) : slots
}

const total = (h: HourHistogram | null) => (h ? h.reduce((s, x) => s + x, 0) : 0)

/** The slot with the highest score (earliest on ties), or null when every score is 0. */
function best(slots: { at: Date; hour: number }[], h: HourHistogram): { at: Date; hour: number } | null {
  let pick: { at: Date; hour: number } | null = null
  let score = 0
  for (const s of slots) {
    const v = h[s.hour] ?? 0
    if (v > score) {
      pick = s
      score = v
    }
  }
  return pick
}

export function planSendTime(i: SendTimeInput): SendTimePlan {
  const slots = i.slots ?? candidateSlots(i.now, i.window_hours, i.timezone, i.quiet_hours)
  if (!slots.length) return { planned_at: i.now, hour: Math.floor(localTime(i.now, i.timezone).minutes / 60), source: "now" }
  const tries: [SendTimeSource, HourHistogram | null][] = [
    ["customer", total(i.customer) >= i.min_events ? i.customer : null],
    ["store", total(i.store) >= i.min_events ? i.store : null],
    ["default", Array.from({ length: 24 }, (_, h) => (h === i.default_hour ? 1 : 0))],
  ]
  for (const [source, h] of tries) {
    if (!h) continue
    const s = best(slots, h)
    if (s) return { planned_at: s.at, hour: s.hour, source }
  }
  return { planned_at: slots[0].at, hour: slots[0].hour, source: "now" }
}

/** The wizard's spread: planned sends per hour slot (ISO start of the slot), in time order. */
export function spreadByHour(plans: SendTimePlan[]): { at: string; hour: number; count: number }[] {
  const m = new Map<number, { at: string; hour: number; count: number }>()
  for (const p of plans) {
    const t = Math.floor(p.planned_at.getTime() / HOUR) * HOUR
    const e = m.get(t) ?? { at: new Date(t).toISOString(), hour: p.hour, count: 0 }
    e.count++
    m.set(t, e)
  }
  return [...m.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e)
}
