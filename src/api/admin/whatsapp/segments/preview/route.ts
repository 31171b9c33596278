import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { whatsappOf } from "../helpers"
import type { PreviewSegmentBody } from "../validators"

/** Live count of a rule tree being edited: members, members with marketing consent, and a sample. */
export async function POST(req: AuthenticatedMedusaRequest<PreviewSegmentBody>, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const { rules, sample } = req.validatedBody
  res.json(await whatsapp.segmentation().preview(rules, { sample: sample ?? 10 }))
}
