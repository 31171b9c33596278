import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyOrderCanceledHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await notify(container, { event: "order.canceled", resource_id: event.data.id })
}

export const config: SubscriberConfig = {
  event: "order.canceled",
  context: { subscriberId: "whatsapp-notify-order-canceled" },
}
