/** Pure helpers for editing one event → template mapping. */
import type { NotificationMapping, ParameterMapping, WhatsappTemplate } from "../../lib/notifications"
import { variablesOf } from "./template-draft"

export const templateKey = (name: string, language: string) => `${name}|${language}`

/** The body as a mapping would be saved: no empty fallbacks or names, a button index only on buttons. */
export function cleanMapping(m: NotificationMapping): NotificationMapping {
  return {
    event: m.event,
    enabled: m.enabled,
    template_name: m.template_name,
    template_language: m.template_language,
    parameters: m.parameters.map((p): ParameterMapping => ({
      component: p.component,
      ...(p.component === "button" ? { index: p.index ?? 0 } : {}),
      source: p.source,
      ...(p.fallback ? { fallback: p.fallback } : {}),
      ...(p.parameter_name ? { parameter_name: p.parameter_name } : {}),
    })),
  }
}

export const sameMapping = (a: NotificationMapping, b: NotificationMapping) => JSON.stringify(cleanMapping(a)) === JSON.stringify(cleanMapping(b))

export function findTemplate(templates: WhatsappTemplate[], name: string, language: string) {
  return templates.find((t) => t.name === name && t.language === language) ?? null
}

export function bodyText(template: WhatsappTemplate | null): string | null {
  return template?.components?.find((c) => c.type === "BODY")?.text ?? null
}

/** Header + body variables the template expects (what the backend compares the mapping with). */
export function expectedParameters(template: WhatsappTemplate): number {
  return (template.components ?? []).filter((c) => c.type === "BODY" || c.type === "HEADER").reduce((n, c) => n + variablesOf(c.text ?? "").length, 0)
}

/** Live version of the backend's parameter-count check, for a mapping being edited. */
export function parameterCountProblem(template: WhatsappTemplate | null, parameters: ParameterMapping[]): string | null {
  if (!template) return null
  const expected = expectedParameters(template)
  const given = parameters.filter((p) => p.component !== "button").length
  return expected === given ? null : `The template expects ${expected} header/body parameter(s); this mapping fills ${given}.`
}
