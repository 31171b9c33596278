import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import type { FaqBody } from "../../conversations/validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

export async function POST(req: AuthenticatedMedusaRequest<FaqBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  res.json({ faq: await whatsapp.updateWhatsappFaqs({ id: req.params.id, ...req.validatedBody }) })
}

export async function DELETE(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  await whatsapp.deleteWhatsappFaqs([req.params.id])
  res.json({ id: req.params.id, deleted: true })
}
