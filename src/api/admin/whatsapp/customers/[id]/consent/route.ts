import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../../modules/whatsapp/service"
import type { SetConsentBody } from "../../../validators"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"
import { messageOf } from "../../../../../../modules/whatsapp/domain/errors"

/** A merchant records consent collected elsewhere (checkout box, in store, on the phone). */
export async function POST(req: AuthenticatedMedusaRequest<SetConsentBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(req.params.id)
  if (!customer.phone) {
    // A WhatsApp username user known by business-scoped user id only: their contact is the one
    // linked to this customer, with no phone to normalise.
    const [byBsuid] = await whatsapp.listWhatsappContacts({ customer_id: customer.id, user_id: { $ne: null } } as Record<string, unknown>, { take: 1 })
    if (byBsuid) {
      const updated = await whatsapp.setConsent(byBsuid.id, req.validatedBody.purpose, req.validatedBody.consent, `admin:${req.auth_context.actor_id}`)
      return void res.json({ contact: updated })
    }
    throw new MedusaError(MedusaError.Types.INVALID_DATA, "The customer has no phone number; add one before recording WhatsApp consent")
  }
  let wa_id: string
  try {
    wa_id = whatsapp.normalizePhone(customer.phone).wa_id
  } catch (e) {
    throw new MedusaError(MedusaError.Types.INVALID_DATA, messageOf(e))
  }
  const contact = await whatsapp.linkContactToCustomer(wa_id, customer.id)
  const body = req.validatedBody
  const updated = await whatsapp.setConsent(contact.id, body.purpose, body.consent, `admin:${req.auth_context.actor_id}`)
  res.json({ contact: updated })
}
