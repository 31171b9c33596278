import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { phoneSpellings } from "../modules/whatsapp/domain/phone"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/**
 * An unknown number wrote to us, or a contact known only by BSUID (a username user) showed its
 * phone: find the customer who saved that phone, in any spelling. A BSUID-only contact has no
 * phone to match yet; it is linked when its phone shows up (whatsapp.contact.identity_updated).
 */
export default async function whatsappContactCreatedHandler({ event, container }: SubscriberArgs<{ id: string; wa_id: string | null }>) {
  if (!event.data.wa_id) return
  const whatsapp = resolveWhatsapp(container)
  const customers = await container
    .resolve(Modules.CUSTOMER)
    .listCustomers({ phone: phoneSpellings(event.data.wa_id) } as Record<string, unknown>, { select: ["id", "has_account"], take: 10 })
  if (!customers.length) return
  // Several customers (guest checkouts) may share a phone: prefer the registered one.
  const customer = customers.find((c) => c.has_account) ?? customers[0]
  await whatsapp.linkContactToCustomer(event.data.wa_id, customer.id)
}

export const config: SubscriberConfig = {
  event: ["whatsapp.contact.created", "whatsapp.contact.identity_updated"],
  context: { subscriberId: "whatsapp-contact-created" },
}
