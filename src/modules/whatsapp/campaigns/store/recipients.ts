/**
 * The SQL on a campaign's recipients (whatsapp_campaign_recipient) and their message rows.
 * Postgres is the source of truth for exactly-once: a recipient row is unique per (campaign,
 * contact); claiming uses FOR UPDATE SKIP LOCKED so several workers never take the same one; the
 * message row is keyed `campaign:<campaign_id>:<contact_id>`.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { entityId } from "../../domain/ids"
import { SEGMENT_BASE_SQL } from "../../segmentation/queries"
import { compileSegmentRules, type SegmentRule } from "../../domain/segment-rules"
import type { Db } from "../../db"
import { customers } from "../../medusa-tables"
import type { CampaignRow } from "./campaigns"

export const recipientKey = (campaignId: string, contactId: string) => `campaign:${campaignId}:${contactId}`

/**
 * The contacts a campaign would reach before the consent filter: the parent campaign's
 * non-readers / non-repliers for a retarget, the segment's contacts, or every contact.
 */
export function audienceSource(campaign: Pick<CampaignRow, "segment_rules" | "retarget">, now: Date): { source: string; params: unknown[] } {
  const params: unknown[] = []
  let source: string
  const retarget = campaign.retarget as { parent_campaign_id?: string; criterion?: string } | null
  if (retarget?.parent_campaign_id) {
    const criterion = retarget.criterion === "not_replied" ? "not_replied" : "not_read"
    source = `SELECT ct.* FROM whatsapp_campaign_recipient pr
      JOIN whatsapp_contact ct ON ct.id = pr.contact_id AND ct.deleted_at IS NULL
      LEFT JOIN whatsapp_message pm ON pm.id = pr.message_id
      WHERE pr.campaign_id = ? AND pr.status = 'sent' AND pr.deleted_at IS NULL AND ${
        criterion === "not_read"
          ? "pm.read_at IS NULL"
          : `NOT EXISTS (SELECT 1 FROM whatsapp_message im WHERE im.contact_id = pr.contact_id AND im.direction = 'inbound'
               AND im.created_at >= pr.sent_at AND im.deleted_at IS NULL)`
      }`
    params.push(retarget.parent_campaign_id)
  } else if (campaign.segment_rules) {
    const where = compileSegmentRules(campaign.segment_rules as SegmentRule, now)
    source = `SELECT ct.* FROM whatsapp_contact ct WHERE ct.deleted_at IS NULL AND ct.customer_id IN (
      SELECT s.customer_id FROM ${SEGMENT_BASE_SQL} WHERE ${where.sql})`
    params.push(...where.params)
  } else {
    // No segment: every contact (the consent filter still applies).
    source = `SELECT ct.* FROM whatsapp_contact ct WHERE ct.deleted_at IS NULL`
  }
  return { source, params }
}

/**
 * Freezes the audience: one INSERT … SELECT of every contact with marketing consent in the
 * segment (or the parent campaign's non-readers / non-repliers for a retarget), numbered by `seq`.
 * Runs inside the start transition, so a crash leaves either no recipients or all of them.
 */
export async function freezeAudience(db: Db, campaign: CampaignRow, now: Date): Promise<number> {
  const { source, params: sourceParams } = audienceSource(campaign, now)
  const params: unknown[] = [campaign.id, campaign.id, ...sourceParams]
  const { rowCount } = await db.raw(
    `INSERT INTO whatsapp_campaign_recipient (id, campaign_id, contact_id, customer_id, wa_id, seq, idempotency_key, status)
     SELECT 'wacrc_' || replace(gen_random_uuid()::text, '-', ''), ?, a.id, a.customer_id, a.wa_id,
       row_number() OVER (ORDER BY a.id), 'campaign:' || ? || ':' || a.id, 'queued'
     FROM (${source}) a WHERE a.marketing_consent = 'granted'
     ON CONFLICT DO NOTHING`,
    params as Knex.RawBinding[]
  )
  return rowCount ?? 0
}

/** The consented contacts freezeAudience would take now, by id. */
export async function audienceContactIds(db: Db, campaign: Pick<CampaignRow, "segment_rules" | "retarget">, now: Date): Promise<string[]> {
  const { source, params } = audienceSource(campaign, now)
  const { rows } = await db.raw(`SELECT a.id FROM (${source}) a WHERE a.marketing_consent = 'granted' ORDER BY a.id`, params as Knex.RawBinding[])
  return rows.map((r: { id: string }) => r.id)
}

export interface ClaimedRecipient {
  id: string
  contact_id: string
  customer_id: string | null
  /** The phone, when known; else the send goes to user_id (`recipient`). */
  wa_id: string | null
  user_id: string | null
  seq: number
  attempts: number
  idempotency_key: string
  marketing_consent: string
  last_inbound_at: Date | null
  last_outbound_at: Date | null
  timezone: string | null
  first_name: string | null
  last_name: string | null
  email: string | null
}

// The contact's current phone and BSUID: a BSUID-only recipient may have shown its phone since
// the audience was frozen, and a BSUID may have rotated.
const CLAIM_RETURNING = `SELECT u.id, u.contact_id, u.customer_id, COALESCE(ct.wa_id, u.wa_id) AS wa_id, ct.user_id, u.seq, u.attempts, u.idempotency_key,
    ct.marketing_consent, ct.last_inbound_at, ct.last_outbound_at, ct.metadata->>'timezone' AS timezone,
    cu.first_name, cu.last_name, cu.email
  FROM u JOIN whatsapp_contact ct ON ct.id = u.contact_id
  LEFT JOIN ${customers({ withDeleted: true })} cu ON cu.id = u.customer_id
  ORDER BY u.seq`

/**
 * Claims up to `limit` recipients. Fresh ones are read by keyset after the checkpoint, so the scan
 * starts where the last claim ended instead of walking the index entries every earlier claim left
 * behind (at 100k recipients that walk was the single largest Postgres cost). Recipients behind
 * the checkpoint (deferred, retried, released at a pause, or skipped while locked) are claimed
 * first when `behind` is set; the pipeline does that every few seconds and when nothing fresh is
 * left. Contact facts are read in the same statement, so the consent used is the one committed at
 * claim time.
 */
export async function claimBatch(
  db: Db,
  campaignId: string,
  workerId: string,
  limit: number,
  now: Date,
  { behind = true }: { behind?: boolean } = {}
): Promise<ClaimedRecipient[]> {
  // Due only: a deferral, a retry and a best-hour planned time all live in not_before, for fresh
  // recipients as for those behind the checkpoint (a best-hour audience is numbered in time order).
  const pick = (where: string) => `SELECT id, seq FROM whatsapp_campaign_recipient
       WHERE campaign_id = ? AND status = 'queued' AND deleted_at IS NULL AND ${where} AND (not_before IS NULL OR not_before <= ?)
       ORDER BY seq LIMIT ? FOR UPDATE SKIP LOCKED`
  const checkpoint = `(SELECT checkpoint_seq FROM whatsapp_campaign WHERE id = ?)`
  const { rows } = await db.raw(
    `WITH ${
      behind
        ? `b AS (${pick(`seq <= ${checkpoint}`)}),
       f AS (${pick(`seq > ${checkpoint}`)}),
       c AS (SELECT id, seq FROM b UNION ALL (SELECT id, seq FROM f ORDER BY seq LIMIT GREATEST(0, ? - (SELECT count(*) FROM b))))`
        : `c AS (${pick(`seq > ${checkpoint}`)})`
    }, u AS (
       UPDATE whatsapp_campaign_recipient r SET status = 'sending', claimed_by = ?, claimed_at = ?, attempts = r.attempts + 1,
         not_before = NULL, updated_at = now()
       FROM c WHERE r.id = c.id RETURNING r.*
     ), cp AS (
       UPDATE whatsapp_campaign SET checkpoint_seq = GREATEST(checkpoint_seq, (SELECT max(seq) FROM u))
       WHERE id = ? AND EXISTS (SELECT 1 FROM u)
     )
     ${CLAIM_RETURNING}`,
    [
      ...(behind ? [campaignId, campaignId, now, limit, campaignId, campaignId, now, limit, limit] : [campaignId, campaignId, now, limit]),
      workerId,
      now,
      campaignId,
    ]
  )
  return rows
}

/**
 * Recipients claimed by a worker that died (lease expired). The message row tells what happened:
 * a status webhook (matched by our id in biz_opaque_callback_data) proves it was sent; a failed
 * row is failed; a row still pending after the lease was never accepted, so it goes back to the
 * queue with the same message row and key.
 */
export async function recoverExpiredClaims(
  db: Db,
  campaignId: string,
  leaseMs: number,
  now: Date
): Promise<{ sent: number; failed: number; requeued: number }> {
  const { rows } = await db.raw(
    `WITH x AS (
       SELECT r.id, m.id AS message_id, m.status AS message_status, m.error_code, m.error_title
       FROM whatsapp_campaign_recipient r
       LEFT JOIN whatsapp_message m ON m.idempotency_key = r.idempotency_key AND m.deleted_at IS NULL
       WHERE r.campaign_id = ? AND r.status = 'sending' AND r.claimed_at < ? AND r.deleted_at IS NULL
       FOR UPDATE OF r SKIP LOCKED
     )
     UPDATE whatsapp_campaign_recipient r SET
       status = CASE WHEN x.message_status IN ('accepted', 'sent', 'delivered', 'read') THEN 'sent'
                     WHEN x.message_status = 'failed' THEN 'failed' ELSE 'queued' END,
       message_id = COALESCE(x.message_id, r.message_id),
       sent_at = CASE WHEN x.message_status IN ('accepted', 'sent', 'delivered', 'read') THEN COALESCE(r.sent_at, ?) ELSE r.sent_at END,
       reason = CASE WHEN x.message_status = 'failed' THEN COALESCE(x.error_code::text || ': ', '') || COALESCE(x.error_title, 'failed')
                     WHEN x.message_status IN ('accepted', 'sent', 'delivered', 'read') THEN 'recovered: status webhook after a crash'
                     ELSE 'recovered: requeued after a crash' END,
       claimed_by = NULL, updated_at = now()
     FROM x WHERE r.id = x.id RETURNING r.status`,
    [campaignId, new Date(now.getTime() - leaseMs), now]
  )
  const count = (s: string) => rows.filter((r: { status: string }) => r.status === s).length
  return { sent: count("sent"), failed: count("failed"), requeued: count("queued") }
}

/** A message to be sent to a claimed recipient: its idempotency key and the rendered request. */
export interface NewPendingMessage {
  key: string
  contact_id: string
  wa_id: string | null
  user_id?: string | null
  customer_id: string | null
  request: any
  campaign_id: string
}

/** A message row as the send loop needs it; status other than 'pending' means it was sent before. */
export interface PendingMessage {
  id: string
  status: string
  wamid: string | null
  contact_id: string
}

/** Inserts the pending message rows for a batch (row first, then the API call); returns them by key. */
export async function insertPendingMessages(db: Db, rows: NewPendingMessage[]): Promise<Map<string, PendingMessage>> {
  if (!rows.length) return new Map()
  const json = JSON.stringify(
    rows.map((r) => ({
      id: entityId("wamsg"),
      key: r.key,
      contact_id: r.contact_id,
      wa_id: r.wa_id,
      user_id: r.user_id ?? null,
      customer_id: r.customer_id,
      type: r.request.type,
      template_name: r.request.template?.name ?? null,
      template_language: r.request.template?.language?.code ?? null,
      template_parameters: r.request.template?.components ?? null,
      text: r.request.text?.body ?? null,
      payload: r.request,
      metadata: { campaign_id: r.campaign_id },
    }))
  )
  const { rows: inserted } = await db.raw(
    `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, user_id, customer_id, type, template_name,
       template_language, template_parameters, text, payload, status, source, metadata, category)
     SELECT x.id, x.key, 'outbound', x.contact_id, x.wa_id, x.user_id, x.customer_id, x.type, x.template_name, x.template_language,
       x.template_parameters, x.text, x.payload, 'pending', 'campaign', x.metadata, CASE WHEN x.type = 'template' THEN 'marketing' ELSE 'service' END
     FROM jsonb_to_recordset(?::jsonb) AS x(id text, key text, contact_id text, wa_id text, user_id text, customer_id text, type text,
       template_name text, template_language text, template_parameters jsonb, text text, payload jsonb, metadata jsonb)
     ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id, idempotency_key, status, wamid, contact_id`,
    [json]
  )
  const byKey = new Map<string, PendingMessage>(
    inserted.map((f: { idempotency_key: string; id: string; status: string; wamid: string | null; contact_id: string }) => [f.idempotency_key, f])
  )
  // Rows that already existed (a retry, or a batch re-run after a crash) are read as they are.
  const existing = rows.filter((r) => !byKey.has(r.key)).map((r) => r.key)
  if (existing.length) {
    const { rows: found } = await db.raw(
      `SELECT id, idempotency_key, status, wamid, contact_id FROM whatsapp_message WHERE idempotency_key = ANY(?) AND deleted_at IS NULL`,
      [existing]
    )
    for (const f of found) byKey.set(f.idempotency_key, f)
  }
  return byKey
}

export interface SendRecord {
  recipient_id: string
  message_id: string | null
  contact_id: string
  /** sent | failed | skipped | queued (deferred / retry) */
  status: "sent" | "failed" | "skipped" | "queued"
  reason: string | null
  not_before: Date | null
  wamid?: string | null
  /** Accepted with message_status held_for_quality_assessment: noted on the message's metadata. */
  held?: boolean
  error?: { code: number | null; title: string; details: string | null; final: boolean } | null
}

/** Records a batch's outcomes in three statements: messages accepted, messages failed, recipients. */
export async function recordBatch(db: Db, records: SendRecord[], now: Date): Promise<void> {
  if (!records.length) return
  const accepted = records.filter((r) => r.status === "sent" && r.wamid && r.message_id)
  const errored = records.filter((r) => r.error && r.message_id)
  await db.transaction(async (trx) => {
    if (accepted.length) {
      await trx.raw(
        `UPDATE whatsapp_message m SET wamid = COALESCE(m.wamid, v.wamid), attempts = m.attempts + 1, accepted_at = ?,
           status = CASE WHEN m.status = 'pending' THEN 'accepted' ELSE m.status END, updated_at = now(),
           metadata = CASE WHEN v.held THEN COALESCE(m.metadata, '{}'::jsonb) || '{"held_for_quality_assessment": true}'::jsonb ELSE m.metadata END
         FROM (SELECT unnest(?::text[]) AS id, unnest(?::text[]) AS wamid, unnest(?::boolean[]) AS held) v WHERE m.id = v.id`,
        [now, accepted.map((r) => r.message_id), accepted.map((r) => r.wamid), accepted.map((r) => !!r.held)] as Knex.RawBinding[]
      )
      await trx.raw(`UPDATE whatsapp_contact SET last_outbound_at = ? WHERE id = ANY(?)`, [now, accepted.map((r) => r.contact_id)])
    }
    if (errored.length) {
      await trx.raw(
        `UPDATE whatsapp_message m SET attempts = m.attempts + 1, error_code = v.code, error_title = v.title, error_details = v.details,
           status = CASE WHEN v.final THEN 'failed' ELSE m.status END, failed_at = CASE WHEN v.final THEN ?::timestamptz ELSE m.failed_at END,
           updated_at = now()
         FROM jsonb_to_recordset(?::jsonb) AS v(id text, code int, title text, details text, final boolean) WHERE m.id = v.id`,
        [now, JSON.stringify(errored.map((r) => ({ id: r.message_id, ...r.error })))]
      )
    }
    await trx.raw(
      `UPDATE whatsapp_campaign_recipient r SET status = v.status, reason = v.reason, not_before = v.not_before,
         message_id = COALESCE(v.message_id, r.message_id), sent_at = CASE WHEN v.status = 'sent' THEN ?::timestamptz ELSE r.sent_at END,
         claimed_by = CASE WHEN v.status = 'queued' THEN NULL ELSE r.claimed_by END,
         attempts = CASE WHEN v.uncount THEN r.attempts - 1 ELSE r.attempts END, updated_at = now()
       FROM jsonb_to_recordset(?::jsonb) AS v(id text, status text, reason text, not_before timestamptz, message_id text, uncount boolean)
       WHERE r.id = v.id AND r.status = 'sending'`,
      [
        now,
        JSON.stringify(
          records.map((r) => ({
            id: r.recipient_id,
            status: r.status,
            reason: r.reason,
            not_before: r.not_before,
            message_id: r.message_id,
            // A deferral (quiet hours, pair rate, released at pause) is not an attempt.
            uncount: r.status === "queued" && !r.error,
          }))
        ),
      ]
    )
  })
}

/** What is left: due now, deferred (earliest time), or claimed by someone. */
export async function remaining(db: Db, campaignId: string, now: Date): Promise<{ due: number; deferred: number; next_at: Date | null; sending: number }> {
  const { rows } = await db.raw(
    `SELECT count(*) FILTER (WHERE status = 'queued' AND (not_before IS NULL OR not_before <= ?))::int AS due,
       count(*) FILTER (WHERE status = 'queued' AND not_before > ?)::int AS deferred,
       min(not_before) FILTER (WHERE status = 'queued' AND not_before > ?) AS next_at,
       count(*) FILTER (WHERE status = 'sending')::int AS sending
     FROM whatsapp_campaign_recipient WHERE campaign_id = ? AND status IN ('queued', 'sending') AND deleted_at IS NULL`,
    [now, now, now, campaignId]
  )
  return rows[0]
}

/** A canceled campaign's queued recipients are skipped (claimed ones finish their send). */
export async function skipQueuedRecipients(db: Db, campaignId: string): Promise<void> {
  await db.raw(
    `UPDATE whatsapp_campaign_recipient SET status = 'skipped', reason = 'campaign_canceled', updated_at = now()
     WHERE campaign_id = ? AND status = 'queued'`,
    [campaignId]
  )
}

/**
 * Deletes the queued recipients (an undone start; deleted, not soft-deleted: the next start
 * freezes again and (campaign, contact) is unique) and returns how many rows are left, i.e.
 * taken by a worker. In a transaction the DELETE locks the queued rows, so a worker's SKIP
 * LOCKED claim cannot take them meanwhile.
 */
export async function deleteQueuedRecipients(db: Db, campaignId: string): Promise<number> {
  await db.raw(`DELETE FROM whatsapp_campaign_recipient WHERE campaign_id = ? AND status = 'queued'`, [campaignId])
  return (await db.raw(`SELECT count(*)::int AS n FROM whatsapp_campaign_recipient WHERE campaign_id = ?`, [campaignId])).rows[0].n
}
