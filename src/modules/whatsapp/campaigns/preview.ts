/**
 * The wizard's live preview and test send: a real customer to render with (the one asked for, or
 * the first with a WhatsApp contact and marketing consent in the audience), the message rendered
 * exactly as the sender renders it (renderCampaignMessage) and read back as text from the template
 * stored in whatsapp_template.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { renderCampaignMessage, type CampaignMessageSpec, type RenderResult } from "../domain/campaign-rules"
import { templateMessageText, textMessageText, type MessageText } from "../domain/campaign-preview"
import { compileSegmentRules, type SegmentRule } from "../domain/segment-rules"
import { customers } from "../medusa-tables"
import { SEGMENT_BASE_SQL } from "../segmentation/queries"

export interface PreviewCustomer {
  id: string
  first_name: string | null
  last_name: string | null
  email: string | null
  wa_id: string | null
  marketing_consent: string | null
}

/** A customer with their WhatsApp contact (the one whose consent changed last, if several). */
const customerWithContact = (join: "JOIN" | "LEFT JOIN") => `SELECT c.id, c.first_name, c.last_name, c.email, ct.wa_id, ct.marketing_consent
     FROM ${customers()} c
     ${join} LATERAL (SELECT wa_id, marketing_consent FROM whatsapp_contact w
                   WHERE w.customer_id = c.id AND w.deleted_at IS NULL
                   ORDER BY w.marketing_consent_at DESC NULLS LAST, w.updated_at DESC LIMIT 1) ct ON TRUE`

/**
 * Customers with a WhatsApp contact who would receive the campaign (consent granted; in the segment
 * when there is one), oldest first; `search` narrows by name, email or number.
 */
export async function previewCandidates(
  pg: Knex,
  { segment_rules, search, limit = 20, now = new Date() }: { segment_rules?: SegmentRule | null; search?: string | null; limit?: number; now?: Date }
): Promise<PreviewCustomer[]> {
  const params: unknown[] = []
  let where = "TRUE"
  if (segment_rules) {
    const w = compileSegmentRules(segment_rules, now)
    where = `c.id IN (SELECT s.customer_id FROM ${SEGMENT_BASE_SQL} WHERE ${w.sql})`
    params.push(...w.params)
  }
  let match = "TRUE"
  if (search?.trim()) {
    const like = `%${search.trim().replace(/[%_\\]/g, "\\$&")}%`
    const digits = search.replace(/\D/g, "")
    match = `(c.first_name ILIKE ? OR c.last_name ILIKE ? OR c.email ILIKE ? OR (c.first_name || ' ' || c.last_name) ILIKE ?${digits ? " OR ct.wa_id LIKE ?" : ""})`
    params.push(like, like, like, like, ...(digits ? [`%${digits}%`] : []))
  }
  const { rows } = await pg.raw(
    `${customerWithContact("JOIN")}
     WHERE ct.marketing_consent = 'granted' AND ${where} AND ${match}
     ORDER BY c.created_at, c.id LIMIT ?`,
    [...params, limit] as Knex.RawBinding[]
  )
  return rows
}

/** One customer by id with their WhatsApp number (any consent: the merchant asked for them). */
export async function previewCustomer(pg: Knex, customerId: string): Promise<PreviewCustomer | null> {
  const { rows } = await pg.raw(
    `${customerWithContact("LEFT JOIN")}
     WHERE c.id = ?`,
    [customerId]
  )
  return rows[0] ?? null
}

export interface RenderedPreview {
  rendered: RenderResult
  /** Null when rendering failed (rendered.reason says why). */
  message: MessageText | null
}

/** Renders as the sender does, then reads it back against the stored template. */
export function renderPreview(
  spec: CampaignMessageSpec,
  customer: PreviewCustomer | null,
  storeName: string | null | undefined,
  templateComponents: unknown
): RenderedPreview {
  const rendered = renderCampaignMessage(spec, {
    store_name: storeName,
    customer: customer ? { id: customer.id, first_name: customer.first_name, last_name: customer.last_name, email: customer.email } : null,
  })
  if (!rendered.ok) return { rendered, message: null }
  const r = rendered.request
  const message = r.type === "text" ? textMessageText(r.text.body) : templateMessageText(templateComponents as any, r.template)
  return { rendered, message }
}
