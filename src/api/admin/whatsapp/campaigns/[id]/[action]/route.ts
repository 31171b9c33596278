import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { CampaignTransitionError } from "../../../../../../modules/whatsapp/domain/campaign-rules"
import type { CampaignActionBody } from "../../validators"

/** POST /admin/whatsapp/campaigns/:id/{start|pause|resume|cancel|retarget} */
export async function POST(req: AuthenticatedMedusaRequest<CampaignActionBody>, res: MedusaResponse) {
  const whatsapp = req.scope.resolve("whatsapp") as any
  const actor = req.auth_context?.actor_id ?? "admin"
  const { id, action } = req.params
  const body = req.validatedBody ?? {}
  try {
    switch (action) {
      case "start":
        return res.json({ campaign: await whatsapp.startCampaign(id, actor, { scheduled_at: body.scheduled_at ?? null }) })
      case "pause":
        return res.json({ campaign: await whatsapp.pauseCampaign(id, actor, body.reason ?? null) })
      case "resume":
        return res.json({ campaign: await whatsapp.resumeCampaign(id, actor) })
      case "cancel":
        return res.json({ campaign: await whatsapp.cancelCampaign(id, actor, body.reason ?? null) })
      case "retarget":
        return res.status(201).json({ campaign: await whatsapp.campaigns().retarget(id, body.criterion ?? "not_read", { name: body.name }, actor) })
      default:
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Unknown campaign action ${action}`)
    }
  } catch (e: any) {
    if (e instanceof MedusaError) throw e
    if (e instanceof CampaignTransitionError) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, e.message)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
  }
}
