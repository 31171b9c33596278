import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"
import type { StoreConsentBody, StoreConsentQuery } from "../validators"
import { requestProof, whoIsAsking } from "./helpers"

/** The current consent of the logged-in customer or of a guest's phone (nothing is created for an unknown phone). */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreConsentQuery>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const who = await whoIsAsking(req, whatsapp, req.validatedQuery.phone)
  const contact = await whatsapp.findContactByWaId(who.wa_id)
  if (!contact) {
    const unknown = { state: "unknown", source: null, at: null }
    return res.json({ consent: { phone: who.e164, transactional: unknown, marketing: { ...unknown, pending: null } } })
  }
  const { contact_id: _id, wa_id: _wa, ...consent } = await whatsapp.consentOf(contact)
  res.json({ consent: { phone: who.e164, ...consent } })
}

/**
 * The storefront's checkbox: each purpose with the wording shown, its version, the source, IP and
 * user agent. Marketing waits for the customer's YES on WhatsApp when double opt-in is on.
 */
export async function POST(req: AuthenticatedMedusaRequest<StoreConsentBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const body = req.validatedBody
  const who = await whoIsAsking(req, whatsapp, body.phone)
  const result = await whatsapp.recordStoreConsent(
    {
      wa_id: who.wa_id,
      customer_id: who.customer_id,
      purposes: body.purposes,
      source: body.source,
      proof: { wording: body.wording, wording_version: body.wording_version, ...requestProof(req) },
    },
    body.language
  )
  const { contact_id: _id, wa_id: _wa, ...consent } = await whatsapp.consentOf(result.contact)
  res.status(result.request ? 202 : 200).json({
    consent: { phone: who.e164, ...consent },
    double_opt_in: result.request ? { request_id: result.request.id, expires_at: result.request.expires_at, confirmation: result.confirmation } : null,
  })
}
