/** Conversations and the inbox: the waiting clock, response times, away messages, assignment. */
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"

/** A customer wrote: open (or reopen) their conversation and start the waiting clock. */
export async function trackInbound(db: Db, contact_id: string, customer_id: string | null, at: Date, phone_number_id: string | null = null) {
  const { rows } = await db.raw(
    `INSERT INTO whatsapp_conversation (id, contact_id, customer_id, status, waiting_since, last_inbound_at, phone_number_id)
     VALUES (?, ?, ?, 'open', ?, ?, ?)
     ON CONFLICT (contact_id) WHERE deleted_at IS NULL DO UPDATE SET
       customer_id = COALESCE(EXCLUDED.customer_id, whatsapp_conversation.customer_id),
       status = 'open',
       handover = CASE WHEN whatsapp_conversation.status = 'resolved' THEN false ELSE whatsapp_conversation.handover END,
       waiting_since = COALESCE(whatsapp_conversation.waiting_since, EXCLUDED.waiting_since),
       last_inbound_at = GREATEST(whatsapp_conversation.last_inbound_at, EXCLUDED.last_inbound_at),
       phone_number_id = COALESCE(EXCLUDED.phone_number_id, whatsapp_conversation.phone_number_id),
       updated_at = now()
     RETURNING *`,
    [generateEntityId(undefined, "wacnv"), contact_id, customer_id, at, at, phone_number_id]
  )
  return rows[0]
}

/** Someone (a rule or an agent) answered: stop the waiting clock and record the response time. */
export async function markAnswered(db: Db, conversation_id: string, at: Date, fields: { handover?: boolean; away_sent_on?: string } = {}) {
  const { rows } = await db.raw(
    `UPDATE whatsapp_conversation SET
       last_response_ms = CASE WHEN waiting_since IS NULL THEN last_response_ms
         ELSE LEAST(2147483647, GREATEST(0, EXTRACT(EPOCH FROM (?::timestamptz - waiting_since)) * 1000))::int END,
       response_seconds_total = response_seconds_total + CASE WHEN waiting_since IS NULL THEN 0
         ELSE GREATEST(0, EXTRACT(EPOCH FROM (?::timestamptz - waiting_since)))::int END,
       response_count = response_count + CASE WHEN waiting_since IS NULL THEN 0 ELSE 1 END,
       waiting_since = NULL, last_reply_at = ?,
       handover = COALESCE(?, handover), away_sent_on = COALESCE(?, away_sent_on), updated_at = now()
     WHERE id = ? RETURNING *`,
    [at, at, at, fields.handover ?? null, fields.away_sent_on ?? null, conversation_id]
  )
  return rows[0]
}

/**
 * Claims the away message for (conversation, local day): true once per day, whatever
 * duplicates or concurrent messages do.
 */
export async function claimAwayMessage(db: Db, conversation_id: string, day: string): Promise<boolean> {
  const { rowCount } = await db.raw(
    `UPDATE whatsapp_conversation SET away_sent_on = ?, updated_at = now()
     WHERE id = ? AND away_sent_on IS DISTINCT FROM ?`,
    [day, conversation_id, day]
  )
  return !!rowCount
}

export async function setConversationState(db: Db, id: string, patch: { status?: "open" | "resolved"; handover?: boolean; assigned_to?: string | null }) {
  const { rows } = await db.raw(
    `UPDATE whatsapp_conversation SET status = COALESCE(?, status),
       handover = CASE WHEN ? = 'resolved' THEN false ELSE COALESCE(?, handover) END,
       assigned_to = CASE WHEN ? THEN ? ELSE assigned_to END,
       waiting_since = CASE WHEN ? = 'resolved' THEN NULL ELSE waiting_since END,
       updated_at = now()
     WHERE id = ? AND deleted_at IS NULL RETURNING *`,
    [patch.status ?? null, patch.status ?? null, patch.handover ?? null, "assigned_to" in patch, patch.assigned_to ?? null, patch.status ?? null, id]
  )
  return rows[0] ?? null
}

/**
 * The inbox: open conversations, VIP customers first, then whoever has waited longest;
 * `flagged` when the wait exceeds the merchant's limit.
 */
export async function listInbox(
  db: Db,
  now: Date,
  { flagAfterMinutes, limit = 50, offset = 0 }: { flagAfterMinutes: number; limit?: number; offset?: number }
) {
  const { rows } = await db.raw(
    `SELECT c.*, ct.wa_id, ct.user_id, ct.username, ct.profile_name, ct.marketing_consent,
       EXISTS (SELECT 1 FROM whatsapp_customer_tag x JOIN whatsapp_tag t ON t.id = x.tag_id
               WHERE x.customer_id = c.customer_id AND t.name = 'vip' AND x.deleted_at IS NULL AND t.deleted_at IS NULL) AS vip,
       (c.waiting_since IS NOT NULL AND c.waiting_since < ?::timestamptz - make_interval(mins => ?)) AS flagged,
       (SELECT text FROM whatsapp_message m WHERE m.contact_id = c.contact_id AND m.deleted_at IS NULL
         ORDER BY m.created_at DESC LIMIT 1) AS last_text
     FROM whatsapp_conversation c JOIN whatsapp_contact ct ON ct.id = c.contact_id
     WHERE c.status = 'open' AND c.deleted_at IS NULL
     ORDER BY vip DESC, c.waiting_since ASC NULLS LAST, c.last_inbound_at DESC
     LIMIT ? OFFSET ?`,
    [now, flagAfterMinutes, limit, offset]
  )
  return rows.map((r: any) => ({
    ...r,
    waiting_ms: r.waiting_since ? now.getTime() - new Date(r.waiting_since).getTime() : null,
  }))
}

/** The campaign a message was sent for (and its call-to-action payload), if any. */
export async function findCampaignOfMessage(db: Db, wamid: string): Promise<{ campaign_id: string; cta_payload: string | null } | null> {
  const { rows } = await db.raw(
    `SELECT m.metadata->>'campaign_id' AS campaign_id, c.cta->>'payload' AS cta_payload
       FROM whatsapp_message m LEFT JOIN whatsapp_campaign c ON c.id = m.metadata->>'campaign_id'
      WHERE m.wamid = ? AND m.direction = 'outbound' AND m.metadata->>'campaign_id' IS NOT NULL LIMIT 1`,
    [wamid]
  )
  return rows[0] ?? null
}
