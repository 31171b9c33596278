import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyFulfillmentCreatedHandler({
  event,
  container,
}: SubscriberArgs<{ order_id: string; fulfillment_id: string; no_notification?: boolean }>) {
  // "Send notification" off: nothing is sent, but the skip is recorded with that reason (the
  // merchant sees why, instead of no trace at all).
  const { order_id, fulfillment_id, no_notification } = event.data
  await notify(container, { event: "order.fulfillment_created", resource_id: fulfillment_id, order_id, fulfillment_id, no_notification: !!no_notification })
}

export const config: SubscriberConfig = {
  event: "order.fulfillment_created",
  context: { subscriberId: "whatsapp-notify-fulfillment-created" },
}
