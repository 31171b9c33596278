import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyDeliveryCreatedHandler({ event, container }: SubscriberArgs<{ id: string; no_notification?: boolean }>) {
  if (event.data.no_notification) return
  await notify(container, { event: "delivery.created", resource_id: event.data.id, fulfillment_id: event.data.id })
}

export const config: SubscriberConfig = {
  event: "delivery.created",
  context: { subscriberId: "whatsapp-notify-delivery-created" },
}
