/**
 * Discount codes issued by auto-replies and campaigns: one valid code per (contact, scope), reserved
 * before the Medusa promotion is created and completed (or released) after.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"

/** A still-valid, fully issued code this contact got in this scope (a campaign, or "store"). */
export async function findValidDiscountCode(db: Db, now: Date, contact_id: string, scope: string) {
  const { rows } = await db.raw(
    `SELECT * FROM whatsapp_discount_code WHERE contact_id = ? AND scope = ? AND expires_at > ?
       AND promotion_id IS NOT NULL AND deleted_at IS NULL LIMIT 1`,
    [contact_id, scope, now]
  )
  return rows[0] ?? null
}

/**
 * Reserves the (contact, scope) slot for a new code. Null when someone else holds it (a valid
 * code, or one being issued right now). Expired codes are retired first to free the slot.
 */
export async function reserveDiscountCode(
  db: Db,
  now: Date,
  row: { contact_id: string; customer_id: string | null; rule_id: string; scope: string; campaign_id?: string | null; code: string; expires_at: Date }
) {
  await db.raw(`UPDATE whatsapp_discount_code SET deleted_at = now() WHERE contact_id = ? AND scope = ? AND expires_at <= ? AND deleted_at IS NULL`, [
    row.contact_id,
    row.scope,
    now,
  ])
  const { rows } = await db.raw(
    `INSERT INTO whatsapp_discount_code (id, contact_id, customer_id, rule_id, scope, campaign_id, code, expires_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (contact_id, scope) WHERE deleted_at IS NULL DO NOTHING RETURNING *`,
    [generateEntityId(undefined, "wadsc"), row.contact_id, row.customer_id, row.rule_id, row.scope, row.campaign_id ?? null, row.code, row.expires_at]
  )
  return rows[0] ?? null
}

export async function completeDiscountCode(db: Db, id: string, promotion_id: string) {
  await db.raw(`UPDATE whatsapp_discount_code SET promotion_id = ?, updated_at = now() WHERE id = ?`, [promotion_id, id])
}

/** Gives a reservation back (the promotion could not be created). */
export async function releaseDiscountCode(db: Db, id: string) {
  await db.raw(`DELETE FROM whatsapp_discount_code WHERE id = ?`, [id])
}
