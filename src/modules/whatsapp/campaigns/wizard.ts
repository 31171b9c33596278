/**
 * What the campaign wizard asks of the server: the live preview as a real customer and the test
 * send to the merchant's own phone. Rendering itself is campaigns/preview.ts; this file adds the
 * checks (template approved and MARKETING, values complete, 24 h window for free-form text).
 */
import { randomUUID } from "node:crypto"
import { MedusaError } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { CampaignMessageSpec } from "../domain/campaign-rules"
import type { SegmentRule } from "../domain/segment-rules"
import { isWindowOpen } from "../domain/window"
import type { SendInput, SendOutcome } from "../sending/sender"
import { previewCandidates, previewCustomer, renderPreview } from "./preview"
import { segmentRules } from "./store"
import { getCampaignSettings, updateCampaignSettings, type CampaignSettingsPatch, type PriceTableInput } from "./settings"
import type { TemplateComponent } from "../channels/cloud-api/types"

/** What the wizard reads of a synced template. */
export interface WizardTemplate {
  name: string
  language: string
  status: string
  category: string | null
  components: TemplateComponent[] | null
}

export interface WizardDeps {
  pg: Knex
  now: () => Date
  storeName: () => string | null
  normalizePhone: (phone: string) => { wa_id: string }
  findTemplate: (name: string, language: string) => Promise<WizardTemplate | null>
  send: (input: SendInput) => Promise<SendOutcome>
}

export type PreviewInput = CampaignMessageSpec & { customer_id?: string | null; segment_id?: string | null; customer_search?: string | null }
export type TestSendInput = CampaignMessageSpec & { to: string; customer_id?: string | null }

async function campaignTemplate(deps: WizardDeps, spec: CampaignMessageSpec) {
  if (spec.message_kind !== "template") return null
  if (!spec.template_name || !spec.template_language) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "A template message needs template_name and template_language")
  }
  const t = await deps.findTemplate(spec.template_name, spec.template_language)
  if (!t) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Template ${spec.template_name} (${spec.template_language}) is not in the WABA; sync templates`)
  return t
}

async function customerOrThrow(pg: Knex, id: string) {
  const c = await previewCustomer(pg, id)
  if (!c) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${id} not found`)
  return c
}

/**
 * The wizard's live preview: rendered for the customer asked for, or the first the campaign would
 * reach (segment, WhatsApp contact, consent), with a page of others to pick from.
 */
export async function previewCampaignMessage(deps: WizardDeps, input: PreviewInput) {
  const template = await campaignTemplate(deps, input)
  let rules: SegmentRule | null = null
  if (input.segment_id) {
    rules = await segmentRules(deps.pg, input.segment_id)
    if (!rules) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment ${input.segment_id} not found`)
  }
  const candidates = await previewCandidates(deps.pg, { segment_rules: rules, search: input.customer_search, now: deps.now() })
  const customer = input.customer_id ? await customerOrThrow(deps.pg, input.customer_id) : (candidates[0] ?? null)
  const { rendered, message } = renderPreview(input, customer, deps.storeName(), template?.components)
  const warnings: string[] = []
  if (!customer) warnings.push("No customer with a WhatsApp number and marketing consent in this audience: shown with the fallbacks")
  if (template && template.status !== "APPROVED") warnings.push(`Template ${template.name} is ${template.status}, not APPROVED: it cannot be sent`)
  if (template && String(template.category).toUpperCase() !== "MARKETING")
    warnings.push(`Template ${template.name} is ${template.category}; campaigns send MARKETING templates`)
  for (const m of message?.missing ?? []) warnings.push(`No value for ${m}: WhatsApp would refuse the message`)
  for (const m of message?.extra ?? []) warnings.push(`Too many values (${m}): WhatsApp would refuse the message`)
  return {
    customer,
    candidates,
    template: template ? { name: template.name, language: template.language, status: template.status, category: template.category } : null,
    ok: rendered.ok,
    reason: rendered.ok ? null : rendered.reason,
    request: rendered.ok ? rendered.request : null,
    message,
    warnings,
  }
}

/**
 * Sends the campaign's message once to any number (the merchant's own phone), through the one
 * send path, recorded with source "campaign_test" and no campaign id: it never counts in a
 * campaign's results. Rendered with a real customer's data; the number is not linked to them.
 */
export async function sendCampaignTest(deps: WizardDeps, input: TestSendInput, actor: string, idempotencyKey?: string | null) {
  let wa_id: string
  try {
    wa_id = deps.normalizePhone(input.to).wa_id
  } catch (e) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message)
  }
  const template = await campaignTemplate(deps, input)
  if (template && template.status !== "APPROVED") {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Template ${template.name} (${template.language}) is ${template.status}, not APPROVED`)
  }
  const { rows } = await deps.pg.raw(`SELECT customer_id, last_inbound_at FROM whatsapp_contact WHERE wa_id = ? AND deleted_at IS NULL`, [wa_id])
  const contact = rows[0] ?? null
  const lastInbound = contact?.last_inbound_at ? new Date(contact.last_inbound_at).toISOString() : null
  if (input.message_kind === "text" && !isWindowOpen(lastInbound, deps.now())) {
    throw new MedusaError(
      MedusaError.Types.NOT_ALLOWED,
      `+${wa_id} has not messaged you in the last 24 hours: WhatsApp only allows an approved template now. Send yourself a message first, or test with a template`
    )
  }
  const customerId = input.customer_id ?? contact?.customer_id ?? null
  const customer = customerId ? await customerOrThrow(deps.pg, customerId) : null
  const { rendered, message } = renderPreview(input, customer, deps.storeName(), template?.components)
  if (!rendered.ok) throw new MedusaError(MedusaError.Types.INVALID_DATA, `The message cannot be rendered: ${rendered.reason}`)
  const outcome = await deps.send({
    idempotency_key: `campaign_test:${idempotencyKey || randomUUID()}`,
    to: wa_id,
    source: "campaign_test",
    request: rendered.request as SendInput["request"],
    metadata: { campaign_test: true, rendered_for_customer_id: customer?.id ?? null, sent_by: actor },
  })
  return { outcome, to: wa_id, customer, message }
}

/** The wizard's server side as one object (`service.campaignWizard()`): preview, test send, settings. */
export class CampaignWizard {
  constructor(private readonly deps: WizardDeps) {}

  preview(input: PreviewInput) {
    return previewCampaignMessage(this.deps, input)
  }

  sendTest(input: TestSendInput, actor: string, idempotencyKey?: string | null) {
    return sendCampaignTest(this.deps, input, actor, idempotencyKey)
  }

  settings() {
    return getCampaignSettings(this.deps.pg)
  }

  updateSettings(input: { settings?: CampaignSettingsPatch; price_table?: PriceTableInput }) {
    return updateCampaignSettings(this.deps.pg, input)
  }
}
