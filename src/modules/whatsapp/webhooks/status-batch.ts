/**
 * Status webhooks applied set-based: a campaign send brings ~3 status events, so they are most of
 * what a busy store receives. Instead of one SELECT … FOR UPDATE and one UPDATE per status, a
 * batch of receipts locks every message it touches in one statement, folds the statuses in memory
 * (foldStatuses, pure: the same monotonic rules as applying them one by one) and writes each
 * changed message once with one UPDATE … FROM jsonb_to_recordset.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { decodeCallbackData } from "../domain/callback-data"
import { applyStatus, isMessageStatus, type MessageStatus } from "../domain/status"
import type { StatusObject, WebhookContact } from "../channels/cloud-api/types"

/** The statuses a webhook reports and the column that records when each first happened. */
export const STATUS_TIME_COLUMN = {
  sent: "sent_at",
  delivered: "delivered_at",
  read: "read_at",
  failed: "failed_at",
} as const
type TimeColumn = (typeof STATUS_TIME_COLUMN)[keyof typeof STATUS_TIME_COLUMN]

/** A status event as it sits in one receipt. */
export interface IncomingStatus {
  receiptId: string
  status: StatusObject
  /** The `contacts` of the webhook value it came in (usernames, BSUIDs of its recipients). */
  contacts?: WebhookContact[]
}

/** The outbound message row a status applies to, as locked. */
export interface MessageRow {
  id: string
  status: MessageStatus
  wamid: string | null
  contact_id: string | null
}

/** One message's single write: only the fields the statuses set. */
export interface MessageUpdate {
  id: string
  status: MessageStatus
  wamid: string | null
  sent_at: string | null
  delivered_at: string | null
  read_at: string | null
  failed_at: string | null
  error_code: number | null
  error_title: string | null
  error_details: string | null
  category: string | null
  pricing: unknown
}

export interface FoldResult {
  updates: MessageUpdate[]
  events: { receiptId: string; name: string; data: Record<string, unknown> }[]
  /** Statuses whose message we do not know (yet), per receipt: that receipt is retried later. */
  unmatched: Map<string, number>
  /** Meta's 131050 (the user stopped marketing): consent revoked for these contacts. */
  revocations: { receiptId: string; contactId: string; at: Date }[]
  /** Statuses with a BSUID (`recipient_user_id`): they may complete their message's contact. */
  identities: { receiptId: string; status: StatusObject; contactId: string; contacts?: WebhookContact[] }[]
}

/** A status we apply: a string id and one of the statuses that has a time column. */
export function isApplicableStatus(s: unknown): s is StatusObject {
  const o = s as StatusObject | null
  return !!o && typeof o.id === "string" && isMessageStatus(o.status) && Object.prototype.hasOwnProperty.call(STATUS_TIME_COLUMN, o.status)
}

// Timestamps were checked and clamped by validate.ts; this only converts.
export const unixToDate = (ts: string | number | undefined): Date => {
  const n = Number(ts)
  return Number.isFinite(n) && n > 0 ? new Date(n * 1000) : new Date()
}

/** Which keys to lock: every wamid and every message id our callback data names. */
export function lookupKeys(statuses: IncomingStatus[]): { wamids: string[]; ids: string[] } {
  const wamids = new Set<string>()
  const ids = new Set<string>()
  for (const { status } of statuses) {
    wamids.add(status.id)
    const ours = decodeCallbackData(status.biz_opaque_callback_data)
    if (ours?.message_id) ids.add(ours.message_id)
  }
  return { wamids: [...wamids], ids: [...ids] }
}

/**
 * Applies the statuses in order to the locked rows, exactly as one-by-one application would:
 * status by rank (applyStatus), each time column set once (the first report wins), the wamid set
 * if we had none, errors / category / pricing from the latest report that carries them.
 */
export function foldStatuses(statuses: IncomingStatus[], rows: MessageRow[]): FoldResult {
  const byWamid = new Map<string, MessageRow>()
  const byId = new Map<string, MessageRow>()
  for (const r of rows) {
    byId.set(r.id, r)
    if (r.wamid) byWamid.set(r.wamid, r)
  }
  const updates = new Map<string, MessageUpdate>()
  const out: FoldResult = { updates: [], events: [], unmatched: new Map(), revocations: [], identities: [] }
  for (const { receiptId, status: s, contacts } of statuses) {
    const ours = decodeCallbackData(s.biz_opaque_callback_data)
    // A wamid match wins over our callback data's message id, as in the one-by-one path.
    const row = byWamid.get(s.id) ?? (ours?.message_id ? byId.get(ours.message_id) : undefined)
    if (!row) {
      out.unmatched.set(receiptId, (out.unmatched.get(receiptId) ?? 0) + 1)
      continue
    }
    let u = updates.get(row.id)
    if (!u) {
      u = {
        id: row.id,
        status: row.status,
        wamid: null,
        sent_at: null,
        delivered_at: null,
        read_at: null,
        failed_at: null,
        error_code: null,
        error_title: null,
        error_details: null,
        category: null,
        pricing: null,
      }
      updates.set(row.id, u)
    }
    const incoming = s.status as MessageStatus
    const next = applyStatus(u.status, incoming)
    u.status = next.status
    const at = unixToDate(s.timestamp)
    if (!row.wamid && !u.wamid) u.wamid = s.id
    const column: TimeColumn = STATUS_TIME_COLUMN[incoming as keyof typeof STATUS_TIME_COLUMN]
    if (!u[column]) u[column] = at.toISOString()
    const error = s.errors?.[0]
    if (error?.code != null) u.error_code = Number(error.code)
    if (error?.title) u.error_title = error.title
    const details = error?.error_data?.details ?? error?.message
    if (details) u.error_details = details
    if (s.pricing?.category) u.category = s.pricing.category
    if (s.pricing) u.pricing = s.pricing
    if (next.changed) {
      out.events.push({
        receiptId,
        name: "whatsapp.message.status_updated",
        data: { id: row.id, wamid: s.id, status: next.status, error_code: error?.code ?? null, campaign_id: ours?.campaign_id ?? null },
      })
    }
    // The user told Meta to stop marketing: that is consent revoked, whatever we had recorded.
    if (incoming === "failed" && error?.code === 131050 && row.contact_id) out.revocations.push({ receiptId, contactId: row.contact_id, at })
    if (s.recipient_user_id && row.contact_id) out.identities.push({ receiptId, status: s, contactId: row.contact_id, contacts })
  }
  out.updates = [...updates.values()]
  return out
}

/** Locks every message the statuses may touch, in id order so two batches never deadlock. */
export async function lockMessages(trx: Knex.Transaction, statuses: IncomingStatus[]): Promise<MessageRow[]> {
  const { wamids, ids } = lookupKeys(statuses)
  if (!wamids.length && !ids.length) return []
  const { rows } = await trx.raw(
    `SELECT id, status, wamid, contact_id FROM whatsapp_message
     WHERE deleted_at IS NULL AND direction = 'outbound' AND (wamid = ANY(?::text[]) OR id = ANY(?::text[]))
     ORDER BY id FOR UPDATE`,
    [wamids, ids]
  )
  return rows
}

/** One UPDATE for every changed message; COALESCE keeps what the row already had where it should. */
export async function writeMessageUpdates(trx: Knex.Transaction, updates: MessageUpdate[]): Promise<void> {
  if (!updates.length) return
  await trx.raw(
    `UPDATE whatsapp_message m SET
       status = v.status,
       wamid = COALESCE(m.wamid, v.wamid),
       sent_at = COALESCE(m.sent_at, v.sent_at),
       delivered_at = COALESCE(m.delivered_at, v.delivered_at),
       read_at = COALESCE(m.read_at, v.read_at),
       failed_at = COALESCE(m.failed_at, v.failed_at),
       error_code = COALESCE(v.error_code, m.error_code),
       error_title = COALESCE(v.error_title, m.error_title),
       error_details = COALESCE(v.error_details, m.error_details),
       category = COALESCE(v.category, m.category),
       pricing = COALESCE(v.pricing, m.pricing),
       updated_at = now()
     FROM jsonb_to_recordset(?::jsonb) AS v(id text, status text, wamid text, sent_at timestamptz, delivered_at timestamptz,
       read_at timestamptz, failed_at timestamptz, error_code int, error_title text, error_details text, category text, pricing jsonb)
     WHERE m.id = v.id`,
    // Absent keys are NULL in the record; a JSON null would become a jsonb 'null' for pricing.
    [JSON.stringify(updates.map((u) => Object.fromEntries(Object.entries(u).filter(([, v]) => v !== null))))]
  )
}
