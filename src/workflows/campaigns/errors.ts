import { MedusaError } from "@medusajs/framework/utils"

/**
 * What a campaign workflow threw, as the admin routes answer it. Workflow errors arrive
 * serialized (plain objects), so a MedusaError is recognised by its marker and rebuilt with its
 * type (the steps turn state-machine refusals into NOT_ALLOWED); anything else is the request's
 * fault as far as the merchant can act on it (400), as the routes answered before.
 */
export function campaignHttpError(e: any): MedusaError {
  if (e instanceof MedusaError) return e
  if (e && MedusaError.isMedusaError(e) && e.type) return new MedusaError(e.type, e.message)
  return new MedusaError(MedusaError.Types.INVALID_DATA, e?.message ?? String(e))
}
