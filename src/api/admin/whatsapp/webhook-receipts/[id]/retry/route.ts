import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"

/** Tries a failed receipt again from its first attempt (it is applied in the background). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const ok = await resolveWhatsapp(req.scope).receipts().retry(req.params.id)
  if (!ok)
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Receipt ${req.params.id} is not a failed receipt with its body (only failed receipts can be retried)`)
  res.json({ id: req.params.id, retried: true })
}
