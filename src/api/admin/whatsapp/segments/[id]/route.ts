import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { assertNameFree, loadSegment, whatsappOf } from "../helpers"
import { UpdateSegmentSchema, type UpdateSegmentBody } from "../validators"
import { MedusaError } from "@medusajs/framework/utils"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const { segment, rules } = await loadSegment(whatsapp, req.params.id)
  res.json({ segment: { ...segment, ...(await whatsapp.segmentation().count(rules)) } })
}

/**
 * Validated here rather than in middlewares.ts: a middleware on /segments/:id would also run for
 * POST /segments/preview, /recompute and /settings (express matches every pattern that fits).
 */
export async function POST(req: AuthenticatedMedusaRequest<UpdateSegmentBody>, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const parsed = UpdateSegmentSchema.strict().safeParse(req.body ?? {})
  if (!parsed.success) {
    throw new MedusaError(
      MedusaError.Types.INVALID_DATA,
      `Invalid request: ${parsed.error.issues
        .slice(0, 3)
        .map((i) => i.message)
        .join("; ")}`
    )
  }
  const body = parsed.data
  const { segment } = await loadSegment(whatsapp, req.params.id)
  if (body.name !== undefined) await assertNameFree(whatsapp, body.name, segment.id)
  const updated = await whatsapp.segmentation().updateSegment(segment.id, body)
  const { rules } = await loadSegment(whatsapp, segment.id)
  res.json({ segment: { ...updated, ...(await whatsapp.segmentation().count(rules)) } })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const [segment] = await whatsapp.listWhatsappSegments({ id: req.params.id }, { take: 1 })
  if (!segment) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment ${req.params.id} was not found`)
  await whatsapp.deleteWhatsappSegments(segment.id)
  res.json({ id: segment.id, object: "whatsapp_segment", deleted: true })
}
