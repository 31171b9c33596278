import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyShipmentCreatedHandler({ event, container }: SubscriberArgs<{ id: string; no_notification?: boolean }>) {
  if (event.data.no_notification) return
  await notify(container, { event: "shipment.created", resource_id: event.data.id, fulfillment_id: event.data.id })
}

export const config: SubscriberConfig = {
  event: "shipment.created",
  context: { subscriberId: "whatsapp-notify-shipment-created" },
}
