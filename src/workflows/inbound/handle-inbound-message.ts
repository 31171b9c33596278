import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { trackInboundStep } from "./steps/track-inbound"
import { planReplyStep } from "./steps/plan-reply"
import { reserveDiscountStep } from "./steps/reserve-discount"
import { completeDiscountStep } from "./steps/complete-discount"
import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { replyStep } from "./steps/apply-auto-reply"
import type { InboundInput } from "./types"

export type { InboundInput, InboundResult } from "./types"

/** An inbound customer message → tracked conversation → at most one automatic answer. */
export const handleInboundMessageWorkflow = createWorkflow("whatsapp-handle-inbound-message", (input: InboundInput) => {
  const t = trackInboundStep(input)
  const plan = planReplyStep(t)
  // A discount only for a rule that issues one: reserve the slot, create the promotion with
  // Medusa's own workflow (its compensation deletes it), then bind the code to it.
  const slot = when("whatsapp-discount-wanted", { plan }, ({ plan }) => plan.kind === "rule" && plan.actions.some((a) => a.type === "issue_discount")).then(
    () => reserveDiscountStep({ t, plan })
  )
  const promotions = when("whatsapp-discount-promotion", { slot }, ({ slot }) => !!slot?.reserved).then(() =>
    createPromotionsWorkflow.runAsStep({ input: transform({ slot }, ({ slot }) => ({ promotionsData: [slot!.promotion!] })) })
  )
  const issued = completeDiscountStep({ slot, promotions })
  const result = replyStep({ t, plan, issued })
  return new WorkflowResponse(result)
})
