import { createWorkflow, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import { claimNotificationStep } from "./steps/claim-notification"
import { deliverNotificationStep } from "./steps/deliver-notification"
import { loadNotificationContextStep, type NotificationInput } from "./steps/load-notification-context"

/** One Medusa event → at most one approved-template WhatsApp message, with the outcome recorded. */
export const sendNotificationWorkflow = createWorkflow("whatsapp-send-notification", (input: NotificationInput) => {
  const loaded = loadNotificationContextStep(input)
  const claim = claimNotificationStep({ input, loaded })
  const result = deliverNotificationStep({ input, loaded, claim })
  return new WorkflowResponse(result)
})
