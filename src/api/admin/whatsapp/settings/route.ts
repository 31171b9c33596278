import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../modules/whatsapp/service"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

/** The connection as the settings page shows it. Secrets never leave the server. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const options = whatsapp.getRedactedOptions()
  const backend = process.env.MEDUSA_BACKEND_URL || `${req.protocol}://${req.get("host")}`
  res.json({
    mode: options.sandbox ? "sandbox" : "live",
    provider: options.provider,
    api_version: options.api_version,
    base_url: options.base_url,
    phone_number_id: options.phone_number_id,
    waba_id: options.waba_id,
    default_region: options.default_region,
    store_timezone: options.store_timezone,
    store_name: options.store_name ?? null,
    has_access_token: options.has_access_token,
    has_app_secret: options.has_app_secret,
    has_webhook_verify_token: options.has_webhook_verify_token,
    webhook_url: `${backend.replace(/\/$/, "")}/hooks/whatsapp`,
    last_webhook_received_at: await whatsapp.lastWebhookReceivedAt(),
    sandbox_chat_url: options.sandbox ? options.base_url : null,
  })
}
