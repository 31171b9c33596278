/**
 * Event → template notifications, as pure rules: which events exist, what data can fill a
 * template parameter, the shipped default mappings, and the decision to send or skip.
 */
import type { NotificationEvent, NotificationMapping, ParameterMapping, ParameterSource } from "../../../shared/notifications"
import type { TemplateComponentParam } from "../channels/cloud-api/types"
import { bsuidRefusal } from "./identity"

// The events, parameter sources and mapping shape live in src/shared/notifications.ts (the admin dashboard uses them too).
export { NOTIFICATION_EVENTS, PARAMETER_SOURCES } from "../../../shared/notifications"
export type { NotificationEvent, NotificationMapping, ParameterMapping, ParameterSource } from "../../../shared/notifications"

/** Data a notification can draw on, loaded by the workflow from Medusa. */
export interface NotificationContext {
  store_name?: string | null
  customer?: { id: string; first_name?: string | null; last_name?: string | null; email?: string | null; phone?: string | null } | null
  order?: {
    id: string
    display_id?: number | string | null
    currency_code?: string | null
    total?: number | string | null
    item_count?: number | null
    /** The order was created with "don't notify the customer" (imports, manual orders). */
    no_notification?: boolean | null
  } | null
  fulfillment?: { id: string; tracking_number?: string | null; tracking_url?: string | null } | null
  /** The event itself said "don't notify" (Medusa's "Send notification" switch off at fulfilment, shipment or delivery). */
  event_no_notification?: boolean | null
}

const eventNoun = (ctx: NotificationContext) => (ctx.fulfillment ? "fulfillment" : "event")

/** Formats an amount as the order's currency, in the template's language (th → ฿1,250.00). */
export function formatMoney(amount: number | string | null | undefined, currency: string | null | undefined, language: string): string {
  const n = Number(amount ?? 0)
  const locale = language.replace("_", "-")
  try {
    return new Intl.NumberFormat(locale, { style: "currency", currency: (currency ?? "THB").toUpperCase() }).format(n)
  } catch {
    return `${n.toFixed(2)} ${(currency ?? "").toUpperCase()}`.trim()
  }
}

export function resolveParameter(source: ParameterSource, ctx: NotificationContext, language: string): string | null {
  const c = ctx.customer
  const o = ctx.order
  const f = ctx.fulfillment
  const value = (() => {
    switch (source) {
      case "customer.first_name":
        return c?.first_name
      case "customer.last_name":
        return c?.last_name
      case "customer.full_name":
        return [c?.first_name, c?.last_name].filter(Boolean).join(" ")
      case "order.display_id":
        return o?.display_id != null ? String(o.display_id) : null
      case "order.total":
        return o ? formatMoney(o.total, o.currency_code, language) : null
      case "order.item_count":
        return o?.item_count != null ? String(o.item_count) : null
      case "fulfillment.tracking_number":
        return f?.tracking_number
      case "fulfillment.tracking_url":
        return f?.tracking_url
      case "store.name":
        return ctx.store_name
    }
  })()
  const s = value == null ? "" : String(value).trim()
  return s === "" ? null : s
}

export type NotificationPlan = { send: true; components: TemplateComponentParam[] } | { send: false; reason: string }

export interface PlanInput {
  mapping: NotificationMapping | null
  template: { status: string; category?: string | null; components?: unknown } | null
  contact: { transactional_consent: string } | null
  /**
   * The customer's phone; or, for a customer whose only WhatsApp identity is a BSUID (a username
   * user who wrote to us without showing a phone), that `user_id`: the send then goes to `recipient`.
   */
  phone: { valid: boolean; raw?: string | null; user_id?: string | null }
  ctx: NotificationContext
}

/**
 * Decides whether to send and fills the parameters. Every "no" carries the reason that is
 * recorded for the merchant: no number, invalid number, no consent, disabled, template not usable.
 */
export function planNotification({ mapping, template, contact, phone, ctx }: PlanInput): NotificationPlan {
  // The merchant's own "don't notify" for this event is the reason, whatever else is configured.
  if (ctx.event_no_notification) return { send: false, reason: `no_notification: "Send notification" was off for this ${eventNoun(ctx)}` }
  if (!mapping) return { send: false, reason: "no_mapping: no template is mapped to this event" }
  if (!mapping.enabled) return { send: false, reason: "disabled: this notification is turned off" }
  if (ctx.order?.no_notification) return { send: false, reason: "no_notification: the order asks not to notify the customer" }
  const byBsuid = !phone.raw && !!phone.user_id
  if (!phone.raw && !byBsuid) return { send: false, reason: "no_phone: the customer has no phone number" }
  if (!byBsuid && !phone.valid) return { send: false, reason: `invalid_phone: "${phone.raw}" is not a valid phone number` }
  if (contact?.transactional_consent !== "granted") {
    return { send: false, reason: "no_consent: the customer has not opted in to WhatsApp notifications" }
  }
  if (!template) {
    return { send: false, reason: `template_missing: ${mapping.template_name} (${mapping.template_language}) is not in the WABA` }
  }
  if (template.status !== "APPROVED") {
    return { send: false, reason: `template_not_approved: ${mapping.template_name} (${mapping.template_language}) is ${template.status}` }
  }
  const refused = byBsuid ? bsuidRefusal({ category: template.category, components: template.components }) : null
  if (refused) return { send: false, reason: refused }
  const components: TemplateComponentParam[] = []
  for (const p of mapping.parameters) {
    const value = resolveParameter(p.source, ctx, mapping.template_language) ?? p.fallback ?? null
    if (value == null) return { send: false, reason: `missing_data: ${p.source} is empty and has no fallback` }
    addTemplateParameter(components, p, value)
  }
  return { send: true, components }
}

/**
 * Adds one filled parameter to the Cloud API `components` list: header/body parameters gather in
 * their component, a URL button's in the button of that index (shared by notifications and campaigns).
 */
export function addTemplateParameter(
  components: TemplateComponentParam[],
  p: Pick<ParameterMapping, "component" | "index" | "parameter_name">,
  value: string
): void {
  const key = p.component === "button" ? `button:${p.index ?? 0}` : p.component
  let comp = components.find((c) => (c.type === "button" ? `button:${c.index}` : c.type) === key)
  if (!comp) {
    comp = p.component === "button" ? { type: "button", sub_type: "url", index: String(p.index ?? 0), parameters: [] } : { type: p.component, parameters: [] }
    components.push(comp)
  }
  comp.parameters!.push({ type: "text", text: value, ...(p.parameter_name ? { parameter_name: p.parameter_name } : {}) })
}

const body = (...sources: ParameterSource[]): ParameterMapping[] =>
  sources.map((source) => ({
    component: "body" as const,
    source,
    ...(source === "customer.first_name" ? { fallback: "ลูกค้า" } : {}),
  }))

/**
 * Shipped defaults. The demo seeds matching APPROVED templates in the sandbox; a live store
 * creates its own (same names) or remaps in the admin.
 */
export const DEFAULT_MAPPINGS: NotificationMapping[] = [
  {
    event: "order.placed",
    enabled: true,
    template_name: "order_placed",
    template_language: "th",
    parameters: body("customer.first_name", "order.display_id", "order.total"),
  },
  {
    event: "order.canceled",
    enabled: true,
    template_name: "order_canceled",
    template_language: "th",
    parameters: body("customer.first_name", "order.display_id"),
  },
  {
    event: "order.completed",
    enabled: true,
    template_name: "order_completed",
    template_language: "th",
    parameters: body("customer.first_name", "order.display_id"),
  },
  {
    event: "payment.captured",
    enabled: true,
    template_name: "payment_received",
    template_language: "th",
    parameters: body("customer.first_name", "order.total", "order.display_id"),
  },
  {
    event: "order.fulfillment_created",
    enabled: true,
    template_name: "order_packed",
    template_language: "th",
    parameters: body("customer.first_name", "order.display_id", "order.item_count"),
  },
  {
    event: "shipment.created",
    enabled: true,
    template_name: "order_shipped",
    template_language: "th",
    parameters: body("customer.first_name", "order.display_id", "fulfillment.tracking_number", "fulfillment.tracking_url"),
  },
  {
    event: "delivery.created",
    enabled: true,
    template_name: "order_delivered",
    template_language: "th",
    parameters: body("customer.first_name", "order.display_id"),
  },
  { event: "customer.created", enabled: true, template_name: "welcome", template_language: "th", parameters: body("customer.first_name", "store.name") },
]

/** The ledger key: one notification per event per resource, whatever retries or instances do. */
export function notificationKey(event: NotificationEvent, resourceId: string): string {
  return `notify:${event}:${resourceId}`
}
