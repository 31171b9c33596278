import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { Modules } from "@medusajs/framework/utils"
import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"
import type { Tracked, Plan, IssuedCode, Created } from "../types"

const randomCode = () => {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789" // no 0/O, 1/I: codes are typed by hand
  let s = ""
  for (let i = 0; i < 8; i++) s += alphabet[Math.floor(Math.random() * alphabet.length)]
  return `WA-${s}`
}

/**
 * A real Medusa promotion: one use, this customer only (when known), expiring. The same contact
 * asking again gets the same still-valid code; the (contact, scope) slot is reserved before the
 * promotion is created. Compensation removes a promotion created here.
 */
export const issueDiscountStep = createStep(
  "whatsapp-issue-discount",
  async ({ t, plan }: { t: Tracked; plan: Plan }, { container }) => {
    if (plan.kind !== "rule" || !plan.actions.some((a) => a.type === "issue_discount")) {
      return new StepResponse<IssuedCode | null, Created | null>(null, null)
    }
    const whatsapp = resolveWhatsapp(container)
    const scope = plan.campaign_id ?? "store"
    const asIssued = (r: any, created: boolean): IssuedCode => ({
      code: r.code,
      expires_at: new Date(r.expires_at).toISOString(),
      created,
      promotion_id: r.promotion_id,
    })
    const existing = await whatsapp.findValidDiscountCode(t.contact.id, scope)
    let issued: IssuedCode
    if (existing) {
      issued = asIssued(existing, false)
    } else {
      const d = t.settings.discount
      const expires = new Date(new Date(t.now).getTime() + d.expiry_days * 86_400_000)
      const reserved = await whatsapp.reserveDiscountCode({
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
          theirs = await whatsapp.findValidDiscountCode(t.contact.id, scope)
        }
        if (!theirs) throw new Error(`discount code for contact ${t.contact.id} is being issued elsewhere and did not appear`)
        issued = asIssued(theirs, false)
      } else {
        let promotionId: string
        try {
          const { result } = await createPromotionsWorkflow(container).run({
            input: {
              promotionsData: [
                {
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
                } as any,
              ],
            },
          })
          promotionId = result[0].id
        } catch (e) {
          await whatsapp.releaseDiscountCode(reserved.id)
          throw e
        }
        await whatsapp.completeDiscountCode(reserved.id, promotionId)
        issued = asIssued({ ...reserved, promotion_id: promotionId }, true)
      }
    }
    return new StepResponse<IssuedCode | null, Created | null>(issued, issued.created ? { promotion_id: issued.promotion_id, code: issued.code } : null)
  },
  async (created: Created | null, { container }) => {
    if (!created) return
    await container.resolve(Modules.PROMOTION).deletePromotions([created.promotion_id])
    const whatsapp = resolveWhatsapp(container)
    const [row] = await whatsapp.listWhatsappDiscountCodes({ code: created.code })
    if (row) await whatsapp.deleteWhatsappDiscountCodes([row.id])
  }
)
