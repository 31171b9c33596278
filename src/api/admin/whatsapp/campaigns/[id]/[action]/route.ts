import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import {
  campaignHttpError,
  cancelCampaignWorkflow,
  pauseCampaignWorkflow,
  resumeCampaignWorkflow,
  retargetCampaignWorkflow,
  startCampaignWorkflow,
} from "../../../../../../workflows/campaigns"
import type { CampaignActionBody } from "../../validators"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"

/** POST /admin/whatsapp/campaigns/:id/{start|pause|resume|cancel|retarget}, each a workflow (src/workflows/campaigns), and unschedule. */
export async function POST(req: AuthenticatedMedusaRequest<CampaignActionBody>, res: MedusaResponse) {
  const actor = req.auth_context?.actor_id ?? "admin"
  const { id, action } = req.params
  const body = req.validatedBody ?? ({} as CampaignActionBody)
  const reason = body.reason ?? null
  try {
    switch (action) {
      case "start": {
        const input = { id, actor, scheduled_at: body.scheduled_at ? body.scheduled_at.toISOString() : null }
        return res.json({ campaign: (await startCampaignWorkflow(req.scope).run({ input })).result })
      }
      case "pause":
        return res.json({ campaign: (await pauseCampaignWorkflow(req.scope).run({ input: { id, actor, reason } })).result })
      case "resume":
        return res.json({ campaign: (await resumeCampaignWorkflow(req.scope).run({ input: { id, actor } })).result })
      case "cancel":
        return res.json({ campaign: (await cancelCampaignWorkflow(req.scope).run({ input: { id, actor, reason } })).result })
      case "unschedule": {
        // One state change with nothing after it to undo: no workflow needed.
        const whatsapp = resolveWhatsapp(req.scope)
        return res.json({ campaign: await whatsapp.campaigns().unschedule(id, actor, reason) })
      }
      case "retarget": {
        const input = { parent_id: id, criterion: body.criterion ?? "not_read", overrides: retargetOverrides(body), actor }
        return res.status(201).json({ campaign: (await retargetCampaignWorkflow(req.scope).run({ input })).result })
      }
      default:
        throw new MedusaError(MedusaError.Types.NOT_FOUND, `Unknown campaign action ${action}`)
    }
  } catch (e) {
    // State-machine refusals → NOT_ALLOWED, everything else → INVALID_DATA (400), as before the workflows.
    throw campaignHttpError(e)
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
