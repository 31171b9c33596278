import { createWorkflow, transform, when, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { trackInboundStep } from "./steps/track-inbound"
import { planReplyStep } from "./steps/plan-reply"
import { confirmDoubleOptInStep } from "./steps/confirm-double-opt-in"
import { reserveDiscountStep } from "./steps/reserve-discount"
import { completeDiscountStep } from "./steps/complete-discount"
import { createPromotionsWorkflow } from "@medusajs/medusa/core-flows"
import { replyStep } from "./steps/apply-auto-reply"
import type { InboundInput, InboundResult } from "./types"

export type { InboundInput, InboundResult } from "./types"

/** An inbound customer message → tracked conversation → at most one automatic answer. */
export const handleInboundMessageWorkflow = createWorkflow("whatsapp-handle-inbound-message", (input: InboundInput) => {
  const t = trackInboundStep(input)
  // A YES to a pending double opt-in is answered here, before (and instead of) any reply rule.
  const optin = confirmDoubleOptInStep(t)
  const plan = planReplyStep({ t, optin })
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
  return new WorkflowResponse(
    transform({ optin, result }, ({ optin, result }): InboundResult =>
      optin.confirmed ? { status: "replied", message_id: optin.message_id, outcome: optin.outcome, actions: ["double_opt_in_confirmed"] } : result
    )
  )
})
