import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../../modules/whatsapp/service"
import { resolveWhatsapp } from "../../../../../../modules/whatsapp/resolve"
import { messageOf } from "../../../../../../modules/whatsapp/domain/errors"

/** Resends a failed message as a new one (the failure stays on record). */
export async function POST(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  let outcome
  try {
    outcome = await whatsapp.resendMessage(req.params.id)
  } catch (e) {
    throw new MedusaError(MedusaError.Types.NOT_ALLOWED, messageOf(e))
  }
  res.json({
    outcome: outcome.outcome,
    message: outcome.message,
    error: outcome.outcome === "failed" ? { code: outcome.error.code, title: outcome.error.classification.title, details: outcome.error.details } : null,
  })
}
