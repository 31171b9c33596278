import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"
import type { StoreOptOutBody } from "../../validators"
import { requestProof, whoIsAsking } from "../helpers"

/** The customer's own opt-out from the store: counts as their stop (an admin needs new proof to undo it). */
export async function POST(req: AuthenticatedMedusaRequest<StoreOptOutBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const body = req.validatedBody
  const who = await whoIsAsking(req, whatsapp, body.phone)
  const result = await whatsapp.storeOptOut({
    wa_id: who.wa_id,
    customer_id: who.customer_id,
    purposes: body.purposes,
    source: body.source,
    proof: { wording: body.wording ?? null, wording_version: body.wording_version ?? null, ...requestProof(req) },
  })
  const { contact_id: _id, wa_id: _wa, ...consent } = await whatsapp.consentOf(result.contact)
  res.json({ consent: { phone: who.e164, ...consent } })
}
