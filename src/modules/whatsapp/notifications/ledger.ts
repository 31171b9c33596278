/**
 * The notification ledger (whatsapp_notification): one row per (event, resource) key, so each
 * notification is sent once however often Medusa redelivers the event.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"

export interface NotificationClaimInput {
  key: string
  event: string
  resource_id: string
  order_id?: string | null
  customer_id?: string | null
}

export interface NotificationResult {
  status: "sent" | "skipped" | "failed" | "pending"
  reason?: string | null
  message_id?: string | null
  template_name?: string
  template_language?: string
}

/**
 * Claims the right to send one notification. A fresh claim by someone else means "duplicate";
 * a claim left pending for minutes (a crash mid-send) can be taken over.
 */
export async function claimNotification(db: Db, input: NotificationClaimInput): Promise<{ claimed: boolean; id: string; status: string }> {
  const { rows } = await db.raw(
    `INSERT INTO whatsapp_notification (id, key, event, resource_id, order_id, customer_id, status)
     VALUES (?, ?, ?, ?, ?, ?, 'pending')
     ON CONFLICT (key) WHERE deleted_at IS NULL DO UPDATE SET updated_at = now()
       WHERE whatsapp_notification.status = 'pending' AND whatsapp_notification.updated_at < now() - interval '2 minutes'
     RETURNING id, status`,
    [generateEntityId(undefined, "wantf"), input.key, input.event, input.resource_id, input.order_id ?? null, input.customer_id ?? null]
  )
  if (rows.length) return { claimed: true, id: rows[0].id, status: rows[0].status }
  const existing = await db.raw(`SELECT id, status FROM whatsapp_notification WHERE key = ? AND deleted_at IS NULL`, [input.key])
  return { claimed: false, id: existing.rows[0].id, status: existing.rows[0].status }
}

/** Pending claims nobody has touched for a while: retryable failures or a crash mid-send. */
export async function listStaleNotifications(db: Db, { olderThanMinutes = 2, limit = 200 } = {}) {
  const { rows } = await db.raw(
    `SELECT id, event, resource_id, order_id FROM whatsapp_notification
     WHERE status = 'pending' AND deleted_at IS NULL AND updated_at < now() - make_interval(mins => ?)
     ORDER BY updated_at LIMIT ?`,
    [olderThanMinutes, limit]
  )
  return rows as { id: string; event: string; resource_id: string; order_id: string | null }[]
}

/** Compensation: give the claim back so a redelivered event can try again. */
export async function releaseNotification(db: Db, id: string) {
  await db.raw(`DELETE FROM whatsapp_notification WHERE id = ? AND status = 'pending'`, [id])
}

export async function completeNotification(db: Db, id: string, result: NotificationResult) {
  await db.raw(
    `UPDATE whatsapp_notification SET status = ?, reason = ?, message_id = COALESCE(?, message_id),
       template_name = COALESCE(?, template_name), template_language = COALESCE(?, template_language), updated_at = now()
     WHERE id = ?`,
    [result.status, result.reason ?? null, result.message_id ?? null, result.template_name ?? null, result.template_language ?? null, id]
  )
}

/** A failed send moved to its resend: the notification now points at the new message. */
export async function repointNotification(db: Db, fromMessageId: string, toMessageId: string, status: string, reason: string | null) {
  await db.raw(`UPDATE whatsapp_notification SET message_id = ?, status = ?, reason = ?, updated_at = now() WHERE message_id = ?`, [
    toMessageId,
    status,
    reason,
    fromMessageId,
  ])
}
