import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { z } from "@medusajs/framework/zod"
import type { EstimateCampaignSchema } from "../validators"

/** Before launch: recipients with consent, estimated cost and duration at the current limits. */
export async function POST(req: AuthenticatedMedusaRequest<z.infer<typeof EstimateCampaignSchema>>, res: MedusaResponse) {
  const whatsapp = req.scope.resolve("whatsapp") as any
  res.json({ estimate: await whatsapp.estimateCampaign(req.validatedBody) })
}
