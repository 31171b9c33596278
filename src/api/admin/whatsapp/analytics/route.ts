import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { listFigures } from "../../../../modules/whatsapp/analytics/analytics"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

/** The figures the analytics page can show, each with its title and the filters it honours. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const options = resolveWhatsapp(req.scope).getOptions()
  res.json({ figures: listFigures(), timezone: options.store_timezone })
}
