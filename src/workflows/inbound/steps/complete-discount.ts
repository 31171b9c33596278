import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"
import type { DiscountSlot, IssuedCode } from "../types"

/**
 * The code the reply carries: an existing one, or the reserved one now bound to the promotion
 * createPromotionsWorkflow made. Nothing to undo here: the reservation's step gives the row back
 * and the promotions workflow deletes its promotion if a later step fails.
 */
export const completeDiscountStep = createStep(
  "whatsapp-complete-discount",
  async ({ slot, promotions }: { slot?: DiscountSlot | null; promotions?: { id: string }[] | null }, { container }) => {
    if (!slot) return new StepResponse<IssuedCode | null>(null)
    if (!slot.reserved) return new StepResponse<IssuedCode | null>(slot.issued)
    const promotion_id = promotions?.[0]?.id
    if (!promotion_id) throw new Error(`promotion for discount code ${slot.reserved.code} was not created`)
    await resolveWhatsapp(container).conversations().completeDiscountCode(slot.reserved.id, promotion_id)
    return new StepResponse<IssuedCode | null>({ code: slot.reserved.code, expires_at: slot.reserved.expires_at, created: true, promotion_id })
  }
)
