import type { MedusaContainer } from "@medusajs/framework/types"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/**
 * Every 15 minutes: double opt-in requests past pending_expiry_hours become expired, each with its
 * event. Reads and a late YES also expire them lazily (consent/consent.ts), so this only keeps the
 * ledger current for reports.
 */
export default async function whatsappConsentExpiryJob(container: MedusaContainer) {
  const expired = await resolveWhatsapp(container).expireConsentRequests()
  if (expired) container.resolve(ContainerRegistrationKeys.LOGGER).info(`whatsapp: ${expired} double opt-in request(s) expired unconfirmed`)
}

export const config = {
  name: "whatsapp-consent-expiry",
  schedule: "*/15 * * * *",
}
