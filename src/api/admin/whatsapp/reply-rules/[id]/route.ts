import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import type { ReplyRuleBody } from "../../conversations/validators"

export async function POST(req: AuthenticatedMedusaRequest<ReplyRuleBody>, res: MedusaResponse) {
  const whatsapp: WhatsappModuleService = req.scope.resolve(WHATSAPP_MODULE)
  res.json({ rule: await whatsapp.updateWhatsappReplyRules({ id: req.params.id, ...(req.validatedBody as any) }) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp: WhatsappModuleService = req.scope.resolve(WHATSAPP_MODULE)
  await whatsapp.deleteWhatsappReplyRules([req.params.id])
  res.json({ id: req.params.id, deleted: true })
}
