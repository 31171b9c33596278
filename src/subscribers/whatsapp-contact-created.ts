import type { SubscriberArgs, SubscriberConfig } from "@medusajs/framework"
import { Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../modules/whatsapp"
import type WhatsappModuleService from "../modules/whatsapp/service"
import { phoneSpellings } from "../modules/whatsapp/domain/phone"
import { resolveWhatsapp } from "../modules/whatsapp/resolve"

/** An unknown number wrote to us: find the customer who saved that phone, in any spelling. */
export default async function whatsappContactCreatedHandler({ event, container }: SubscriberArgs<{ id: string; wa_id: string }>) {
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
  event: "whatsapp.contact.created",
  context: { subscriberId: "whatsapp-contact-created" },
}
