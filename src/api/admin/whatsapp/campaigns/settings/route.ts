import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { CampaignSettingsBody } from "../validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/** Campaign settings (throughput, tier, caps, quiet hours, …) and the price table, with the shipped defaults. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json(await whatsapp.campaignWizard().settings())
}

/** `settings` is a patch over what is stored; `price_table` replaces the whole table. */
export async function POST(req: AuthenticatedMedusaRequest<CampaignSettingsBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json(await whatsapp.campaignWizard().updateSettings(req.validatedBody))
}
