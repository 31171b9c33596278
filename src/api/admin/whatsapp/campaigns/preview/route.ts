import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { PreviewCampaignBody } from "../validators"

/** The drafted message rendered for a real customer, as the sender would render it, and read back as text. */
export async function POST(req: AuthenticatedMedusaRequest<PreviewCampaignBody>, res: MedusaResponse) {
  const whatsapp = req.scope.resolve("whatsapp") as any
  res.json({ preview: await whatsapp.previewCampaignMessage(req.validatedBody) })
}
