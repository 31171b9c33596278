/** Simulated customers: inbound messages (which open the 24 h window) and marketing preferences. */
import type { InboundMessage } from "../../src/modules/whatsapp/channels/cloud-api/types"
import { metadata, type Ctx } from "./context"
import { unixSeconds, wamid } from "./ids"
import type { SimUser } from "./state"
import type { FirstAttempt } from "./webhooks"

export interface InboundInput {
  from: string
  name?: string
  /** Makes the user a username user (phone withheld from webhooks); null makes them an ordinary one. */
  username?: string | null
  text?: string
  /** Tap on a template quick-reply button. */
  button?: { payload: string; text: string }
  /** Tap on an interactive reply button (default) or list row. */
  interactive_reply?: { id: string; title: string; description?: string; type?: "button_reply" | "list_reply" }
  context_message_id?: string
}

export interface UserInput {
  wa_id: string
  name?: string
  username?: string | null
  last_inbound_at?: string | null
  marketing_stopped?: boolean
}

/** Bad control-endpoint input; answered with HTTP 400. */
export class InputError extends Error {}

export const normaliseWaId = (raw: unknown): string => {
  const s = typeof raw === "string" ? raw.trim().replace(/^\+/, "") : ""
  if (!/^\d{8,15}$/.test(s)) throw new InputError(`"${String(raw)}" is not a phone number (8-15 digits, optional +)`)
  return s
}

export class Customers {
  constructor(private ctx: Ctx) {}

  upsertUser(input: UserInput): SimUser {
    const waId = normaliseWaId(input.wa_id)
    const at = input.last_inbound_at
    if (at !== undefined && at !== null && Number.isNaN(Date.parse(at))) throw new InputError("last_inbound_at must be an ISO date or null")
    return this.ctx.state.upsertUser(waId, {
      name: input.name,
      ...(input.username !== undefined ? { username: input.username } : {}),
      last_inbound_at: at === undefined || at === null ? at : new Date(at).toISOString(),
      marketing_stopped: input.marketing_stopped,
    })
  }

  /** Records the customer's message, refreshes their window and emits the `messages` webhook. */
  inbound(input: InboundInput): { id: string; webhook: Promise<FirstAttempt> } {
    const from = normaliseWaId(input.from)
    const kinds = [input.text, input.button, input.interactive_reply].filter((k) => k !== undefined)
    if (kinds.length !== 1) throw new InputError("give exactly one of text, button, interactive_reply")
    const cfg = this.ctx.config()
    const now = Date.now()
    const user = this.ctx.state.upsertUser(from, input.username !== undefined ? { username: input.username } : {})
    // A username user's phone is withheld: the sender is only the BSUID (Meta, 2026).
    const sender = user.username ? { from_user_id: user.user_id } : { from }
    const message: InboundMessage = { ...sender, id: wamid(from), timestamp: unixSeconds(now), type: "text" }
    if (input.context_message_id) message.context = { from: cfg.displayPhoneNumber, id: input.context_message_id }
    if (typeof input.text === "string" && input.text) message.text = { body: input.text }
    else if (input.button?.text) {
      message.type = "button"
      message.button = { payload: input.button.payload ?? input.button.text, text: input.button.text }
    } else if (input.interactive_reply?.id && input.interactive_reply.title) {
      const { id, title, description, type = "button_reply" } = input.interactive_reply
      message.type = "interactive"
      message.interactive =
        type === "list_reply"
          ? { type, list_reply: { id, title, ...(description ? { description } : {}) } }
          : { type: "button_reply", button_reply: { id, title } }
    } else throw new InputError("text must be a non-empty string; button needs text; interactive_reply needs id and title")

    const existing = this.ctx.state.users.get(from)
    const name = input.name ?? (existing?.name || `Customer ${from.slice(-4)}`)
    this.ctx.state.upsertUser(from, { name, last_inbound_at: new Date(now).toISOString() })
    this.ctx.state.addInbound({ message, name, created_at: new Date(now).toISOString(), read_by_business: false })
    const webhook = this.ctx.webhooks.send({
      field: "messages",
      value: {
        messaging_product: "whatsapp",
        metadata: metadata(cfg),
        contacts: [user.username ? { profile: { name, username: user.username }, user_id: user.user_id } : { profile: { name }, wa_id: from }],
        messages: [message],
      },
    })
    return { id: message.id, webhook }
  }

  /** The customer stops or resumes marketing messages; emits the `user_preferences` webhook. */
  setPreference(rawWaId: string, value: unknown): { user: SimUser; webhook: Promise<FirstAttempt> } {
    if (value !== "stop" && value !== "resume") throw new InputError(`value must be "stop" or "resume"`)
    const waId = normaliseWaId(rawWaId)
    const user = this.ctx.state.upsertUser(waId, { marketing_stopped: value === "stop" })
    const cfg = this.ctx.config()
    const webhook = this.ctx.webhooks.send({
      field: "user_preferences",
      value: {
        messaging_product: "whatsapp",
        metadata: metadata(cfg),
        contacts: [
          user.username ? { profile: { name: user.name, username: user.username }, user_id: user.user_id } : { profile: { name: user.name }, wa_id: waId },
        ],
        user_preferences: [
          {
            ...(user.username ? { user_id: user.user_id } : { wa_id: waId }),
            detail: value === "stop" ? "User requested to stop marketing messages" : "User requested to resume marketing messages",
            category: "marketing_messages",
            value,
            timestamp: Math.floor(Date.now() / 1000),
          },
        ],
      },
    })
    return { user, webhook }
  }
}
