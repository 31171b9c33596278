import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import type { SetConsentBody } from "../../../validators"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"
import { messageOf } from "../../../../../../modules/whatsapp/domain/errors"
import { ConsentProofRequiredError } from "../../../../../../modules/whatsapp/consent/consent"

/**
 * A merchant records consent collected elsewhere (checkout box, in store, on the phone). After the
 * customer's own STOP, re-granting marketing needs a reason and a proof reference: 409 without.
 */
export async function POST(req: AuthenticatedMedusaRequest<SetConsentBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const customer = await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(req.params.id)
  const body = req.validatedBody
  let contactId: string
  if (!customer.phone) {
    // A WhatsApp username user known by business-scoped user id only: their contact is the one
    // linked to this customer, with no phone to normalise.
    const [byBsuid] = await whatsapp.listWhatsappContacts({ customer_id: customer.id, user_id: { $ne: null } } as Record<string, unknown>, { take: 1 })
    if (!byBsuid) throw new MedusaError(MedusaError.Types.INVALID_DATA, "The customer has no phone number; add one before recording WhatsApp consent")
    contactId = byBsuid.id
  } else {
    let wa_id: string
    try {
      wa_id = whatsapp.normalizePhone(customer.phone).wa_id
    } catch (e) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, messageOf(e))
    }
    contactId = (await whatsapp.linkContactToCustomer(wa_id, customer.id)).id
  }
  try {
    const result = await whatsapp.changeConsent({
      contact_id: contactId,
      purpose: body.purpose,
      state: body.consent,
      source: "admin",
      actor: { type: "admin", id: req.auth_context.actor_id },
      detail: `admin:${req.auth_context.actor_id}`,
      reason: body.reason ?? null,
      proof_reference: body.proof_reference ?? null,
      // With new proof, the decision is recorded even if the state is already what was asked.
      record_unchanged: !!body.proof_reference,
    })
    res.json({ contact: result.contact, changed: result.changed, event_id: result.event_id })
  } catch (e) {
    if (!(e instanceof ConsentProofRequiredError)) throw e
    res.status(409).json({ type: "proof_required", message: e.message, stopped_at: e.stopped_at, stop_source: e.stop_source, missing: e.missing })
  }
}
