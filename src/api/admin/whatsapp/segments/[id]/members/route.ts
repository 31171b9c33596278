import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { loadSegment, whatsappOf } from "../../helpers"
import { MembersQuerySchema } from "../../validators"

/** A page of members (name, email, phone, consent); consented_only=true for who a campaign would reach. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const q = MembersQuerySchema.safeParse(req.query)
  if (!q.success)
    throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid query: ${q.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`)
  const whatsapp = whatsappOf(req.scope)
  const { segment, rules } = await loadSegment(whatsapp, req.params.id)
  const limit = q.data.limit ?? 50
  const offset = q.data.offset ?? 0
  const now = new Date()
  const [members, counts] = await Promise.all([
    whatsapp.segmentation().members(rules, { limit, offset, consentedOnly: q.data.consented_only ?? false, now }),
    whatsapp.segmentation().count(rules, now),
  ])
  res.json({
    segment_id: segment.id,
    members,
    count: q.data.consented_only ? counts.consented : counts.members,
    members_count: counts.members,
    consented_count: counts.consented,
    limit,
    offset,
  })
}
