import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { notify } from "../lib/notify"

export default async function whatsappNotifyPaymentCapturedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  await notify(container, { event: "payment.captured", resource_id: event.data.id })
}

export const config: SubscriberConfig = {
  event: "payment.captured",
  context: { subscriberId: "whatsapp-notify-payment-captured" },
}
