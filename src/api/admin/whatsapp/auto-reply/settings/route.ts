import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import { AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS, type AutoReplySettings } from "../../../../../modules/whatsapp/conversations/defaults"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ settings: await whatsapp.getSetting(AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS) })
}

export async function POST(req: AuthenticatedMedusaRequest<AutoReplySettings>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ settings: await whatsapp.setSetting(AUTO_REPLY_SETTINGS_KEY, req.validatedBody) })
}
