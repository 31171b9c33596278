import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"

/**
 * Tags a merchant sets by hand. They sit beside the automatic ones: recomputation deletes only
 * links with source 'auto', so these survive it. Adding by hand a tag the customer already has
 * automatically pins it (the link becomes manual and recomputation leaves it alone).
 */

export async function addManualTag(knex: Knex, customerId: string, name: string) {
  return knex.transaction(async (trx) => {
    await trx.raw(
      `INSERT INTO whatsapp_tag (id, name, kind) VALUES (?, ?, 'manual')
       ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING`,
      [generateEntityId(undefined, "watag"), name]
    )
    const { rows } = await trx.raw(
      `INSERT INTO whatsapp_customer_tag (id, customer_id, tag_id, source)
       SELECT ?, ?, t.id, 'manual' FROM whatsapp_tag t WHERE t.name = ? AND t.deleted_at IS NULL
       ON CONFLICT (customer_id, tag_id) WHERE deleted_at IS NULL
         DO UPDATE SET source = 'manual', updated_at = now()
       RETURNING tag_id`,
      [generateEntityId(undefined, "wactg"), customerId, name]
    )
    return { tag_id: rows[0].tag_id as string, name }
  })
}

/**
 * Removes a manual tag (by tag id or name). Returns "auto" when the customer has it only
 * automatically: that one follows the thresholds, not a click.
 */
export async function removeManualTag(knex: Knex, customerId: string, tag: string): Promise<"removed" | "auto" | "absent"> {
  const { rows } = await knex.raw(
    `WITH target AS (
       SELECT ct.id, ct.source FROM whatsapp_customer_tag ct
       JOIN whatsapp_tag t ON t.id = ct.tag_id AND t.deleted_at IS NULL
       WHERE ct.customer_id = ? AND ct.deleted_at IS NULL AND (t.id = ? OR t.name = ?)
     ),
     del AS (DELETE FROM whatsapp_customer_tag WHERE id IN (SELECT id FROM target WHERE source = 'manual') RETURNING 1)
     SELECT (SELECT count(*) FROM del)::int AS removed, (SELECT count(*) FROM target WHERE source = 'auto')::int AS auto`,
    [customerId, tag, tag]
  )
  if (rows[0].removed) return "removed"
  return rows[0].auto ? "auto" : "absent"
}
