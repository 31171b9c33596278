/**
 * What a rendered campaign message reads like: the template's stored text (whatsapp_template.components,
 * Meta's shape) with the {{n}} / {{name}} variables replaced by the values of the Cloud API request
 * renderCampaignMessage built. Pure; the admin preview and the test send show it.
 */

export interface StoredTemplateComponent {
  type: string
  format?: string
  text?: string
  buttons?: { type: string; text?: string; url?: string; phone_number?: string }[]
}

interface RequestParam {
  type: string
  text?: string
  payload?: string
  parameter_name?: string
}

interface RequestComponent {
  type: string
  sub_type?: string
  index?: string | number
  parameters?: RequestParam[]
}

export interface PreviewButton {
  type: string
  text: string
  /** URL buttons: the link with its variable filled. */
  url?: string
  /** Quick-reply buttons: the payload the campaign puts on it. */
  payload?: string
}

export interface MessageText {
  header: string | null
  /** Media headers cannot be previewed as text: "IMAGE", "VIDEO"… */
  header_format: string | null
  body: string
  footer: string | null
  buttons: PreviewButton[]
  /** Variables in the template that the request leaves without a value (Meta refuses such a send: 132000). */
  missing: string[]
  /** Values the request sends that the template has no variable for (Meta refuses these too). */
  extra: string[]
  /** Everything as one plain text, the way a person reads it. */
  text: string
}

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/** Fills `text` from positional ({{1}} = params[0]) or named ({{name}} = parameter_name) values. */
function fill(text: string, params: RequestParam[], where: string, missing: string[]): { out: string; used: Set<number> } {
  const used = new Set<number>()
  const out = text.replace(VARIABLE, (m, name: string) => {
    const i = /^\d+$/.test(name) ? Number(name) - 1 : params.findIndex((p) => p.parameter_name === name)
    const p = i >= 0 ? params[i] : undefined
    if (p?.text == null) {
      missing.push(`${where} {{${name}}}`)
      return m
    }
    used.add(i)
    return p.text
  })
  return { out, used }
}

function countVariables(text: string | undefined): number {
  return new Set([...(text ?? "").matchAll(VARIABLE)].map((m) => m[1])).size
}

export function templateMessageText(
  components: StoredTemplateComponent[] | null | undefined,
  request: { components?: RequestComponent[] } | null | undefined
): MessageText {
  const comps = components ?? []
  const req = request?.components ?? []
  const of = (type: string) => comps.find((c) => String(c.type).toUpperCase() === type)
  const paramsOf = (type: string, index?: number) =>
    req.find((c) => c.type === type && (index === undefined || (c.sub_type === "url" && Number(c.index) === index)))?.parameters ?? []
  const missing: string[] = []
  const extra: string[] = []

  const headerC = of("HEADER")
  const headerFormat = headerC?.format && headerC.format.toUpperCase() !== "TEXT" ? headerC.format.toUpperCase() : null
  let header: string | null = null
  if (headerC?.text && !headerFormat) {
    const params = paramsOf("header")
    header = fill(headerC.text, params, "header", missing).out
    if (params.length > countVariables(headerC.text)) extra.push(`header: ${params.length - countVariables(headerC.text)} value(s) too many`)
  }
  const bodyC = of("BODY")
  const bodyParams = paramsOf("body")
  const body = bodyC?.text ? fill(bodyC.text, bodyParams, "body", missing).out : ""
  if (bodyParams.length > countVariables(bodyC?.text)) extra.push(`body: ${bodyParams.length - countVariables(bodyC?.text)} value(s) too many`)
  const footer = of("FOOTER")?.text ?? null

  const buttons: PreviewButton[] = (of("BUTTONS")?.buttons ?? []).map((b, i) => {
    const type = String(b.type).toUpperCase()
    const out: PreviewButton = { type, text: b.text ?? "" }
    if (type === "URL" && b.url) out.url = fill(b.url, paramsOf("button", i), `button ${i} url`, missing).out
    if (type === "QUICK_REPLY") {
      const qr = req.find((c) => c.type === "button" && c.sub_type === "quick_reply" && Number(c.index) === i)
      const payload = qr?.parameters?.find((p) => p.type === "payload")?.payload
      if (payload) out.payload = payload
    }
    return out
  })

  const lines = [headerFormat ? `[${headerFormat.toLowerCase()}]` : header, body, footer].filter((s): s is string => !!s)
  const buttonLines = buttons.map((b) => `[${b.text}${b.url ? ` → ${b.url}` : ""}]`)
  return {
    header,
    header_format: headerFormat,
    body,
    footer,
    buttons,
    missing,
    extra,
    text: [...lines, ...(buttonLines.length ? [buttonLines.join(" ")] : [])].join("\n\n"),
  }
}

/** A free-form message reads as itself. */
export function textMessageText(body: string): MessageText {
  return { header: null, header_format: null, body, footer: null, buttons: [], missing: [], extra: [], text: body }
}
