import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../modules/whatsapp/service"
import { AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS } from "../../../../modules/whatsapp/conversations/defaults"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

/** The inbox: VIP first, then longest waiting; red-flagged past the merchant's limit. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const settings = await whatsapp.getSetting(AUTO_REPLY_SETTINGS_KEY, DEFAULT_AUTO_REPLY_SETTINGS)
  const limit = Math.min(Number(req.query.limit ?? 50) || 50, 200)
  const offset = Math.max(Number(req.query.offset ?? 0) || 0, 0)
  const conversations = await whatsapp.conversations().inbox({ flagAfterMinutes: settings.flag_after_minutes, limit, offset })
  res.json({ conversations, flag_after_minutes: settings.flag_after_minutes, now: whatsapp.now() })
}
