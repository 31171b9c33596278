import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { tryNormalizePhone } from "../modules/whatsapp/domain/phone"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/**
 * A customer appeared or changed: tie the WhatsApp contact with the same number (which may have
 * written to us before the customer existed) to that customer, with its past messages.
 */
export default async function whatsappLinkCustomerHandler({ event, container }: SubscriberArgs<{ id: string }>) {
  const whatsapp = resolveWhatsapp(container)
  const customer = await container
    .resolve(Modules.CUSTOMER)
    .retrieveCustomer(event.data.id)
    .catch(() => null)
  if (!customer?.phone) return
  const phone = tryNormalizePhone(customer.phone, whatsapp.getOptions().default_region)
  if (!phone) {
    container.resolve("logger").info(`whatsapp: customer ${customer.id} has a phone that is not a valid number; no contact linked`)
    return
  }
  await whatsapp.linkContactToCustomer(phone.wa_id, customer.id)
}

export const config: SubscriberConfig = {
  event: ["customer.created", "customer.updated"],
  context: { subscriberId: "whatsapp-link-customer" },
}
