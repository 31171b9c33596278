import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { handleInboundMessageWorkflow } from "../workflows/inbound/handle-inbound-message"
import { messageOf } from "../modules/whatsapp/domain/errors"

/** Every new inbound message (emitted once per wamid by webhook processing) gets the rules run. */
export default async function whatsappAutoReplyHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  try {
    await handleInboundMessageWorkflow(container).run({ input: { id: event.data.id } })
  } catch (e) {
    container.resolve("logger").error(`whatsapp: auto-reply for message ${event.data.id} failed: ${messageOf(e)}`)
  }
}

export const config: SubscriberConfig = {
  event: "whatsapp.message.received",
  context: { subscriberId: "whatsapp-auto-reply" },
}
