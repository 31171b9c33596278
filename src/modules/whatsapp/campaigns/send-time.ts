/**
 * Best-hour sends, I/O side: when the audience is frozen, each recipient gets planned_at from
 * its own activity (domain/send-time.ts, falling back to the store's histogram, then
 * DEFAULT_SEND_HOUR); the claim waits for it (not_before), and quiet hours and the frequency
 * cap are applied again at send time as for any campaign. The wizard's preview runs the same
 * planning on the audience it would freeze, without writing anything.
 */
import { z } from "@medusajs/framework/zod"
import { candidateSlots, planSendTime, spreadByHour, type SendTimePlan, type SendTimeSource } from "../domain/send-time"
import type { QuietHours } from "../../../shared/campaigns"
import type { ActivityHistograms } from "./store/send-time"

export const SEND_TIME_MODES = ["now", "best_hour"] as const

/** whatsapp_campaign.send_time. */
export const SendTimeSchema = z.object({
  mode: z.enum(SEND_TIME_MODES),
  window_hours: z.number().int().min(1).max(168).default(24),
})
export type SendTime = z.infer<typeof SendTimeSchema>

/** The local hour used when neither the customer nor the store has enough history. */
export const DEFAULT_SEND_HOUR = 10
/** Fewer events than this and a histogram is not trusted (customer → store → default). */
export const MIN_SEND_TIME_EVENTS = 3

export interface PlanOptions {
  now: Date
  window_hours: number
  timezone: string
  quiet_hours: QuietHours | null
}

/** Plans every contact; the result is in the input's order. */
export function planContacts(contactIds: string[], h: ActivityHistograms, o: PlanOptions): SendTimePlan[] {
  const slots = candidateSlots(o.now, o.window_hours, o.timezone, o.quiet_hours)
  const base = {
    now: o.now,
    window_hours: o.window_hours,
    timezone: o.timezone,
    store: h.store,
    default_hour: DEFAULT_SEND_HOUR,
    min_events: MIN_SEND_TIME_EVENTS,
    quiet_hours: o.quiet_hours,
    slots,
  }
  // Every contact without history of its own gets the same plan: computed once.
  let fallback: SendTimePlan | null = null
  return contactIds.map((id) => {
    const own = h.customers.get(id) ?? null
    if (!own) return (fallback ??= planSendTime({ ...base, customer: null }))
    return planSendTime({ ...base, customer: own })
  })
}

/** The wizard's summary: sends per hour slot, and how many plans came from each source. */
export function summarise(plans: SendTimePlan[]) {
  const sources: Record<SendTimeSource, number> = { customer: 0, store: 0, default: 0, now: 0 }
  for (const p of plans) sources[p.source]++
  return { recipients: plans.length, spread: spreadByHour(plans), sources }
}

/** What planning needs from the store (a store bound to the start's transaction). */
export interface SendTimeStore {
  activityHistograms(contacts: { sql: string; params: unknown[] }, timeZone: string, now: Date): Promise<ActivityHistograms>
  frozenContacts(campaignId: string): Promise<{ id: string; contact_id: string; seq: number }[]>
  setPlannedTimes(campaignId: string, plans: { id: string; planned_at: Date }[]): Promise<void>
  audienceContactIds(campaign: { segment_rules: unknown; retarget: unknown }, now: Date): Promise<string[]>
}

/** The campaign's send_time, or null when it sends now (absent, or not a valid spec). */
export function sendTimeOf(c: { send_time?: unknown }): SendTime | null {
  const r = SendTimeSchema.safeParse(c.send_time)
  return r.success && r.data.mode === "best_hour" ? r.data : null
}

/**
 * At freeze, in the start's transaction: each queued recipient's planned_at, written with
 * not_before and seq in planned order. Returns the summary (also what the wizard previewed).
 */
export async function planFrozenAudience(store: SendTimeStore, campaignId: string, o: PlanOptions) {
  const rows = await store.frozenContacts(campaignId)
  const h = await store.activityHistograms(
    { sql: `SELECT contact_id FROM whatsapp_campaign_recipient WHERE campaign_id = ? AND deleted_at IS NULL`, params: [campaignId] },
    o.timezone,
    o.now
  )
  const plans = planContacts(
    rows.map((r) => r.contact_id),
    h,
    o
  )
  const order = rows.map((r, i) => ({ id: r.id, seq: r.seq, planned_at: plans[i].planned_at }))
  order.sort((a, b) => a.planned_at.getTime() - b.planned_at.getTime() || a.seq - b.seq)
  await store.setPlannedTimes(campaignId, order)
  return summarise(plans)
}

/** The wizard's preview: the spread the audience would get if the campaign started now. */
export async function previewSendTimes(store: SendTimeStore, audience: { segment_rules: unknown; retarget: unknown }, o: PlanOptions) {
  const ids = await store.audienceContactIds(audience, o.now)
  const h = await store.activityHistograms({ sql: `SELECT unnest(?::text[])`, params: [ids] }, o.timezone, o.now)
  return { ...summarise(planContacts(ids, h, o)), window_hours: o.window_hours, timezone: o.timezone }
}
