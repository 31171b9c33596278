import type { AuthenticatedMedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../../../modules/whatsapp"
import type WhatsappModuleService from "../../../../../modules/whatsapp/service"
import { PARAMETER_SOURCES } from "../../../../../modules/whatsapp/domain/notifications"
import { templateVariables } from "../../../../../modules/whatsapp/domain/template-lint"
import type { NotificationMappingBody } from "../../validators"
import { resolveWhatsapp } from "../../../../../modules/whatsapp/resolve"

/** Mappings with a `problem` when the template is missing, not APPROVED, or its variables do not match. */
export async function GET(req: AuthenticatedMedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const mappings = await whatsapp.notifications().mappings()
  const out: Record<string, unknown>[] = []
  for (const m of mappings) {
    const t = await whatsapp.findTemplate(m.template_name, m.template_language)
    let problem: string | null = null
    if (!t) problem = `Template ${m.template_name} (${m.template_language}) is not in the WABA: create it or sync templates`
    else if (t.status !== "APPROVED")
      problem = `Template ${m.template_name} (${m.template_language}) is ${t.status}${t.rejected_reason ? ` (${t.rejected_reason})` : ""}: messages are skipped`
    else {
      const expected = (t.components ?? [])
        .filter((c) => c.type === "BODY" || c.type === "HEADER")
        .reduce((n: number, c) => n + new Set(templateVariables(c.text ?? "")).size, 0)
      const given = m.parameters.filter((p) => p.component !== "button").length
      if (expected !== given) problem = `Template expects ${expected} header/body parameter(s); the mapping fills ${given}`
    }
    out.push({ ...m, template_status: t?.status ?? null, template_category: t?.category ?? null, problem })
  }
  res.json({ mappings: out, parameter_sources: PARAMETER_SOURCES })
}

export async function POST(req: AuthenticatedMedusaRequest<NotificationMappingBody>, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const mapping = await whatsapp.notifications().saveMapping(req.validatedBody)
  res.json({ mapping })
}
