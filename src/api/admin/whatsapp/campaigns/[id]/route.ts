import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { CampaignNotEditableError } from "../../../../../modules/whatsapp/campaigns/engine"
import { campaignHttpError } from "../../../../../workflows/campaigns/errors"
import { UpdateCampaignSchema } from "../validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/** A campaign with its funnel, failures by reason, cost, attribution and state log. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const campaign = await whatsapp.campaigns().get(req.params.id)
  if (!campaign) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${req.params.id} not found`)
  const [stats, events] = await Promise.all([whatsapp.campaigns().stats(campaign.id), whatsapp.campaigns().events(campaign.id)])
  res.json({ campaign, stats, events })
}

/**
 * Edits a draft or scheduled campaign; 409 once it has started. Validated here rather than in
 * middlewares.ts: a middleware on /campaigns/:id would also run for /campaigns/preview, /settings…
 */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const parsed = UpdateCampaignSchema.safeParse(req.body ?? {})
  if (!parsed.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid request: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => `${i.path.join(".") || "body"}: ${i.message}`)
        .join("; ")}`
    )
  }
  if (!(await whatsapp.campaigns().get(req.params.id))) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${req.params.id} not found`)
  try {
    res.json({ campaign: await whatsapp.campaigns().update(req.params.id, parsed.data, req.auth_context?.actor_id ?? "admin") })
  } catch (e) {
    if (e instanceof CampaignNotEditableError) return conflict(res, e)
    throw campaignHttpError(e)
  }
}

/** Soft-deletes a draft; anything that was scheduled or ran is canceled instead (409). */
export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  let deleted: boolean
  try {
    deleted = await whatsapp.campaigns().remove(req.params.id, req.auth_context?.actor_id ?? "admin")
  } catch (e) {
    if (e instanceof CampaignNotEditableError) return conflict(res, e)
    throw campaignHttpError(e)
  }
  if (!deleted) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Campaign ${req.params.id} not found`)
  res.json({ id: req.params.id, object: "whatsapp_campaign", deleted: true })
}

// Medusa's error handler replaces a CONFLICT's message with a generic one; this one says why.
const conflict = (res: MedusaResponse, e: Error) => res.status(409).json({ type: "conflict", code: "invalid_state_error", message: e.message })
