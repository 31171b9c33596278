import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { parseSegmentRules } from "../../../../modules/whatsapp/domain/segment-rules"
import { assertNameFree, whatsappOf } from "./helpers"
import type { CreateSegmentBody } from "./validators"

/** Saved segments with their live member counts (all, and with marketing consent). */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const limit = Math.min(Number(req.query.limit ?? 50) || 50, 200)
  const offset = Math.max(Number(req.query.offset ?? 0) || 0, 0)
  const [segments, count] = await whatsapp.listAndCountWhatsappSegments({}, { take: limit, skip: offset, order: { name: "ASC" } })
  const now = new Date()
  const withCounts = await Promise.all(
    segments.map(async (s) => {
      const parsed = parseSegmentRules(s.rules)
      if (!parsed.success) return { ...s, members: null, consented: null, rules_errors: parsed.errors }
      return { ...s, ...(await whatsapp.segmentation().count(parsed.rules, now)) }
    })
  )
  res.json({ segments: withCounts, count, limit, offset })
}

export async function POST(req: AuthenticatedMedusaRequest<CreateSegmentBody>, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const body = req.validatedBody
  await assertNameFree(whatsapp, body.name)
  const segment = await whatsapp.createWhatsappSegments({
    name: body.name,
    description: body.description ?? null,
    rules: body.rules as unknown as Record<string, unknown>,
    created_by: req.auth_context?.actor_id ?? null,
  })
  res.status(201).json({ segment: { ...segment, ...(await whatsapp.segmentation().count(body.rules)) } })
}
