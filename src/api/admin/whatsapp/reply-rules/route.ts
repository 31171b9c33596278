import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../modules/whatsapp/service"
import type { ReplyRuleBody } from "../conversations/validators"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ rules: await whatsapp.listWhatsappReplyRules({}, { take: 500, order: { priority: "ASC" } }) })
}

export async function POST(req: AuthenticatedMedusaRequest<ReplyRuleBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ rule: await whatsapp.createWhatsappReplyRules(req.validatedBody as any) })
}
