import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"
import { messageOf } from "../modules/whatsapp/domain/errors"

type Data = { id: string; customer_id?: string | null; status?: string }

/**
 * A customer replied, or read one of our messages: their engagement (engaged / dormant, replies
 * in 7/30 days) changes, so recompute that customer. Unlinked numbers have no customer to tag.
 */
export default async function whatsappSegmentsMessageHandler({ event, container }: SubscriberArgs<Data>) {
  const logger = container.resolve("logger")
  const whatsapp = resolveWhatsapp(container)
  try {
    let customerId = event.data.customer_id ?? null
    if (event.name === "whatsapp.message.status_updated") {
      if (event.data.status !== "read") return
      const [message] = await whatsapp.listWhatsappMessages({ id: event.data.id }, { select: ["id", "customer_id"], take: 1 })
      customerId = message?.customer_id ?? null
    }
    if (!customerId) return
    await whatsapp.segmentation().recompute({ customerId })
  } catch (e) {
    logger.warn(`whatsapp: recomputing segments after ${event.name} ${event.data.id} failed: ${messageOf(e)}`)
  }
}

export const config: SubscriberConfig = {
  event: ["whatsapp.message.received", "whatsapp.message.status_updated"],
  context: { subscriberId: "whatsapp-segments-message-received" },
}
