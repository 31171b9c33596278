import type { MedusaContainer } from "@medusajs/framework/types"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { notify } from "../lib/notify"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/**
 * Notifications still pending after their in-process retries (a retryable error that lasted,
 * or a crash mid-send) are tried again; the ledger claim lets only one runner take each.
 */
export default async function whatsappRetryNotificationsJob(container: MedusaContainer) {
  const whatsapp = resolveWhatsapp(container)
  const stale = await whatsapp.notifications().listStale({ olderThanMinutes: 2, limit: 200 })
  for (const n of stale) {
    await notify(container, {
      event: n.event as any,
      resource_id: n.resource_id,
      order_id: n.order_id ?? undefined,
      fulfillment_id: n.event === "order.fulfillment_created" || n.event === "shipment.created" || n.event === "delivery.created" ? n.resource_id : undefined,
    })
  }
}

export const config = {
  name: "whatsapp-retry-notifications",
  schedule: "*/5 * * * *",
}
