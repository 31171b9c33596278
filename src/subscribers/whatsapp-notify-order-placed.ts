import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyOrderPlacedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await notify(container, { event: "order.placed", resource_id: event.data.id })
}

export const config: SubscriberConfig = {
  event: "order.placed",
  context: { subscriberId: "whatsapp-notify-order-placed" },
}
