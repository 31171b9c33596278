/** Template variables and the slots a campaign fills (header/body variables, URL button suffixes). */
import type { TemplateDefinitionComponent, WhatsappTemplate } from "../notifications"
import type { CampaignParameter } from "./types"

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/** Unique variable names in order of first use ("1", "2" or "first_name"), numbered ones sorted. */
export function variablesIn(text: string | null | undefined): string[] {
  const vars = [...new Set([...(text ?? "").matchAll(VARIABLE)].map((m) => m[1]))]
  return vars.every((v) => /^\d+$/.test(v)) ? vars.sort((a, b) => Number(a) - Number(b)) : vars
}

/** "Hi {{1}}" + { "1": "Ana" } → "Hi Ana"; unknown variables stay as they are. */
export function fillVariables(text: string, values: Record<string, string | null | undefined>): string {
  return text.replace(VARIABLE, (m, name: string) => {
    const v = values[name]
    return v === undefined || v === null || v === "" ? m : v
  })
}

export const componentOf = (t: WhatsappTemplate | null | undefined, type: TemplateDefinitionComponent["type"]) =>
  t?.components?.find((c) => c.type === type) ?? null

export const buttonsOf = (t: WhatsappTemplate | null | undefined) => componentOf(t, "BUTTONS")?.buttons ?? []

/** A slot the campaign must fill: a header/body variable, or a URL button's suffix. */
export interface TemplateSlot {
  key: string
  component: "header" | "body" | "button"
  /** Button position for URL buttons. */
  index?: number
  /** The variable name: "1", "2" or "first_name". */
  variable: string
  label: string
}

/** Every variable of a template, in the order the Cloud API expects them per component. */
export function templateSlots(t: WhatsappTemplate | null | undefined): TemplateSlot[] {
  if (!t) return []
  const header = componentOf(t, "HEADER")
  const slots: TemplateSlot[] = []
  if (!header?.format || header.format === "TEXT") {
    for (const v of variablesIn(header?.text)) slots.push({ key: `header:${v}`, component: "header", variable: v, label: `Header {{${v}}}` })
  }
  for (const v of variablesIn(componentOf(t, "BODY")?.text)) slots.push({ key: `body:${v}`, component: "body", variable: v, label: `Body {{${v}}}` })
  buttonsOf(t).forEach((b, i) => {
    if (b.type !== "URL") return
    for (const v of variablesIn(b.url)) {
      slots.push({ key: `button:${i}:${v}`, component: "button", index: i, variable: v, label: `Button “${b.text}” link {{${v}}}` })
    }
  })
  return slots
}

export const slotKeyOf = (p: Pick<CampaignParameter, "component" | "index" | "parameter_name">, variable: string) =>
  p.component === "button" ? `button:${p.index ?? 0}:${variable}` : `${p.component}:${variable}`

/** Why a template can't be used for a campaign, or null when it can. */
export function campaignTemplateProblem(t: WhatsappTemplate): string | null {
  if (t.status !== "APPROVED") return `It is ${String(t.status).toLowerCase().replace(/_/g, " ")}, not approved.`
  if (String(t.category).toUpperCase() !== "MARKETING") return `It is a ${String(t.category).toLowerCase()} template; campaigns send marketing templates.`
  const header = componentOf(t, "HEADER")
  if (header?.format && header.format !== "TEXT") {
    return `Its ${header.format.toLowerCase()} header needs a media file, which campaigns can't attach yet.`
  }
  return null
}

export const isCampaignTemplate = (t: WhatsappTemplate) => t.status === "APPROVED" && String(t.category).toUpperCase() === "MARKETING"
