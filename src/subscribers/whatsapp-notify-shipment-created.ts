import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

// "Send notification" off: recorded as skipped with that reason (load-notification-context), not dropped.
export default async function whatsappNotifyShipmentCreatedHandler({ event, container }: SubscriberArgs<{ id: string; no_notification?: boolean }>) {
  await notify(container, {
    event: "shipment.created",
    resource_id: event.data.id,
    fulfillment_id: event.data.id,
    no_notification: !!event.data.no_notification,
  })
}

export const config: SubscriberConfig = {
  event: "shipment.created",
  context: { subscriberId: "whatsapp-notify-shipment-created" },
}
