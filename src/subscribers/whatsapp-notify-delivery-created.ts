import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

// "Send notification" off: recorded as skipped with that reason (load-notification-context), not dropped.
export default async function whatsappNotifyDeliveryCreatedHandler({ event, container }: SubscriberArgs<{ id: string; no_notification?: boolean }>) {
  await notify(container, {
    event: "delivery.created",
    resource_id: event.data.id,
    fulfillment_id: event.data.id,
    no_notification: !!event.data.no_notification,
  })
}

export const config: SubscriberConfig = {
  event: "delivery.created",
  context: { subscriberId: "whatsapp-notify-delivery-created" },
}
