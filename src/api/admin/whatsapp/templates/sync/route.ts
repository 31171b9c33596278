import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"

export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp: WhatsappModuleService = req.scope.resolve(WHATSAPP_MODULE)
  res.json(await whatsapp.syncTemplates())
}
