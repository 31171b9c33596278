import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { whatsappOf } from "../helpers"

/** The seed article's table: for each built-in dimension, customers (and consented ones) per band; plus every tag. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = whatsappOf(req.scope)
  const [dashboard, tags] = await Promise.all([whatsapp.segmentation().dashboard(), whatsapp.segmentation().tagsWithCounts()])
  res.json({ ...dashboard, tags })
}
