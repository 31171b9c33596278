import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { PreviewCampaignBody } from "../validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/** The drafted message rendered for a real customer, as the sender would render it, and read back as text. */
export async function POST(req: AuthenticatedMedusaRequest<PreviewCampaignBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ preview: await whatsapp.campaignWizard().preview(req.validatedBody) })
}
