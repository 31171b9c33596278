import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"

/** A campaign with its funnel, failures by reason, cost, attribution and state log. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = req.scope.resolve("whatsapp") as any
  const campaign = await whatsapp.campaigns().get(req.params.id)
  if (!campaign) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${req.params.id} not found`)
  const [stats, events] = await Promise.all([whatsapp.getCampaignStats(campaign.id), whatsapp.campaigns().events(campaign.id)])
  res.json({ campaign, stats, events })
}
