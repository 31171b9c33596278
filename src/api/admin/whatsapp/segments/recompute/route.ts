import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { whatsappOf } from "../helpers"
import type { RecomputeBody } from "../validators"

/** Recompute now: every customer, or one (customer_id). Answers when it is done. */
export async function POST(req: AuthenticatedMedusaRequest<RecomputeBody>, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const result = await whatsapp.segmentation().recompute({ customerId: req.validatedBody?.customer_id })
  res.json({ result })
}
