import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import { tryNormalizePhone } from "../../../../../modules/whatsapp/domain/phone"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/** Everything the customer widget shows: number, consent, window, tags, latest messages both ways. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(req.params.id)
  const limit = Math.min(Number(req.query.limit ?? 20) || 20, 100)

  let [contact] = await whatsapp.listWhatsappContacts({ customer_id: customer.id }, { take: 1, order: { updated_at: "DESC" } })
  const phone = customer.phone ? tryNormalizePhone(customer.phone, whatsapp.getOptions().default_region) : null
  if (!contact && phone) {
    // The number wrote to us before the link was made (or the phone was edited): link it now.
    const [byNumber] = await whatsapp.listWhatsappContacts({ wa_id: phone.wa_id }, { take: 1 })
    if (byNumber) contact = { ...byNumber, ...(await whatsapp.linkContactToCustomer(phone.wa_id, customer.id)) }
  }
  const messages = contact ? await whatsapp.listWhatsappMessages({ contact_id: contact.id }, { take: limit, order: { created_at: "DESC" } }) : []
  const tagLinks = await whatsapp.listWhatsappCustomerTags({ customer_id: customer.id }, { relations: ["tag"] })

  res.json({
    customer_id: customer.id,
    phone: customer.phone ?? null,
    phone_valid: customer.phone ? !!phone : null,
    wa_id: contact?.wa_id ?? phone?.wa_id ?? null,
    contact: contact ?? null,
    window_open: contact ? whatsapp.isWindowOpen(contact) : false,
    tags: tagLinks.map((t: any) => ({ id: t.tag.id, name: t.tag.name, kind: t.tag.kind, source: t.source })),
    messages,
  })
}
