import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { createCampaignWorkflow } from "../../../../workflows/campaigns"
import type { CreateCampaignBody } from "./validators"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

/** Campaigns with state and progress. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const limit = Math.min(Number(req.query.limit ?? 50) || 50, 200)
  const offset = Math.max(Number(req.query.offset ?? 0) || 0, 0)
  res.json({ ...(await whatsapp.campaigns().list({ limit, offset })), limit, offset })
}

/** Creates a draft (createCampaignWorkflow). */
export async function POST(req: AuthenticatedMedusaRequest<CreateCampaignBody>, res: MedusaResponse) {
  const { result: campaign } = await createCampaignWorkflow(req.scope).run({
    input: { data: req.validatedBody as Record<string, unknown>, actor: req.auth_context?.actor_id ?? "admin" },
  })
  res.status(201).json({ campaign })
}
