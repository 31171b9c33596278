import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * Updates a saved segment. Not through the generated updateWhatsappSegments: Medusa merges JSON
 * columns on update, which would graft the new rule tree onto the old one ({ all } + { any }).
 */
export async function updateSegment(
  knex: Knex,
  id: string,
  data: { name?: string; description?: string | null; rules?: unknown }
): Promise<Record<string, unknown> | null> {
  const sets: string[] = []
  const params: unknown[] = []
  if (data.name !== undefined) (sets.push("name = ?"), params.push(data.name))
  if (data.description !== undefined) (sets.push("description = ?"), params.push(data.description))
  if (data.rules !== undefined) (sets.push("rules = ?::jsonb"), params.push(JSON.stringify(data.rules)))
  const { rows } = await knex.raw(
    `UPDATE whatsapp_segment SET ${[...sets, "updated_at = now()"].join(", ")}
     WHERE id = ? AND deleted_at IS NULL RETURNING *`,
    [...params, id] as Knex.RawBinding[]
  )
  return rows[0] ?? null
}
