import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../modules/whatsapp/service"
import type { FaqBody } from "../conversations/validators"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ faqs: await whatsapp.listWhatsappFaqs({}, { take: 500, order: { title: "ASC" } }) })
}

export async function POST(req: AuthenticatedMedusaRequest<FaqBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ faq: await whatsapp.createWhatsappFaqs(req.validatedBody) })
}
