/** WhatsApp contacts: linking to Medusa customers and recording consent. */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"
import { changeConsent, type ConsentChange } from "../consent/consent"

export type { ConsentPurpose } from "../consent/domain/consent"
export type ConsentValue = "granted" | "revoked"

/**
 * Ties a contact (and its past messages) to a customer. Called when a customer with the
 * contact's phone appears or changes their phone. Opens its own transaction.
 */
export function linkContactToCustomer(pg: Knex, wa_id: string, customer_id: string): Promise<{ id: string; customer_id: string }> {
  return pg.transaction(async (trx) => {
    const { rows } = await trx.raw(
      `INSERT INTO whatsapp_contact (id, wa_id, customer_id) VALUES (?, ?, ?)
       ON CONFLICT (wa_id) WHERE deleted_at IS NULL DO UPDATE SET customer_id = EXCLUDED.customer_id, updated_at = now()
         WHERE whatsapp_contact.customer_id IS DISTINCT FROM EXCLUDED.customer_id
       RETURNING id, customer_id`,
      [generateEntityId(undefined, "wacon"), wa_id, customer_id]
    )
    if (!rows.length) {
      // Already linked to this customer: nothing to change.
      const existing = await trx.raw(`SELECT id, customer_id FROM whatsapp_contact WHERE wa_id = ? AND deleted_at IS NULL`, [wa_id])
      return existing.rows[0]
    }
    await trx.raw(
      `UPDATE whatsapp_message SET customer_id = ?, updated_at = now()
       WHERE contact_id = ? AND customer_id IS DISTINCT FROM ?`,
      [customer_id, rows[0].id, customer_id]
    )
    return rows[0]
  })
}

/** Records a consent decision: through the consent ledger (consent/consent.ts), state and event together. */
export async function setConsent(db: Db, change: ConsentChange) {
  return (await changeConsent(db, change)).contact
}
