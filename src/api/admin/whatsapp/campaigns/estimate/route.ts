import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import type { EstimateCampaignSchema } from "../validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/** Before launch: recipients with consent, estimated cost and duration at the current limits. */
export async function POST(req: AuthenticatedMedusaRequest<z.infer<typeof EstimateCampaignSchema>>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ estimate: await whatsapp.campaigns().estimate(req.validatedBody) })
}
