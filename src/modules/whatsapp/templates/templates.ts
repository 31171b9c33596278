/** The WABA's message templates mirrored into whatsapp_template. */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"
import type { CreateTemplateRequest, MessageTemplate } from "../channels/cloud-api/types"
import type { WhatsAppProvider } from "../channels/provider"

export async function upsertTemplate(db: Db, t: MessageTemplate) {
  const { rows } = await db.raw(
    `INSERT INTO whatsapp_template (id, provider_template_id, name, language, category, status, components,
       parameter_format, quality_score, rejected_reason, synced_at)
     VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now())
     ON CONFLICT (name, language) WHERE deleted_at IS NULL DO UPDATE SET
       provider_template_id = EXCLUDED.provider_template_id, category = EXCLUDED.category, status = EXCLUDED.status,
       components = EXCLUDED.components, parameter_format = EXCLUDED.parameter_format,
       quality_score = EXCLUDED.quality_score, rejected_reason = EXCLUDED.rejected_reason, synced_at = now(), updated_at = now()
     RETURNING *`,
    [
      generateEntityId(undefined, "watpl"),
      t.id,
      t.name,
      t.language,
      t.category,
      t.status,
      JSON.stringify(t.components ?? []),
      t.parameter_format ?? null,
      t.quality_score?.score ?? null,
      t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : null,
    ]
  )
  return rows[0]
}

/** Mirrors the WABA's templates (all pages); templates gone from the WABA are marked DELETED. */
export async function syncTemplates(pg: Knex, provider: WhatsAppProvider): Promise<{ synced: number; removed: number }> {
  const seen: MessageTemplate[] = []
  for await (const t of provider.listAllTemplates({ limit: 100 })) seen.push(t)
  await pg.transaction(async (trx) => {
    for (const t of seen) await upsertTemplate(trx, t)
  })
  // Template names are [a-z0-9_], so "|" cannot occur in them.
  const keep = seen.map((t) => `${t.name}|${t.language}`)
  const { rowCount } = await pg.raw(
    `UPDATE whatsapp_template SET status = 'DELETED', updated_at = now()
     WHERE deleted_at IS NULL AND status <> 'DELETED' AND NOT (name || '|' || language = ANY(?))`,
    [keep]
  )
  return { synced: seen.length, removed: rowCount ?? 0 }
}

/** Submits a template to the WABA and records it as Meta answered (usually PENDING). */
export async function createTemplate(db: Db, provider: WhatsAppProvider, request: CreateTemplateRequest) {
  const created = await provider.createTemplate(request)
  return upsertTemplate(db, {
    id: created.id,
    name: request.name,
    language: request.language,
    category: created.category ?? request.category,
    status: created.status,
    components: request.components,
    parameter_format: request.parameter_format,
  })
}
