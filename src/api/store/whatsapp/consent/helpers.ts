import type { AuthenticatedMedusaRequest } from "@medusajs/framework/http"
import { MedusaError, Modules } from "@medusajs/framework/utils"
import { InvalidPhoneNumberError } from "../../../../modules/whatsapp/domain/phone"
import type WhatsappModuleService from "../../../../modules/whatsapp/service"

export interface Asker {
  wa_id: string
  e164: string
  customer_id: string | null
}

/**
 * Whose consent this is: the logged-in customer (their phone unless the form gives one), else the
 * guest's phone. A missing or bad phone is a 400 naming `phone`, before anything is written.
 */
export async function whoIsAsking(req: AuthenticatedMedusaRequest<unknown>, whatsapp: WhatsappModuleService, phone?: string): Promise<Asker> {
  const auth = (req as Partial<AuthenticatedMedusaRequest>).auth_context
  const customer_id = auth?.actor_type === "customer" && auth.actor_id ? auth.actor_id : null
  let given = phone
  if (!given && customer_id) given = (await req.scope.resolve(Modules.CUSTOMER).retrieveCustomer(customer_id)).phone ?? undefined
  if (!given)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, customer_id ? "phone: the customer has no phone number; send one" : "phone: required for a guest")
  try {
    const { wa_id, e164 } = whatsapp.normalizePhone(given)
    return { wa_id, e164, customer_id }
  } catch (e) {
    if (e instanceof InvalidPhoneNumberError) throw new MedusaError(MedusaError.Types.INVALID_DATA, `phone: ${e.message}`)
    throw e
  }
}

/** Where the request came from, kept as proof with the wording. */
export function requestProof(req: AuthenticatedMedusaRequest<unknown>) {
  return { ip: req.ip ?? req.socket?.remoteAddress ?? null, user_agent: req.get("user-agent")?.slice(0, 1000) ?? null }
}
