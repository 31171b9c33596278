import type { MedusaContainer } from "@medusajs/framework/types"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { tryNormalizePhone } from "../modules/whatsapp/domain/phone"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/**
 * Ties a customer's phone to their WhatsApp contact and records opt-ins a storefront captured
 * in metadata (`whatsapp_opt_in`, `whatsapp_marketing_opt_in` on the customer or the order).
 * Idempotent: an opt-in already recorded is not re-stamped.
 */
export async function syncCustomerContact(
  container: MedusaContainer,
  customer: { id: string; phone?: string | null; metadata?: Record<string, unknown> | null },
  phone: string | null = customer.phone ?? null,
  orderMetadata?: Record<string, unknown> | null
): Promise<{ contact_id: string; wa_id: string } | null> {
  const whatsapp = resolveWhatsapp(container)
  const normalized = phone ? tryNormalizePhone(phone, whatsapp.getOptions().default_region) : null
  if (!normalized) return null
  const contact = await whatsapp.linkContactToCustomer(normalized.wa_id, customer.id)
  const [row] = await whatsapp.listWhatsappContacts({ id: contact.id }, { take: 1 })
  const optIn = (key: string) => customer.metadata?.[key] === true || orderMetadata?.[key] === true
  const source = (key: string) => (customer.metadata?.[key] === true ? `customer.metadata.${key}` : `order.metadata.${key}`)
  if (optIn("whatsapp_opt_in") && row.transactional_consent === "unknown") {
    await whatsapp.changeConsent({
      contact_id: contact.id,
      purpose: "transactional",
      state: "granted",
      source: "metadata",
      actor: { type: "customer" },
      detail: source("whatsapp_opt_in"),
    })
  }
  if (optIn("whatsapp_marketing_opt_in") && row.marketing_consent === "unknown") {
    await whatsapp.changeConsent({
      contact_id: contact.id,
      purpose: "marketing",
      state: "granted",
      source: "metadata",
      actor: { type: "customer" },
      detail: source("whatsapp_marketing_opt_in"),
    })
  }
  return { contact_id: contact.id, wa_id: normalized.wa_id }
}
