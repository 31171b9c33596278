import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyFulfillmentCreatedHandler({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string; no_notification?: boolean }>) {
  // The merchant asked Medusa not to notify the customer about this fulfillment.
  if (event.data.no_notification) return
  const { order_id, fulfillment_id } = event.data
  await notify(container, { event: "order.fulfillment_created", resource_id: fulfillment_id, order_id, fulfillment_id })
}

export const config: SubscriberConfig = {
  event: "order.fulfillment_created",
  context: { subscriberId: "whatsapp-notify-fulfillment-created" },
}
