import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyOrderCompletedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await notify(container, { event: "order.completed", resource_id: event.data.id })
}

export const config: SubscriberConfig = {
  event: "order.completed",
  context: { subscriberId: "whatsapp-notify-order-completed" },
}
