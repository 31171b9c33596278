import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"
import { redactOldReceipts } from "../modules/whatsapp/webhooks/receipts"

/** Nightly: processed webhooks older than webhook_retention_days lose their raw body (README: Data kept). */
export default async function whatsappWebhookRetentionJob(container: MedusaContainer) {
  const whatsapp = resolveWhatsapp(container)
  const days = whatsapp.getOptions().webhook_retention_days
  const redacted = await redactOldReceipts(container.resolve(ContainerRegistrationKeys.PG_CONNECTION), days)
  if (redacted)
    container.resolve(ContainerRegistrationKeys.LOGGER).info(`whatsapp: blanked the raw body of ${redacted} webhook receipt(s) older than ${days} days`)
}

export const config = {
  name: "whatsapp-webhook-retention",
  schedule: "17 3 * * *",
}
