import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"
import type { StoreConsentBody, StoreConsentQuery } from "../validators"
import { requestProof, whoIsAsking } from "./helpers"

/**
 * The logged-in customer's current consent, for their own phone only. A guest cannot read consent
 * by phone: the publishable key is public, so that would tell anyone whether a number is a
 * customer who opted in or out (PDPA: personal data). Nothing is created for an unknown phone.
 */
export async function GET(req: AuthenticatedMedusaRequest<unknown, StoreConsentQuery>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const auth = (req as Partial<AuthenticatedMedusaRequest>).auth_context
  if (auth?.actor_type !== "customer" || !auth.actor_id) {
    throw new MedusaError(MedusaError.Types.UNAUTHORIZED, "log in to read consent: a guest's consent is not readable by phone")
  }
  // Their own phone: a logged-in customer does not read another number's consent either.
  const who = await whoIsAsking(req, whatsapp)
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
  const { contact_id: _id, wa_id: _wa, ...all } = await whatsapp.consentOf(result.contact)
  // A guest learns only what this form set, not the phone's other consent (see GET).
  const consent = who.customer_id ? all : Object.fromEntries(Object.entries(all).filter(([k]) => k in body.purposes))
  res.status(result.request ? 202 : 200).json({
    consent: { phone: who.e164, ...consent },
    double_opt_in: result.request ? { request_id: result.request.id, expires_at: result.request.expires_at, confirmation: result.confirmation } : null,
  })
}
