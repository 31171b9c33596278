import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { CampaignTransitionError } from "../../../../../../modules/whatsapp/domain/campaign-rules"
import type { CampaignActionBody } from "../../validators"

/** POST /admin/whatsapp/campaigns/:id/{start|pause|resume|cancel|unschedule|retarget} */
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
      case "unschedule":
        return res.json({ campaign: await whatsapp.unscheduleCampaign(id, actor, body.reason ?? null) })
      case "retarget":
        return res.status(201).json({ campaign: await whatsapp.campaigns().retarget(id, body.criterion ?? "not_read", retargetOverrides(body), actor) })
      default:
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Unknown campaign action ${action}`)
    }
  } catch (e: any) {
    if (e instanceof MedusaError) throw e
    if (e instanceof CampaignTransitionError) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, e.message)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
  }
}

/**
 * Only what was given overrides the parent. Another template starts with its own parameters and
 * CTA (empty unless given): the parent's were mapped to a different template.
 */
function retargetOverrides(b: CampaignActionBody): Record<string, unknown> {
  const o: Record<string, unknown> = {}
  if (b.name) o.name = b.name
  if (b.message_kind) o.message_kind = b.message_kind
  if (b.template_name) {
    o.template_name = b.template_name
    o.template_language = b.template_language
    o.parameters = b.parameters ?? []
    o.cta = b.cta ?? null
  } else {
    if (b.parameters) o.parameters = b.parameters
    if (b.cta !== undefined) o.cta = b.cta
  }
  if (b.text) o.text = b.text
  if (b.discount_code !== undefined) o.discount_code = b.discount_code
  return o
}
