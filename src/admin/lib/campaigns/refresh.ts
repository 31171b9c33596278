/**
 * How often the campaign page asks the server again. Reads, replies, clicks and attributed orders
 * keep arriving after sending ends, for as long as the attribution window is open; stopping at
 * "completed" showed Read 0 / Replied 0 until a reload.
 */
import { TERMINAL_STATES, type CampaignState } from "../../../shared/campaigns"

export const LIVE_REFRESH_MS = 2500
export const SCHEDULED_REFRESH_MS = 15_000
export const AFTER_END_REFRESH_MS = 15_000
const DAY_MS = 24 * 60 * 60 * 1000

type Refreshable = {
  status: CampaignState
  frozen_at: string | null
  finished_at: string | null
  attribution_window_days: number | null
}

/** The instant after which nothing more is attributed to the campaign; null before it has ended (or when it never sent). */
export function attributionClosesAt(c: Refreshable): Date | null {
  if (!TERMINAL_STATES.includes(c.status) || !c.frozen_at || !c.finished_at) return null
  const end = new Date(c.finished_at).getTime()
  if (Number.isNaN(end)) return null
  return new Date(end + Math.max(0, c.attribution_window_days ?? 7) * DAY_MS)
}

/** Milliseconds until the next refetch, or false for none. */
export function campaignRefreshInterval(c: Refreshable | null | undefined, now: Date): number | false {
  if (!c) return false
  if (c.status === "running") return LIVE_REFRESH_MS
  if (c.status === "scheduled") return SCHEDULED_REFRESH_MS
  const closes = attributionClosesAt(c)
  if (closes && now.getTime() < closes.getTime()) return AFTER_END_REFRESH_MS
  return false
}
