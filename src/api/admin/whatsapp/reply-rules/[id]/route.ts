import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import type { ReplyRuleBody } from "../../conversations/validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

export async function POST(req: AuthenticatedMedusaRequest<ReplyRuleBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ rule: await whatsapp.updateWhatsappReplyRules({ id: req.params.id, ...(req.validatedBody as any) }) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  await whatsapp.deleteWhatsappReplyRules([req.params.id])
  res.json({ id: req.params.id, deleted: true })
}
