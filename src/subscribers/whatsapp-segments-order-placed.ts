import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"
import { messageOf } from "../modules/whatsapp/domain/errors"

/**
 * An order was placed or canceled: recompute that customer's metrics, RFM and auto tags now rather
 * than at the nightly run. A failure is logged, not thrown: the nightly full run corrects it.
 */
export default async function whatsappSegmentsOrderPlacedHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const logger = container.resolve("logger")
  try {
    const order = await container.resolve(Modules.ORDER).retrieveOrder(event.data.id, { select: ["id", "customer_id"] })
    if (!order.customer_id) return
    const whatsapp = resolveWhatsapp(container)
    await whatsapp.segmentation().recompute({ customerId: order.customer_id })
  } catch (e) {
    logger.warn(`whatsapp: recomputing segments after ${event.name} ${event.data.id} failed: ${messageOf(e)}`)
  }
}

export const config: SubscriberConfig = {
  event: ["order.placed", "order.canceled"],
  context: { subscriberId: "whatsapp-segments-order-placed" },
}
