import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { DEFAULT_SEGMENT_SETTINGS } from "../../../../../modules/whatsapp/domain/tag-rules"
import { whatsappOf } from "../helpers"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  res.json({ settings: await whatsapp.segmentation().settings(), defaults: DEFAULT_SEGMENT_SETTINGS })
}

/**
 * A partial update of the thresholds (each section merged over the current values), then a full
 * recompute so the tags follow at once; ?recompute=false skips it (the nightly run catches up).
 */
export async function POST(req: AuthenticatedMedusaRequest<Record<string, unknown>>, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const settings = await whatsapp.segmentation().updateSettings(req.validatedBody ?? {})
  const recompute = req.query.recompute !== "false" ? await whatsapp.segmentation().recompute() : null
  res.json({ settings, recompute })
}

export const PUT = POST
