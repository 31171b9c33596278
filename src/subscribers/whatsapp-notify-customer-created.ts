import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyCustomerCreatedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await notify(container, { event: "customer.created", resource_id: event.data.id })
}

export const config: SubscriberConfig = {
  event: "customer.created",
  context: { subscriberId: "whatsapp-notify-customer-created" },
}
