/**
 * The SQL on contacts and their messages that campaigns read and write: the messaging tier's
 * usage, recent marketing per contact (the frequency cap), and consent revoked by an error.
 */
import { changeConsent } from "../../consent/consent"
import type { Db } from "../../db"

/** Serializes tier checks across campaigns and workers, until db's transaction ends. */
export async function lockMessagingTier(db: Db): Promise<void> {
  await db.raw(`SELECT pg_advisory_xact_lock(hashtext('whatsapp:messaging-tier'))`)
}

/** Unique users reached by business-initiated (template) messages in the last 24 h, all sources. */
export async function tierUsage(db: Db, now: Date): Promise<{ reached: number; oldest: Date | null }> {
  // Recipients claimed but not yet recorded as messages count too (they are about to be reached).
  const { rows } = await db.raw(
    `SELECT count(*)::int AS reached, min(last_at) AS oldest FROM (
       SELECT contact_id, max(at) AS last_at FROM (
         SELECT contact_id, created_at AS at FROM whatsapp_message
         WHERE direction = 'outbound' AND type = 'template' AND status <> 'failed' AND deleted_at IS NULL
           AND created_at > ?::timestamptz - interval '24 hours' AND contact_id IS NOT NULL
         UNION ALL
         SELECT contact_id, claimed_at FROM whatsapp_campaign_recipient WHERE status = 'sending' AND deleted_at IS NULL
       ) u GROUP BY contact_id) x`,
    [now]
  )
  return { reached: rows[0].reached, oldest: rows[0].oldest }
}

/** Marketing messages per contact in the last `days`, excluding this campaign's own. */
export async function recentMarketingCounts(db: Db, contactIds: string[], days: number, campaignId: string, now: Date): Promise<Map<string, number>> {
  if (!contactIds.length) return new Map()
  const { rows } = await db.raw(
    `SELECT contact_id, count(*)::int AS n FROM whatsapp_message
     WHERE contact_id = ANY(?) AND direction = 'outbound' AND category = 'marketing' AND status <> 'failed' AND deleted_at IS NULL
       AND created_at > ?::timestamptz - make_interval(days => ?) AND idempotency_key NOT LIKE ?
     GROUP BY contact_id`,
    [contactIds, now, days, `campaign:${campaignId}:%`]
  )
  return new Map(rows.map((r: { contact_id: string; n: number }) => [r.contact_id, r.n]))
}

export async function setMarketingConsentRevoked(db: Db, contactIds: string[], source: string): Promise<void> {
  // Through the consent ledger: state and event together, one contact at a time.
  if (!contactIds.length) return
  const { rows } = await db.raw(`SELECT id FROM whatsapp_contact WHERE id = ANY(?) AND deleted_at IS NULL AND marketing_consent <> 'revoked'`, [contactIds])
  for (const { id: contact_id } of rows as { id: string }[]) {
    await changeConsent(db, { contact_id, purpose: "marketing", state: "revoked", source: "whatsapp_error", actor: { type: "system" }, detail: source })
  }
}
