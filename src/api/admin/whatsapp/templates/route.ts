import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { MedusaError } from "@medusajs/framework/utils"
import { WHATSAPP_MODULE } from "../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../modules/whatsapp/service"
import { lintTemplate } from "../../../../modules/whatsapp/domain/template-lint"
import { WhatsAppProviderError } from "../../../../modules/whatsapp/channels/provider"
import type { CreateTemplateBody } from "../validators"
import { resolveWhatsapp } from "../../../../modules/whatsapp/resolve"

export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const templates = await whatsapp.listWhatsappTemplates({}, { order: { name: "ASC" }, take: 1000 })
  const mappings = await whatsapp.notifications().mappings()
  res.json({
    templates: templates.map((t) => ({
      ...t,
      used_by: mappings.filter((m) => m.template_name === t.name && m.template_language === t.language).map((m) => m.event),
    })),
  })
}

/** Lint first; only a clean template (or `force`) is submitted to Meta. */
export async function POST(req: AuthenticatedMedusaRequest<CreateTemplateBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const { force, ...template } = req.validatedBody
  const findings = lintTemplate(template as any)
  if (findings.length && !force) {
    res.status(400).json({ type: "invalid_data", message: `The template would likely be rejected: ${findings.map((f) => f.rule).join(", ")}`, findings })
    return
  }
  try {
    const created = await whatsapp.createTemplate(template as any)
    res.json({ template: created, findings })
  } catch (e) {
    if (e instanceof WhatsAppProviderError) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `WhatsApp refused the template: ${e.message}`)
    }
    throw e
  }
}
