import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import type { TestSendCampaignBody } from "../validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/**
 * One test message to the number given. 200 when WhatsApp accepted it; 502 with WhatsApp's error
 * when it refused (the message row records it too). An Idempotency-Key header makes retries safe.
 */
export async function POST(req: AuthenticatedMedusaRequest<TestSendCampaignBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const actor = req.auth_context?.actor_id ?? "admin"
  const { outcome, to, customer, message } = await whatsapp
    .campaignWizard()
    .sendTest(req.validatedBody, actor, req.headers["idempotency-key"] as string | undefined)
  if (outcome.outcome === "failed") {
    return res.status(502).json({
      type: "provider_error",
      message: `WhatsApp refused the test message: ${outcome.error.code ?? ""} ${outcome.error.classification.title}`.replace(/\s+/g, " ").trim(),
      code: outcome.error.code ?? null,
      message_id: outcome.message.id,
    })
  }
  res.json({ message: outcome.message, duplicate: outcome.outcome === "duplicate", to, customer, preview: message })
}
