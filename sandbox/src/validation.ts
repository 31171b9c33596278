/** Synchronous checks on a send request, with the codes and wording Meta uses. */
import type { InteractiveObject, MediaObject, SendMessageRequest } from "../../src/modules/whatsapp/channels/cloud-api/types"
import { ApiError, invalidParam } from "./errors"

const MEDIA_TYPES = ["image", "document", "video", "audio", "sticker"] as const
const SUPPORTED = ["text", "template", "interactive", "reaction", "location", "contacts", ...MEDIA_TYPES]

export interface ValidSend {
  req: SendMessageRequest
  type: string
  /** Recipient normalised to digits only, as Meta echoes it in `contacts[].wa_id`; for a send by
   * BSUID (`recipient` without `to`), the BSUID. */
  waId: string
  /** Set for a send by BSUID. */
  recipient?: string
}

/** Meta's BSUID form (and parent BSUIDs, `CC.ENT.…`). */
const BSUID = /^[A-Z]{2}\.(ENT\.)?[A-Za-z0-9]{1,128}$/

const missing = (param: string) => new ApiError(131008, `The parameter ${param} is required.`)
const invalid = (details: string) => new ApiError(131009, details)
const isObj = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)
const isStr = (v: unknown): v is string => typeof v === "string" && v.length > 0

export function checkEnvelope(body: unknown): asserts body is Record<string, unknown> {
  if (!isObj(body)) throw invalidParam("Request body must be a JSON object")
  if (body.messaging_product === undefined) throw invalidParam("The parameter messaging_product is required.")
  if (body.messaging_product !== "whatsapp") throw invalidParam(`Param messaging_product must be one of {WHATSAPP} - got "${String(body.messaging_product)}".`)
}

export function validateSend(body: Record<string, unknown>): ValidSend {
  const req = body as unknown as SendMessageRequest
  if (req.recipient_type !== undefined && req.recipient_type !== "individual")
    throw invalidParam(`Param recipient_type must be one of {INDIVIDUAL} - got "${String(req.recipient_type)}".`)
  // Since 2026 `recipient` (a BSUID) may replace `to`; when both are given, `to` wins (Meta).
  const byBsuid = (req.to === undefined || req.to === "") && req.recipient !== undefined && req.recipient !== ""
  if (byBsuid) {
    if (typeof req.recipient !== "string" || !BSUID.test(req.recipient.trim()))
      throw invalid(`Param recipient must be a business-scoped user ID - got "${String(req.recipient)}".`)
  } else {
    if (req.to === undefined || req.to === "") throw invalidParam("The parameter to is required.")
    if (typeof req.to !== "string" || !/^\+?\d{8,15}$/.test(req.to.trim()))
      throw invalid(`Param to must be a phone number in international format (8-15 digits) - got "${String(req.to)}".`)
  }
  const type = req.type ?? "text"
  if (!SUPPORTED.includes(type)) throw new ApiError(131051, `Message type ${String(type)} is not currently supported.`)
  const payload = (body as Record<string, unknown>)[type]
  if (!isObj(payload)) throw missing(type)
  if (req.biz_opaque_callback_data !== undefined && (typeof req.biz_opaque_callback_data !== "string" || req.biz_opaque_callback_data.length > 512))
    throw invalidParam("Param biz_opaque_callback_data must be a string of at most 512 characters")
  if (req.context !== undefined && !(isObj(req.context) && isStr(req.context.message_id))) throw missing("context.message_id")

  if (type === "text") checkText(req)
  else if (type === "template") checkTemplate(req)
  else if (type === "interactive") checkInteractive(payload as unknown as InteractiveObject)
  else if (type === "reaction") {
    if (!isStr(payload.message_id)) throw missing("reaction.message_id")
    if (typeof payload.emoji !== "string") throw missing("reaction.emoji")
  } else if (type === "location") {
    if (typeof payload.latitude !== "number" || typeof payload.longitude !== "number") throw missing("location.latitude/longitude")
  } else if (type === "contacts") {
    if (!Array.isArray(payload)) throw invalid("Param contacts must be an array")
  } else checkMedia(type, payload as MediaObject)

  if (byBsuid) return { req, type, waId: req.recipient!.trim(), recipient: req.recipient!.trim() }
  return { req, type, waId: req.to!.trim().replace(/^\+/, "") }
}

function checkText(req: SendMessageRequest): void {
  const body = req.text?.body
  if (!isStr(body)) throw missing("text.body")
  if (body.length > 4096) throw invalidParam("Param text['body'] must be at most 4096 characters long.")
}

function checkTemplate(req: SendMessageRequest): void {
  const t = req.template
  if (!isStr(t?.name)) throw missing("template.name")
  if (!isObj(t.language) || !isStr(t.language.code)) throw missing("template.language.code")
  if (t.components !== undefined && !Array.isArray(t.components)) throw invalid("Param template.components must be an array")
  for (const c of t.components ?? []) {
    if (!["header", "body", "button", "footer"].includes(c?.type)) throw invalid(`Invalid template component type "${c?.type}"`)
    if (c.parameters !== undefined && !Array.isArray(c.parameters)) throw invalid("Param components.parameters must be an array")
    for (const p of c.parameters ?? []) {
      if (p.type === "text" && typeof p.text !== "string") throw missing("parameters.text")
      if (p.type === "text" && p.text.length > 1024) throw invalidParam("Param text must be at most 1024 characters long.")
    }
  }
}

function checkMedia(type: string, m: MediaObject): void {
  if (!m.id && !m.link) throw missing(`${type}.id or ${type}.link`)
  if (m.id && m.link) throw invalid(`Param ${type} must have either id or link, not both`)
  if (m.link && !/^https?:\/\/\S+$/.test(m.link)) throw invalid(`Param ${type}.link must be an http(s) URL`)
  if (m.caption !== undefined && (type === "audio" || type === "sticker")) throw invalid(`Param ${type} does not accept a caption`)
  if (typeof m.caption === "string" && m.caption.length > 1024) throw invalidParam("Param caption must be at most 1024 characters long.")
}

function checkInteractive(i: InteractiveObject): void {
  if (!["button", "list", "cta_url", "product", "product_list", "flow"].includes(i.type)) throw invalid(`Invalid interactive type "${i.type}"`)
  if (!isObj(i.action)) throw missing("interactive.action")
  if (!isStr(i.body?.text)) throw missing("interactive.body.text")
  if (i.body.text.length > 1024) throw invalidParam("Param interactive.body.text must be at most 1024 characters long.")
  if (i.type === "button") {
    const buttons = i.action.buttons
    if (!Array.isArray(buttons) || buttons.length < 1 || buttons.length > 3) throw invalid("Interactive buttons must have 1 to 3 buttons")
    const ids = new Set<string>()
    for (const b of buttons as { type?: string; reply?: { id?: string; title?: string } }[]) {
      if (b?.type !== "reply" || !isStr(b.reply?.id) || !isStr(b.reply?.title)) throw missing("buttons[].reply.id and title")
      if (b.reply.title.length > 20) throw invalid("Button title length invalid. Min length: 1, Max length: 20")
      if (ids.has(b.reply.id)) throw invalid("Button ids must be unique")
      ids.add(b.reply.id)
    }
  } else if (i.type === "list") {
    const { button, sections } = i.action as { button?: unknown; sections?: { title?: string; rows?: { id?: string; title?: string }[] }[] }
    if (!isStr(button) || button.length > 20) throw invalid("List button text length invalid. Min length: 1, Max length: 20")
    if (!Array.isArray(sections) || sections.length < 1 || sections.length > 10) throw invalid("Lists must have 1 to 10 sections")
    const rows = sections.flatMap((s) => s?.rows ?? [])
    if (rows.length < 1 || rows.length > 10) throw invalid("Lists must have 1 to 10 rows in total")
    for (const r of rows) {
      if (!isStr(r.id) || !isStr(r.title)) throw missing("rows[].id and title")
      if (r.title.length > 24) throw invalid("Row title length invalid. Min length: 1, Max length: 24")
    }
  } else if (i.type === "cta_url") {
    const p = (i.action as { parameters?: { display_text?: string; url?: string } }).parameters
    if (!isStr(p?.display_text) || !isStr(p?.url)) throw missing("action.parameters.display_text and url")
    if (!/^https?:\/\/\S+$/.test(p.url)) throw invalid("Param action.parameters.url must be an http(s) URL")
  }
}
