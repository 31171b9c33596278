/**
 * The SQL behind best-hour sends: each contact's own activity by local hour (reads of our
 * messages, and their inbound messages), the store's histogram over every contact, and writing
 * the planned times onto a frozen audience.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Db } from "../../db"

/** How far back activity counts. */
export const SEND_TIME_LOOKBACK_DAYS = 180

export interface ActivityHistograms {
  /** contact id → 24 counts (local hour). Contacts with no activity are absent. */
  customers: Map<string, number[]>
  /** Every contact's activity, 24 counts. */
  store: number[]
}

const EVENTS = `SELECT m.contact_id, m.read_at AS at FROM whatsapp_message m
    WHERE m.direction = 'outbound' AND m.read_at >= ? AND m.deleted_at IS NULL
  UNION ALL
  SELECT m.contact_id, m.created_at AS at FROM whatsapp_message m
    WHERE m.direction = 'inbound' AND m.created_at >= ? AND m.deleted_at IS NULL`

/**
 * Histograms in `timeZone` for the contacts `contacts` selects (SQL returning one column of
 * contact ids, with its bindings), and for the whole store.
 */
export async function activityHistograms(db: Db, contacts: { sql: string; params: unknown[] }, timeZone: string, now: Date): Promise<ActivityHistograms> {
  const since = new Date(now.getTime() - SEND_TIME_LOOKBACK_DAYS * 86_400_000)
  const [per, all] = await Promise.all([
    db.raw(
      `SELECT e.contact_id, extract(hour FROM (e.at AT TIME ZONE ?))::int AS h, count(*)::int AS n
       FROM (${EVENTS}) e WHERE e.contact_id IN (${contacts.sql}) GROUP BY 1, 2`,
      [timeZone, since, since, ...contacts.params] as Knex.RawBinding[]
    ),
    db.raw(`SELECT extract(hour FROM (e.at AT TIME ZONE ?))::int AS h, count(*)::int AS n FROM (${EVENTS}) e GROUP BY 1`, [timeZone, since, since]),
  ])
  const customers = new Map<string, number[]>()
  for (const r of per.rows as { contact_id: string; h: number; n: number }[]) {
    let h = customers.get(r.contact_id)
    if (!h) customers.set(r.contact_id, (h = new Array(24).fill(0)))
    h[r.h] = r.n
  }
  const store = new Array(24).fill(0)
  for (const r of all.rows as { h: number; n: number }[]) store[r.h] = r.n
  return { customers, store }
}

/** A frozen recipient's contact, for planning. */
export async function frozenContacts(db: Db, campaignId: string): Promise<{ id: string; contact_id: string; seq: number }[]> {
  const { rows } = await db.raw(
    `SELECT id, contact_id, seq FROM whatsapp_campaign_recipient WHERE campaign_id = ? AND status = 'queued' AND deleted_at IS NULL ORDER BY seq`,
    [campaignId]
  )
  return rows
}

/**
 * Writes planned_at (and not_before, which the claim waits for) and renumbers seq in planned
 * order, so the keyset claim meets recipients as they fall due.
 */
export async function setPlannedTimes(db: Db, campaignId: string, plans: { id: string; planned_at: Date }[]): Promise<void> {
  if (!plans.length) return
  await db.raw(
    `UPDATE whatsapp_campaign_recipient r SET planned_at = v.at, not_before = v.at, seq = v.seq, updated_at = now()
     FROM (SELECT unnest(?::text[]) AS id, unnest(?::timestamptz[]) AS at, unnest(?::int[]) AS seq) v
     WHERE r.id = v.id AND r.campaign_id = ?`,
    [plans.map((p) => p.id), plans.map((p) => p.planned_at.toISOString()), plans.map((_, i) => i + 1), campaignId] as Knex.RawBinding[]
  )
}
