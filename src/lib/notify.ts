import type { MedusaContainer } from "@medusajs/framework/types"
import { sendNotificationWorkflow } from "../workflows/notifications/send-notification"
import type { NotificationInput } from "../workflows/notifications/steps/load-notification-context"
import { messageOf } from "../modules/whatsapp/domain/errors"

/** What every notification subscriber does: run the workflow and log the outcome, never throw. */
export async function notify(container: MedusaContainer, input: NotificationInput) {
  const logger = container.resolve("logger")
  try {
    const { result } = await sendNotificationWorkflow(container).run({ input })
    if (result.status === "skipped" || result.status === "failed") {
      logger.info(`whatsapp: ${input.event} ${input.resource_id} ${result.status}: ${result.reason}`)
    }
    return result
  } catch (e) {
    // The claim was released by compensation; a redelivery or the retry job will try again.
    logger.error(`whatsapp: ${input.event} ${input.resource_id} notification failed: ${messageOf(e)}`)
    return null
  }
}
