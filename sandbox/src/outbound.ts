/** The send pipeline (limits, validation, injected failures) and the status webhooks that follow. */
import { randomBytes } from "node:crypto"
import type {
  InteractiveObject,
  MediaObject,
  MessageTemplate,
  Pricing,
  SendMessageResponse,
  StatusObject,
  StatusValue,
} from "../../src/modules/whatsapp/channels/cloud-api/types"
import type { SandboxConfig } from "./config"
import { metadata, type Ctx } from "./context"
import { ApiError, ASYNC_ONLY_CODES, invalidParam, webhookError } from "./errors"
import { unixSeconds, wamid } from "./ids"
import { PairRateLimiter, ThroughputLimiter } from "./rate-limit"
import { Scheduler } from "./scheduler"
import type { OutboundMessage, Preview } from "./state"
import { checkSendParams, render } from "./templates"
import { validateSend, type ValidSend } from "./validation"

const RANK: Record<OutboundMessage["status"], number> = { accepted: 0, sent: 1, delivered: 2, read: 3, failed: 4, deleted: 4, warning: 0 }
const CONVERSATION_MS = 24 * 60 * 60 * 1000

export class Outbound {
  private throughput = new ThroughputLimiter()
  private pairRate = new PairRateLimiter()
  private timers = new Scheduler()

  constructor(private ctx: Ctx) {}

  /** POST /{phone_number_id}/messages with a message; throws ApiError for synchronous errors. */
  send(phoneNumberId: string, body: Record<string, unknown>, opts: { marketingApi?: boolean } = {}): SendMessageResponse {
    const cfg = this.ctx.config()
    if (!this.throughput.take(phoneNumberId, cfg.throughputPerSecond)) throw new ApiError(130429)
    const v = validateSend(body)
    const template = v.type === "template" ? this.resolveTemplate(v) : undefined
    if (opts.marketingApi && template?.category !== "MARKETING") {
      throw invalidParam(
        `The Marketing Messages API sends marketing templates only; this is ${template ? `a ${template.category} template` : `a ${v.type} message`}`
      )
    }
    // Authentication templates still need a phone number (Meta: 131062 for a BSUID recipient).
    if (v.recipient && template?.category === "AUTHENTICATION") throw new ApiError(131062)
    if (!this.pairRate.take(v.waId, cfg.pairRate)) throw new ApiError(131056)
    const injected = this.injectedFailure(cfg)
    if (injected && !injected.async) throw new ApiError(injected.code)
    const response = this.accept(v, template, injected?.code)
    if (opts.marketingApi && Math.random() < cfg.heldShare) response.messages[0].message_status = "held_for_quality_assessment"
    return response
  }

  /** POST /{phone_number_id}/messages with `status: "read"`. */
  markRead(messageId: unknown): { success: true } {
    const inbound = typeof messageId === "string" ? this.ctx.state.inbound.get(messageId) : undefined
    if (!inbound) throw invalidParam(`Message ID ${String(messageId)} does not belong to an inbound message of this number`)
    inbound.read_by_business = true
    return { success: true }
  }

  reset(): void {
    this.timers.clear()
    this.throughput.clear()
    this.pairRate.clear()
  }

  private resolveTemplate(v: ValidSend): MessageTemplate {
    const { name, language, components } = v.req.template!
    const t = this.ctx.state.findTemplates(name, language.code)[0]
    if (t?.status === "PAUSED") throw new ApiError(132015, `Template ${name} is paused due to low quality.`)
    if (t?.status === "DISABLED") throw new ApiError(132016, `Template ${name} is disabled due to low quality.`)
    if (t?.status !== "APPROVED") throw new ApiError(132001, `template name (${name}) does not exist in ${language.code}`)
    checkSendParams(t, components)
    return t
  }

  /** failNext first (deterministic), then the random failure rate. */
  private injectedFailure(cfg: SandboxConfig): { code: number; async: boolean } | undefined {
    const head = cfg.failNext[0]
    if (head) {
      const left = (head.times ?? 1) - 1
      if (left <= 0) cfg.failNext.shift()
      else cfg.failNext[0] = { ...head, times: left }
      return { code: head.code, async: head.async ?? ASYNC_ONLY_CODES.has(head.code) }
    }
    if (cfg.failures.rate > 0 && cfg.failures.codes.length && Math.random() < cfg.failures.rate) {
      const code = cfg.failures.codes[Math.floor(Math.random() * cfg.failures.codes.length)]
      return { code, async: ASYNC_ONLY_CODES.has(code) }
    }
  }

  private accept(v: ValidSend, template: MessageTemplate | undefined, injectedAsync?: number): SendMessageResponse {
    const { state, config } = this.ctx
    const cfg = config()
    // A send by BSUID reaches the user who has it; an unknown BSUID is kept as a user of its own.
    const known = v.recipient ? state.userByBsuid(v.recipient) : undefined
    const user = known ?? state.users.get(v.waId) ?? state.upsertUser(v.waId, v.recipient ? { user_id: v.recipient } : {})
    const inWindow = state.windowOpen(user)
    const failure = injectedAsync ?? (!template && !inWindow ? 131047 : template?.category === "MARKETING" && user.marketing_stopped ? 131050 : undefined)
    const pricing = pricingFor(template, inWindow)
    const msg: OutboundMessage = {
      id: wamid(v.waId),
      to: v.recipient ?? v.req.to!,
      wa_id: user.wa_id,
      ...(v.recipient || user.username ? { user_id: user.user_id } : {}),
      username: user.username,
      type: v.type,
      request: v.req,
      created_at: new Date().toISOString(),
      template: template && { id: template.id, name: template.name, language: template.language, category: template.category },
      pricing,
      price: { amount: pricing.billable ? priceOf(cfg, pricing.category) : 0, currency: cfg.pricing.currency },
      biz_opaque_callback_data: v.req.biz_opaque_callback_data,
      status: "accepted",
      statuses: [],
      preview: template ? render(template, v.req.template?.components) : previewOf(v),
    }
    state.addOutbound(msg)
    this.schedule(msg, failure)
    return {
      messaging_product: "whatsapp",
      contacts: [v.recipient ? { input: v.recipient, user_id: user.user_id } : { input: v.req.to!, wa_id: v.waId }],
      messages: [{ id: msg.id, message_status: "accepted" }],
    }
  }

  /** sent → delivered → read (each its own POST), or a single `failed`; maybe shuffled. */
  private schedule(msg: OutboundMessage, failure: number | undefined): void {
    const cfg = this.ctx.config()
    const delays = cfg.statusDelaysMs
    const createdMs = Date.parse(msg.created_at)
    if (failure !== undefined) {
      this.timers.after(delays.sent, () => this.emit(msg, "failed", createdMs + delays.sent, failure))
      return
    }
    const events: ("sent" | "delivered" | "read")[] = ["sent", "delivered"]
    if (Math.random() < cfg.readProbability) events.push("read")
    const slots = events.map((e) => delays[e]).sort((a, b) => a - b)
    const order = Math.random() < cfg.outOfOrderRate ? shuffled(events) : events
    order.forEach((e, i) => this.timers.after(slots[i], () => this.emit(msg, e, createdMs + delays[e])))
  }

  private emit(msg: OutboundMessage, status: StatusValue, atMs: number, errorCode?: number): void {
    const cfg = this.ctx.config()
    // Sent by BSUID or to a username user: the recipient is the BSUID; the phone is withheld for
    // username users. A failed status of a send by phone carries no recipient_user_id (Meta).
    const s: StatusObject = { id: msg.id, status, timestamp: unixSeconds(atMs) }
    if (!msg.username && /^\d+$/.test(msg.wa_id)) s.recipient_id = msg.wa_id
    const byBsuid = msg.to === msg.user_id
    if (msg.user_id && (byBsuid || msg.username || status !== "failed")) s.recipient_user_id = msg.user_id
    if (msg.biz_opaque_callback_data !== undefined) s.biz_opaque_callback_data = msg.biz_opaque_callback_data
    if (status === "sent" || status === "delivered") {
      s.conversation = this.conversation(msg, status === "sent")
      s.pricing = msg.pricing
    }
    if (errorCode !== undefined) {
      s.errors = [webhookError(errorCode)]
      msg.error = s.errors[0]
    }
    msg.statuses.push({ status, timestamp: s.timestamp, emitted_at: new Date().toISOString(), errors: s.errors })
    if (RANK[status] > RANK[msg.status]) msg.status = status
    void this.ctx.webhooks.send({
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: metadata(cfg),
        // Failed statuses carry no `contacts`; delivered and read ones name a username user.
        ...(msg.username && (status === "delivered" || status === "read") ? { contacts: [{ user_id: msg.user_id, profile: { username: msg.username } }] } : {}),
        statuses: [s],
      },
    })
  }

  /** One conversation per (recipient, category) lasting 24 h, as in the status `conversation` object. */
  private conversation(msg: OutboundMessage, withExpiry: boolean): NonNullable<StatusObject["conversation"]> {
    const key = `${msg.wa_id}:${msg.pricing.category}`
    const now = Date.now()
    let c = this.ctx.state.conversations.get(key)
    if (!c || c.expires <= now) {
      c = { id: randomBytes(16).toString("hex"), expires: now + CONVERSATION_MS }
      this.ctx.state.conversations.set(key, c)
    }
    return {
      id: c.id,
      ...(withExpiry ? { expiration_timestamp: unixSeconds(c.expires) } : {}),
      origin: { type: msg.pricing.category },
    }
  }
}

/** Per-message pricing: templates are billed by category, except utility inside an open window;
 * non-template messages are free "service" messages. */
function pricingFor(template: MessageTemplate | undefined, inWindow: boolean): Pricing {
  if (!template) return { billable: false, pricing_model: "PMP", category: "service", type: "free_customer_service" }
  const category = template.category.toLowerCase() as Pricing["category"]
  const free = category === "utility" && inWindow
  return { billable: !free, pricing_model: "PMP", category, type: free ? "free_customer_service" : "regular" }
}

function priceOf(cfg: SandboxConfig, category: Pricing["category"]): number {
  return category === "marketing" || category === "utility" || category === "authentication" ? cfg.pricing[category] : 0
}

/** A permutation guaranteed to differ from the input (when it has 2+ items). */
function shuffled<T>(items: T[]): T[] {
  const out = [...items]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[out[i], out[j]] = [out[j], out[i]]
  }
  return out.every((x, i) => x === items[i]) ? [...items.slice(1), items[0]] : out
}

function previewOf(v: ValidSend): Preview {
  const r = v.req
  switch (v.type) {
    case "text":
      return { body: r.text!.body }
    case "interactive":
      return interactivePreview(r.interactive!)
    case "reaction":
      return { body: r.reaction!.emoji }
    case "location": {
      const l = (r as unknown as { location: { name?: string; address?: string; latitude: number; longitude: number } }).location
      return { body: `📍 ${[l.name, l.address].filter(Boolean).join(", ")} (${l.latitude}, ${l.longitude})` }
    }
    case "contacts":
      return { body: "👤 contact card" }
    default: {
      const m = (r as unknown as Record<string, MediaObject>)[v.type]
      return { body: m.caption ?? "", media: { kind: v.type, link: m.link, id: m.id, caption: m.caption } }
    }
  }
}

function interactivePreview(i: InteractiveObject): Preview {
  const p: Preview = { body: i.body?.text ?? "" }
  if (i.header?.type === "text") p.header = i.header.text
  if (i.header?.type === "image") p.media = { kind: "image", link: i.header.image.link, id: i.header.image.id }
  if (i.footer?.text) p.footer = i.footer.text
  const a = i.action as {
    buttons?: { reply: { id: string; title: string } }[]
    sections?: { rows?: { id: string; title: string; description?: string }[] }[]
    parameters?: { display_text: string; url: string }
  }
  if (i.type === "button") p.buttons = (a.buttons ?? []).map((b) => ({ kind: "reply", id: b.reply.id, text: b.reply.title }))
  if (i.type === "list")
    p.buttons = (a.sections ?? []).flatMap((s) => s.rows ?? []).map((r) => ({ kind: "list_row", id: r.id, text: r.title, description: r.description }))
  if (i.type === "cta_url" && a.parameters) p.buttons = [{ kind: "url", text: a.parameters.display_text, url: a.parameters.url }]
  return p
}
