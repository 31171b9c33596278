import type {
  InboundMessage,
  MessageTemplate,
  Pricing,
  SendMessageRequest,
  StatusValue,
  WebhookError,
} from "../../src/modules/whatsapp/channels/cloud-api/types"
import { bsuidOf, hasUsername } from "./ids"

/** Older entries are dropped past this, so a long-running demo cannot grow without bound. */
const MAX_ENTRIES = 5000
const WINDOW_MS = 24 * 60 * 60 * 1000

export interface SimUser {
  wa_id: string
  /** The user's BSUID in this portfolio (always known to Meta; sent in webhooks of username users). */
  user_id: string
  /** Set when the user adopted a username: their phone is withheld from webhooks. */
  username: string | null
  name: string
  /** ISO time of the customer's last message; null = never wrote (no customer service window). */
  last_inbound_at: string | null
  marketing_stopped: boolean
  created_at: string
}

/** Rendered form of an outbound message, for the chat page and for assertions. */
export interface Preview {
  header?: string
  body: string
  footer?: string
  media?: { kind: string; link?: string; id?: string; caption?: string }
  buttons?: PreviewButton[]
}

export interface PreviewButton {
  kind: "quick_reply" | "reply" | "list_row" | "url" | "phone" | "other"
  text: string
  /** quick_reply: what the inbound `button.payload` will carry. */
  payload?: string
  /** reply / list_row: the id echoed in `interactive.*_reply.id`. */
  id?: string
  url?: string
  description?: string
}

export interface StatusRecord {
  status: StatusValue
  /** Unix seconds string as sent in the webhook. */
  timestamp: string
  emitted_at: string
  errors?: WebhookError[]
}

export interface OutboundMessage {
  id: string
  /** The request's `to`, or its `recipient` (BSUID) for a send by BSUID. */
  to: string
  wa_id: string
  /** Set when the message was sent by `recipient` (BSUID) or to a username user. */
  user_id?: string
  /** The recipient's username, shown on delivered/read statuses (Meta). */
  username?: string | null
  type: string
  request: SendMessageRequest
  created_at: string
  template?: { id: string; name: string; language: string; category: MessageTemplate["category"] }
  pricing: Pricing
  /** What Meta would charge once delivered (0 when not billable). */
  price: { amount: number; currency: string }
  biz_opaque_callback_data?: string
  /** Highest status reached; never moves backwards even when webhooks are shuffled. */
  status: "accepted" | StatusValue
  /** Statuses in the order their webhooks were emitted. */
  statuses: StatusRecord[]
  error?: WebhookError
  preview: Preview
}

export interface InboundRecord {
  message: InboundMessage
  name: string
  created_at: string
  /** Set when the business marks it read via the messages endpoint. */
  read_by_business: boolean
}

export interface DeliveryAttempt {
  delivery_id: string
  attempt: number
  duplicate: boolean
  field: string
  url: string | null
  at: string
  ok: boolean
  status?: number
  error?: string
  duration_ms: number
  body: string
}

export class SandboxState {
  users = new Map<string, SimUser>()
  templates: MessageTemplate[] = []
  outbound = new Map<string, OutboundMessage>()
  inbound = new Map<string, InboundRecord>()
  webhookLog: DeliveryAttempt[] = []
  /** (wa_id, category) → conversation id and expiry, for the status `conversation` object. */
  conversations = new Map<string, { id: string; expires: number }>()

  /** Username users per phone: decided from the configured share when a user first appears. */
  usernameShare: () => number = () => 0

  upsertUser(waId: string, patch: Partial<Omit<SimUser, "wa_id" | "created_at">> = {}): SimUser {
    const user = this.users.get(waId) ?? {
      wa_id: waId,
      user_id: bsuidOf(waId),
      username: hasUsername(waId, this.usernameShare()) ? `user${waId.slice(-4)}` : null,
      name: "",
      last_inbound_at: null,
      marketing_stopped: false,
      created_at: new Date().toISOString(),
    }
    for (const [k, v] of Object.entries(patch)) if (v !== undefined) (user as unknown as Record<string, unknown>)[k] = v
    this.users.set(waId, user)
    return user
  }

  /** The user with this BSUID, if the sandbox knows them. */
  userByBsuid(userId: string): SimUser | undefined {
    for (const u of this.users.values()) if (u.user_id === userId) return u
    return undefined
  }

  windowOpen(user: SimUser | undefined, now = Date.now()): boolean {
    return !!user?.last_inbound_at && now - Date.parse(user.last_inbound_at) < WINDOW_MS
  }

  windowExpiresAt(user: SimUser): string | null {
    return user.last_inbound_at ? new Date(Date.parse(user.last_inbound_at) + WINDOW_MS).toISOString() : null
  }

  findTemplates(name: string, language?: string): MessageTemplate[] {
    return this.templates.filter((t) => t.name === name && (!language || t.language === language))
  }

  addOutbound(m: OutboundMessage): void {
    capped(this.outbound).set(m.id, m)
  }

  addInbound(r: InboundRecord): void {
    capped(this.inbound).set(r.message.id, r)
  }

  logDelivery(a: DeliveryAttempt): void {
    this.webhookLog.push(a)
    if (this.webhookLog.length > MAX_ENTRIES) this.webhookLog.shift()
  }

  clear(templates: boolean): void {
    this.users.clear()
    this.outbound.clear()
    this.inbound.clear()
    // In place, so references taken from `sandbox.state` stay live across resets.
    this.webhookLog.length = 0
    this.conversations.clear()
    if (templates) this.templates.length = 0
  }
}

function capped<K, V>(map: Map<K, V>): Map<K, V> {
  if (map.size >= MAX_ENTRIES) map.delete(map.keys().next().value as K)
  return map
}
