import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CreatePromotionDTO } from "@medusajs/framework/types"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"
import type { DiscountSlot, IssuedCode, Plan, Tracked } from "../types"

const randomCode = () => {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I: codes are typed by hand
  let s = ""
  for (let i = 0; i < 8; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return `WA-${s}`
}

const asIssued = (r: { code: string; expires_at: Date | string; promotion_id: string }, created: boolean): IssuedCode => ({
  code: r.code,
  expires_at: new Date(r.expires_at).toISOString(),
  created,
  promotion_id: r.promotion_id,
})

/**
 * The contact's discount slot for this scope (the store, or the campaign replied to): the same
 * contact asking again gets the same still-valid code; otherwise the (contact, scope) slot is
 * reserved with a fresh code and the promotion to create is described, for
 * createPromotionsWorkflow to create as the next step. Compensation gives the reservation back.
 */
export const reserveDiscountStep = createStep(
  "whatsapp-reserve-discount",
  async ({ t, plan }: { t: Tracked; plan: Plan }, { container }) => {
    if (plan.kind !== "rule") return new StepResponse<DiscountSlot, string | null>({ issued: null, reserved: null, promotion: null }, null)
    const whatsapp = resolveWhatsapp(container)
    const scope = plan.campaign_id ?? "store"
    const existing = await whatsapp.conversations().findValidDiscountCode(t.contact.id, scope)
    if (existing) return new StepResponse<DiscountSlot, string | null>({ issued: asIssued(existing, false), reserved: null, promotion: null }, null)

    const d = t.settings.discount
    const expires = new Date(new Date(t.now).getTime() + d.expiry_days * 86_400_000)
    const reserved = await whatsapp.conversations().reserveDiscountCode({
      contact_id: t.contact.id,
      customer_id: t.contact.customer_id,
      rule_id: plan.rule_id,
      scope,
      campaign_id: plan.campaign_id,
      code: randomCode(),
      expires_at: expires,
    })
    if (!reserved) {
      // Another request is issuing this contact's code right now: use theirs once it exists.
      // Up to 15 s: creating the promotion is a Medusa workflow that a busy server can take
      // seconds over, and failing here would leave this request without its code.
      let theirs = null
      for (const deadline = Date.now() + 15_000; !theirs && Date.now() < deadline;) {
        await new Promise((r) => setTimeout(r, 50))
        theirs = await whatsapp.conversations().findValidDiscountCode(t.contact.id, scope)
      }
      if (!theirs) throw new Error(`discount code for contact ${t.contact.id} is being issued elsewhere and did not appear`)
      return new StepResponse<DiscountSlot, string | null>({ issued: asIssued(theirs, false), reserved: null, promotion: null }, null)
    }
    // A real Medusa promotion: one use, this customer only (when known), expiring.
    const promotion: CreatePromotionDTO = {
      code: reserved.code,
      type: "standard",
      status: "active",
      is_automatic: false,
      limit: 1,
      application_method: {
        type: d.type,
        target_type: "order",
        allocation: "across",
        value: d.value,
        ...(d.type === "fixed" ? { currency_code: d.currency_code } : {}),
      },
      rules: t.contact.customer_id ? [{ attribute: "customer_id", operator: "eq", values: [t.contact.customer_id] }] : [],
      campaign: {
        name: `WhatsApp ${reserved.code}`,
        campaign_identifier: reserved.code,
        ends_at: expires,
        budget: { type: "usage", limit: 1 },
      },
      metadata: { source: "whatsapp", contact_id: t.contact.id, rule_id: plan.rule_id },
    } as CreatePromotionDTO
    const slot: DiscountSlot = { issued: null, reserved: { id: reserved.id, code: reserved.code, expires_at: expires.toISOString() }, promotion }
    return new StepResponse<DiscountSlot, string | null>(slot, reserved.id)
  },
  async (reservedId: string | null | undefined, { container }) => {
    if (reservedId) await resolveWhatsapp(container).conversations().releaseDiscountCode(reservedId)
  }
)
