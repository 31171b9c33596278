/** The create wizard's state, what each step still needs, and the POST /admin/whatsapp/campaigns body it becomes. */
import {
  buttonsOf,
  instantToWallTime,
  templateSlots,
  wallTimeToInstant,
  type CampaignMessageSpec,
  type CampaignRetarget,
  type WhatsappCampaign,
  type CampaignMessageKind,
  type CampaignParameter,
  type CampaignParameterSource,
  type CreateCampaignPayload,
  type TemplateSlot,
} from "../../lib/campaigns"
import type { WhatsappTemplate } from "../../lib/notifications"

export const STEPS = ["audience", "message", "cta", "schedule", "review"] as const
export type Step = (typeof STEPS)[number]

export const STEP_LABELS: Record<Step, string> = {
  audience: "Audience",
  message: "Message",
  cta: "Call to action",
  schedule: "Schedule",
  review: "Review",
}

/** "" = every WhatsApp contact (the backend's `segment_id: null`). */
export const ALL_CONTACTS = "__all"

export interface SlotMapping {
  source: CampaignParameterSource
  value: string
  fallback: string
}

export interface CampaignDraft {
  name: string
  segmentId: string
  kind: CampaignMessageKind
  template: WhatsappTemplate | null
  /** By TemplateSlot.key. */
  mappings: Record<string, SlotMapping>
  text: string
  discountCode: string
  ctaEnabled: boolean
  ctaPayload: string
  ctaButtonIndex: number | null
  attributionDays: string
  when: "now" | "later"
  /** Picked in the browser's clock; read as the store's wall time. */
  scheduledWall: Date | null
  /** A follow-up being edited: its audience is the parent's recipients, not a segment. */
  retarget: CampaignRetarget | null
  /** The customer the preview and the test send render with; null = the first the audience reaches. */
  previewCustomerId: string | null
  /** Where the last test went, kept between steps. */
  testPhone: string
}

export const EMPTY_DRAFT: CampaignDraft = {
  name: "",
  segmentId: "",
  kind: "template",
  template: null,
  mappings: {},
  text: "",
  discountCode: "",
  ctaEnabled: true,
  ctaPayload: "YES",
  ctaButtonIndex: null,
  attributionDays: "7",
  when: "now",
  scheduledWall: null,
  retarget: null,
  previewCustomerId: null,
  testPhone: "",
}

/**
 * What a missing first name becomes, in the template's own language: "คุณ there" in a Thai template
 * is what a merchant saw when the fallback was always English.
 */
export function firstNameFallback(language: string | null | undefined): string {
  const lang = (language ?? "").toLowerCase().split(/[_-]/)[0]
  if (lang === "th") return "ลูกค้า"
  if (lang === "pt") return "cliente"
  if (lang === "es") return "cliente"
  return "there"
}

/**
 * A sensible first mapping: the first body variable is the first name (with a fallback); variables
 * whose name or sample value (from the template's examples) looks like a code, a link or the store get those.
 */
export function defaultMapping(slot: TemplateSlot, position: number, example?: string | null, language?: string | null): SlotMapping {
  const v = slot.variable.toLowerCase()
  const ex = (example ?? "").trim()
  if (slot.component === "button") return { source: "static", value: "", fallback: "" }
  if (/code|coupon|discount|promo|voucher/.test(v)) return { source: "campaign.discount_code", value: "", fallback: "" }
  if (/link|url/.test(v) || /^https?:\/\//i.test(ex)) return { source: "static", value: "", fallback: "" }
  if (/store|shop|brand/.test(v)) return { source: "store.name", value: "", fallback: "" }
  if (/first|name/.test(v) || (slot.component === "body" && position === 0)) {
    return { source: "customer.first_name", value: "", fallback: firstNameFallback(language) }
  }
  // "SUMMER10", "WELCOME-15": looks like a discount code.
  if (/^[A-Z0-9_-]{4,20}$/.test(ex) && /[A-Z]/.test(ex) && /\d/.test(ex)) return { source: "campaign.discount_code", value: "", fallback: "" }
  return { source: "static", value: "", fallback: "" }
}

/** The template's sample value for a slot, when it has one (positional examples only). */
function exampleFor(template: WhatsappTemplate, slot: TemplateSlot): string | null {
  const n = Number(slot.variable)
  const comp = template.components?.find((c) => c.type === (slot.component === "header" ? "HEADER" : "BODY"))
  if (!comp?.example) return null
  if (!Number.isInteger(n) || n < 1) {
    return comp.example.body_text_named_params?.find((p) => p.param_name === slot.variable)?.example ?? null
  }
  if (slot.component === "header") return comp.example.header_text?.[n - 1] ?? null
  if (slot.component === "body") return comp.example.body_text?.[0]?.[n - 1] ?? null
  return null
}

export function defaultMappings(template: WhatsappTemplate | null): Record<string, SlotMapping> {
  const out: Record<string, SlotMapping> = {}
  if (!template) return out
  let bodyPos = 0
  for (const s of templateSlots(template)) out[s.key] = defaultMapping(s, s.component === "body" ? bodyPos++ : -1, exampleFor(template, s), template.language)
  return out
}

export const quickReplyButtons = (t: WhatsappTemplate | null) =>
  buttonsOf(t)
    .map((b, index) => ({ ...b, index }))
    .filter((b) => b.type === "QUICK_REPLY")

/** The CTA the payload goes on, or null when there is none (free-form text, no quick-reply button, turned off). */
export function effectiveCta(d: CampaignDraft): { payload: string; button_index: number } | null {
  if (d.kind !== "template" || !d.ctaEnabled || !d.ctaPayload.trim()) return null
  const buttons = quickReplyButtons(d.template)
  if (!buttons.length) return null
  const index = buttons.some((b) => b.index === d.ctaButtonIndex) ? d.ctaButtonIndex! : buttons[0].index
  return { payload: d.ctaPayload.trim(), button_index: index }
}

export function toParameters(d: CampaignDraft): CampaignParameter[] {
  const named = d.template?.parameter_format === "NAMED"
  return templateSlots(d.template).map((slot) => {
    const m = d.mappings[slot.key] ?? defaultMapping(slot, 0, null, d.template?.language)
    return {
      component: slot.component,
      ...(slot.component === "button" ? { index: slot.index ?? 0 } : {}),
      source: m.source,
      ...(m.source === "static" ? { value: m.value.trim() } : {}),
      ...(m.fallback.trim() && m.source !== "static" ? { fallback: m.fallback.trim() } : {}),
      ...(named && !/^\d+$/.test(slot.variable) ? { parameter_name: slot.variable } : {}),
    }
  })
}

export const usesDiscountCode = (d: CampaignDraft) =>
  d.kind === "text"
    ? /\{\{\s*discount_code\s*\}\}/.test(d.text)
    : Object.entries(d.mappings).some(([key, m]) => m.source === "campaign.discount_code" && templateSlots(d.template).some((s) => s.key === key))

/** The instant the campaign should start, or null for now (or a time not picked yet). */
export function scheduledInstant(d: CampaignDraft, timeZone: string): Date | null {
  if (d.when !== "later" || !d.scheduledWall) return null
  return wallTimeToInstant(d.scheduledWall, timeZone)
}

/** Just the message, as the preview and test-send routes take it. */
export function toMessageSpec(d: CampaignDraft): CampaignMessageSpec {
  return {
    message_kind: d.kind,
    ...(d.kind === "template"
      ? { template_name: d.template?.name ?? null, template_language: d.template?.language ?? null, parameters: toParameters(d) }
      : { text: d.text.trim() }),
    cta: effectiveCta(d),
    discount_code: d.discountCode.trim() || null,
  }
}

/** Enough of a message for the server to render: a template picked, or some text. */
export const hasMessage = (d: CampaignDraft) => (d.kind === "template" ? !!d.template : !!d.text.trim())

/**
 * A saved draft (or scheduled campaign) back in the wizard. Parameters are stored in the template's
 * slot order (toParameters), so the n-th parameter is the n-th slot's mapping.
 */
export function draftFromCampaign(c: WhatsappCampaign, template: WhatsappTemplate | null, timeZone: string, now: Date): CampaignDraft {
  const mappings = defaultMappings(template)
  templateSlots(template).forEach((slot, i) => {
    const p = c.parameters?.[i]
    if (p) mappings[slot.key] = { source: p.source as CampaignParameterSource, value: p.value ?? "", fallback: p.fallback ?? "" }
  })
  const at = c.scheduled_at ? new Date(c.scheduled_at) : null
  return {
    ...EMPTY_DRAFT,
    name: c.name,
    segmentId: c.segment_id ?? ALL_CONTACTS,
    kind: c.message_kind,
    template: c.message_kind === "template" ? template : null,
    mappings,
    text: c.text ?? "",
    discountCode: c.discount_code ?? "",
    ctaEnabled: !!c.cta,
    ctaPayload: c.cta?.payload ?? EMPTY_DRAFT.ctaPayload,
    ctaButtonIndex: c.cta?.button_index ?? null,
    attributionDays: String(c.attribution_window_days ?? 7),
    when: at && at.getTime() > now.getTime() ? "later" : "now",
    scheduledWall: at ? instantToWallTime(at, timeZone) : null,
    retarget: c.retarget,
  }
}

export function toPayload(d: CampaignDraft, timeZone: string): CreateCampaignPayload {
  const at = scheduledInstant(d, timeZone)
  const days = Number(d.attributionDays)
  return {
    name: d.name.trim(),
    // A follow-up's audience is its parent's recipients.
    ...(d.retarget ? {} : { segment_id: d.segmentId && d.segmentId !== ALL_CONTACTS ? d.segmentId : null }),
    message_kind: d.kind,
    ...(d.kind === "template"
      ? { template_name: d.template?.name ?? null, template_language: d.template?.language ?? null, parameters: toParameters(d) }
      : { text: d.text.trim() }),
    cta: effectiveCta(d),
    discount_code: d.discountCode.trim() || null,
    scheduled_at: at ? at.toISOString() : null,
    timezone: timeZone,
    ...(Number.isInteger(days) && days >= 1 && days <= 90 ? { attribution_window_days: days } : {}),
  }
}

/** What a step still needs before the wizard can go on; empty when it is complete. */
export function stepProblems(
  step: Step,
  d: CampaignDraft,
  ctx: { templateProblem: string | null; now: Date; timeZone: string; editingScheduled?: boolean }
): string[] {
  const out: string[] = []
  switch (step) {
    case "audience":
      if (!d.name.trim()) out.push("Give the campaign a name.")
      if (d.name.trim().length > 200) out.push("The name can be at most 200 characters.")
      if (!d.segmentId && !d.retarget) out.push("Choose who receives it.")
      break
    case "message":
      if (d.kind === "template") {
        if (!d.template) out.push("Choose an approved marketing template.")
        else if (ctx.templateProblem) out.push(ctx.templateProblem)
        for (const slot of templateSlots(d.template)) {
          const m = d.mappings[slot.key]
          if (!m) continue
          if (m.source === "static" && !m.value.trim()) out.push(`Fill in ${slot.label}.`)
          if (m.source === "static" && m.value.length > 1000) out.push(`${slot.label} is too long.`)
        }
        if (usesDiscountCode(d) && !d.discountCode.trim()) out.push("Enter the discount code the message shows.")
      } else {
        if (!d.text.trim()) out.push("Write the message.")
        if (d.text.length > 4096) out.push("The message can be at most 4,096 characters.")
        if (usesDiscountCode(d) && !d.discountCode.trim()) out.push("Enter the discount code {{discount_code}} stands for.")
      }
      if (d.discountCode.length > 64) out.push("The discount code can be at most 64 characters.")
      break
    case "cta": {
      const days = Number(d.attributionDays)
      if (!Number.isInteger(days) || days < 1 || days > 90) out.push("The attribution window is 1 to 90 days.")
      if (effectiveCta(d) && d.ctaPayload.trim().length > 128) out.push("The reply payload can be at most 128 characters.")
      break
    }
    case "schedule":
      if (ctx.editingScheduled && d.when !== "later") out.push("This campaign is scheduled: pick a new time, or unschedule it on its page.")
      if (d.when === "later") {
        const at = scheduledInstant(d, ctx.timeZone)
        if (!at) out.push("Pick a date and time.")
        else if (at.getTime() <= ctx.now.getTime()) out.push("Pick a time in the future.")
      }
      break
    case "review":
      break
  }
  return out
}
