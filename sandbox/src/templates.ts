/** Message templates: creation checks, the simulated review, send-time parameter checks, rendering. */
import type {
  CreateTemplateRequest,
  ListTemplatesResponse,
  MessageTemplate,
  TemplateCategory,
  TemplateComponent,
  TemplateComponentParam,
  TemplateParameter,
} from "../../src/modules/whatsapp/channels/cloud-api/types"
import { ApiError, invalidParam } from "./errors"
import type { Preview, PreviewButton } from "./state"

const VAR_RE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g
const CATEGORIES: TemplateCategory[] = ["MARKETING", "UTILITY", "AUTHENTICATION"]
const COMPONENT_TYPES = ["HEADER", "BODY", "FOOTER", "BUTTONS"]
/** Words that make Meta treat a UTILITY template as marketing (English and Thai). */
const PROMOTIONAL = /\b(sale|discount|offer|promo(tion)?|coupon|deal|free|limited time|buy now)\b|\d+ ?% ?off|ลดราคา|ส่วนลด|โปรโมชั่น|ฟรี|คูปอง/i

/** Distinct variable names in order of first appearance ("1", "2" or "first_name"). */
export function variablesOf(text: string | undefined): string[] {
  return [...new Set([...(text ?? "").matchAll(VAR_RE)].map((m) => m[1]))]
}

const component = (t: { components: TemplateComponent[] }, type: TemplateComponent["type"]) => t.components.find((c) => c.type === type)

// ---------------------------------------------------------------- creation

export function validateCreate(body: unknown): CreateTemplateRequest {
  if (typeof body !== "object" || body === null) throw invalidParam("Request body must be a JSON object")
  const b = body as Partial<CreateTemplateRequest>
  if (typeof b.name !== "string" || !/^[a-z0-9_]{1,512}$/.test(b.name))
    throw invalidParam("Param name must be lowercase letters, digits and underscores (1-512 characters)", {
      userTitle: "Invalid template name",
      userMsg: "Template names can only contain lowercase alphanumeric characters and underscores.",
    })
  if (typeof b.language !== "string" || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(b.language))
    throw invalidParam("Param language must be a locale code such as th or en_US")
  if (!CATEGORIES.includes(b.category as TemplateCategory))
    throw invalidParam(`Param category must be one of {${CATEGORIES.join(", ")}} - got "${b.category}".`)
  if (b.parameter_format !== undefined && b.parameter_format !== "POSITIONAL" && b.parameter_format !== "NAMED")
    throw invalidParam(`Param parameter_format must be one of {POSITIONAL, NAMED} - got "${b.parameter_format}".`)
  if (!Array.isArray(b.components) || b.components.length === 0) throw invalidParam("Param components is required")
  for (const c of b.components) if (!c || !COMPONENT_TYPES.includes(c.type)) throw invalidParam(`Invalid component type "${c?.type}"`)
  const bodies = b.components.filter((c) => c.type === "BODY")
  if (bodies.length !== 1) throw invalidParam("Templates must have exactly one BODY component")
  const text = bodies[0].text
  if (b.category !== "AUTHENTICATION" && (typeof text !== "string" || !text.trim() || text.length > 1024))
    throw invalidParam("BODY text is required and must be at most 1024 characters")
  const header = b.components.find((c) => c.type === "HEADER")
  if (header && (header.format ?? "TEXT") === "TEXT" && (typeof header.text !== "string" || header.text.length > 60))
    throw invalidParam("HEADER text is required for a TEXT header and must be at most 60 characters")
  const footer = b.components.find((c) => c.type === "FOOTER")
  if (footer && (typeof footer.text !== "string" || footer.text.length > 60)) throw invalidParam("FOOTER text must be at most 60 characters")
  for (const btn of b.components.find((c) => c.type === "BUTTONS")?.buttons ?? [])
    if (typeof btn.text !== "string" || !btn.text || btn.text.length > 25) throw invalidParam("Button text must be 1-25 characters")
  const named = b.parameter_format === "NAMED"
  for (const c of b.components)
    for (const v of variablesOf(c.text))
      if (named ? !/^[a-z][a-z0-9_]*$/.test(v) : !/^\d+$/.test(v))
        throw invalidParam(`Variable {{${v}}} does not match parameter_format ${named ? "NAMED" : "POSITIONAL"}`, {
          userTitle: "Invalid variable parameter",
          userMsg: named ? "Named variables must be lowercase letters, digits and underscores." : "Positional variables must be {{1}}, {{2}}, ...",
        })
  return b as CreateTemplateRequest
}

// ---------------------------------------------------------------- review

export type ReviewResult = { status: "APPROVED" } | { status: "REJECTED"; reason: "INVALID_FORMAT" | "INCORRECT_CATEGORY" }

/** The simulated review, first failing rule wins (table in sandbox/README.md). */
export function review(t: MessageTemplate | CreateTemplateRequest): ReviewResult {
  if (t.category === "AUTHENTICATION") return { status: "APPROVED" }
  const invalid: ReviewResult = { status: "REJECTED", reason: "INVALID_FORMAT" }
  const body = component(t, "BODY")?.text ?? ""
  const vars = variablesOf(body)
  const trimmed = body.trim()
  if (trimmed.startsWith("{{") || trimmed.endsWith("}}")) return invalid
  if (/\}\}\s*\{\{/.test(body)) return invalid // adjacent variables
  if (vars.length && !hasExamples(t, vars)) return invalid
  const header = component(t, "HEADER")
  const headerVars = variablesOf(header?.text)
  if (headerVars.length && t.parameter_format !== "NAMED" && header?.example?.header_text?.length !== headerVars.length) return invalid
  if (t.category === "UTILITY" && PROMOTIONAL.test(t.components.map((c) => c.text ?? "").join(" "))) return { status: "REJECTED", reason: "INCORRECT_CATEGORY" }
  // Too many variables for the length: at least 2 words per variable.
  if (vars.length && countWords(body.replace(VAR_RE, " ")) < 2 * vars.length) return invalid
  return { status: "APPROVED" }
}

function hasExamples(t: MessageTemplate | CreateTemplateRequest, vars: string[]): boolean {
  const ex = component(t, "BODY")?.example
  if (t.parameter_format === "NAMED") {
    const given = new Set((ex?.body_text_named_params ?? []).map((p) => p.param_name))
    return vars.every((v) => given.has(v))
  }
  return ex?.body_text?.[0]?.length === vars.length
}

/** Word-like segments, so Thai (written without spaces) is counted sensibly. */
function countWords(text: string): number {
  let n = 0
  for (const s of new Intl.Segmenter("th", { granularity: "word" }).segment(text)) if (s.isWordLike) n++
  return n
}

// ---------------------------------------------------------------- sending

/** Throws 132000 / 132012 like Meta when the send's parameters do not fit the template. */
export function checkSendParams(t: MessageTemplate, comps: TemplateComponentParam[] = []): void {
  const named = t.parameter_format === "NAMED"
  const given = (type: TemplateComponentParam["type"]) => comps.find((c) => c.type === type)?.parameters ?? []
  const header = component(t, "HEADER")
  if (header?.format && header.format !== "TEXT" && header.format !== "LOCATION") {
    const p = given("header")[0]
    if (!p || p.type !== header.format.toLowerCase())
      throw new ApiError(132012, `header: Format mismatch, expected ${header.format}, received ${p ? p.type.toUpperCase() : "UNKNOWN"}`)
  } else compareParams("header", variablesOf(header?.text), given("header"), named)
  compareParams("body", variablesOf(component(t, "BODY")?.text), given("body"), named)
  component(t, "BUTTONS")?.buttons?.forEach((b, i) => {
    if (b.type !== "URL" || !variablesOf(b.url).length) return
    const param = comps.find((c) => c.type === "button" && c.sub_type === "url" && Number(c.index) === i)
    compareParams(`button at index ${i} of type Url`, variablesOf(b.url), param?.parameters ?? [], false)
  })
}

function compareParams(where: string, expected: string[], params: TemplateParameter[], named: boolean): void {
  if (params.length !== expected.length)
    throw new ApiError(132000, `${where}: number of localizable_params (${params.length}) does not match the expected number of params (${expected.length})`)
  for (const p of params)
    if (!["text", "currency", "date_time"].includes(p.type))
      throw new ApiError(132012, `${where}: parameter of type ${p.type} is not allowed for a text variable`)
  if (named) {
    const names = params.map((p) => ("parameter_name" in p ? p.parameter_name : undefined))
    const missing = expected.filter((v) => !names.includes(v))
    if (missing.length) throw new ApiError(132000, `${where}: missing named parameters: ${missing.join(", ")}`)
  }
}

const paramText = (p: TemplateParameter): string =>
  p.type === "text" ? p.text : p.type === "currency" ? p.currency.fallback_value : p.type === "date_time" ? p.date_time.fallback_value : `[${p.type}]`

function fill(text: string, params: TemplateParameter[], named: boolean): string {
  return text.replace(VAR_RE, (whole, name: string) => {
    const p = named ? params.find((p) => "parameter_name" in p && p.parameter_name === name) : params[Number(name) - 1]
    return p ? paramText(p) : whole
  })
}

/** The message as the customer would see it, parameters filled in. */
export function render(t: MessageTemplate, comps: TemplateComponentParam[] = []): Preview {
  const named = t.parameter_format === "NAMED"
  const given = (type: TemplateComponentParam["type"]) => comps.find((c) => c.type === type)?.parameters ?? []
  const header = component(t, "HEADER")
  const preview: Preview = { body: fill(component(t, "BODY")?.text ?? "", given("body"), named) }
  if (header?.format && header.format !== "TEXT") {
    const p = given("header")[0] as unknown as Record<string, { link?: string; id?: string }> | undefined
    const media = p?.[header.format.toLowerCase()]
    preview.media = { kind: header.format.toLowerCase(), link: media?.link, id: media?.id }
  } else if (header?.text) preview.header = fill(header.text, given("header"), named)
  const footer = component(t, "FOOTER")?.text
  if (footer) preview.footer = footer
  const buttons = component(t, "BUTTONS")?.buttons
  if (buttons?.length)
    preview.buttons = buttons.map((b, i): PreviewButton => {
      const param = comps.find((c) => c.type === "button" && Number(c.index) === i)?.parameters?.[0]
      switch (b.type) {
        case "QUICK_REPLY":
          return { kind: "quick_reply", text: b.text, payload: param?.type === "payload" ? param.payload : b.text }
        case "URL":
          return { kind: "url", text: b.text, url: fill(b.url ?? "", param ? [param] : [], false) }
        case "PHONE_NUMBER":
          return { kind: "phone", text: b.text, url: `tel:${b.phone_number ?? ""}` }
        default:
          return { kind: "other", text: b.text }
      }
    })
  return preview
}

// ---------------------------------------------------------------- listing

const encodeCursor = (id: string) => Buffer.from(id).toString("base64url")
const decodeCursor = (c: string) => Buffer.from(c, "base64url").toString()

/** Graph-style cursor paging over the filtered templates; `selfUrl` is the request's absolute URL. */
export function listTemplates(all: MessageTemplate[], selfUrl: URL): ListTemplatesResponse {
  const q = selfUrl.searchParams
  const list = (k: string) =>
    q
      .get(k)
      ?.split(",")
      .map((s) => s.trim().toUpperCase())
  const name = q.get("name")?.toLowerCase()
  const statuses = list("status")
  const categories = list("category")
  const language = q.get("language")
  const items = all.filter(
    (t) =>
      (!name || t.name.includes(name)) &&
      (!statuses || statuses.includes(t.status)) &&
      (!categories || categories.includes(t.category)) &&
      (!language || t.language === language)
  )
  const limit = q.has("limit") ? Number(q.get("limit")) : 25
  if (!Number.isInteger(limit) || limit < 1) throw invalidParam("Param limit must be a positive integer")
  const at = (cursor: string) => {
    const i = items.findIndex((t) => t.id === decodeCursor(cursor))
    if (i < 0) throw invalidParam("Invalid cursor")
    return i
  }
  const after = q.get("after")
  const before = q.get("before")
  const start = after ? at(after) + 1 : before ? Math.max(0, at(before) - limit) : 0
  const end = before && !after ? at(before) : start + limit
  const page = items.slice(start, end)
  const fields = q
    .get("fields")
    ?.split(",")
    .map((s) => s.trim())
  const data = fields ? page.map((t) => Object.fromEntries(Object.entries(t).filter(([k]) => k === "id" || fields.includes(k))) as MessageTemplate) : page
  if (!page.length) return { data }
  const link = (key: "after" | "before", cursor: string) => {
    const u = new URL(selfUrl)
    u.searchParams.delete("after")
    u.searchParams.delete("before")
    u.searchParams.set("limit", String(limit))
    u.searchParams.set(key, cursor)
    return u.toString()
  }
  const cursors = { before: encodeCursor(page[0].id), after: encodeCursor(page[page.length - 1].id) }
  return {
    data,
    paging: {
      cursors,
      ...(end < items.length ? { next: link("after", cursors.after) } : {}),
      ...(start > 0 ? { previous: link("before", cursors.before) } : {}),
    },
  }
}
