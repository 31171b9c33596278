import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { trackInboundStep } from "./steps/track-inbound"
import { planReplyStep } from "./steps/plan-reply"
import { issueDiscountStep } from "./steps/issue-discount"
import { replyStep } from "./steps/apply-auto-reply"
import type { InboundInput } from "./types"

export type { InboundInput, InboundResult } from "./types"

/** An inbound customer message → tracked conversation → at most one automatic answer. */
export const handleInboundMessageWorkflow = createWorkflow("whatsapp-handle-inbound-message", (input: InboundInput) => {
  const t = trackInboundStep(input)
  const plan = planReplyStep(t)
  const issued = issueDiscountStep({ t, plan })
  const result = replyStep({ t, plan, issued })
  return new WorkflowResponse(result)
})
