import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json(await whatsapp.syncTemplates())
}
