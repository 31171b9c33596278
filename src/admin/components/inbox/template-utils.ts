/** What the inbox and the rules can fill in a template: body variables, by position. */
import type { WhatsappTemplate } from "../../lib/notifications"

export const templateKey = (name: string, language: string) => `${name}|${language}`

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/** Unique variable names in order of first use ("1", "2" or "first_name"). */
export function variablesIn(text: string | null | undefined): string[] {
  return [...new Set([...(text ?? "").matchAll(VARIABLE)].map((m) => m[1]))]
}

export function bodyOf(template: WhatsappTemplate | null | undefined): string | null {
  return template?.components?.find((c) => c.type === "BODY")?.text ?? null
}

export function bodyVariables(template: WhatsappTemplate | null | undefined): string[] {
  const vars = variablesIn(bodyOf(template))
  return vars.every((v) => /^\d+$/.test(v)) ? vars.sort((a, b) => Number(a) - Number(b)) : vars
}

/**
 * Why a template can't be sent as the inbox and the rules send it (body parameters only, by
 * position), or null when it can.
 */
export function unsupportedReason(template: WhatsappTemplate): string | null {
  const components = template.components ?? []
  const header = components.find((c) => c.type === "HEADER")
  if (header && header.format && header.format !== "TEXT") return `Its ${header.format.toLowerCase()} header needs media, which can't be attached here.`
  if (variablesIn(header?.text).length) return "Its header has a variable, which can't be filled here."
  if (template.parameter_format === "NAMED" && bodyVariables(template).length) return "It uses named variables; only numbered ({{1}}) ones can be filled here."
  const buttons = components.find((c) => c.type === "BUTTONS")?.buttons ?? []
  if (buttons.some((b) => b.type === "URL" && variablesIn(b.url).length)) return "A button link has a variable, which can't be filled here."
  return null
}

export const isApproved = (t: WhatsappTemplate) => t.status === "APPROVED"

/** "Hi {{1}}, order {{2}}" + ["Ana"] → "Hi Ana, order {{2}}" */
export function fillBody(body: string, variables: string[], values: string[]): string {
  return body.replace(VARIABLE, (m, name: string) => {
    const i = variables.indexOf(name)
    return i >= 0 && values[i] ? values[i] : m
  })
}
