// What the inbound-message steps hand each other.
import type { CreatePromotionDTO } from "@medusajs/framework/types"
import type WhatsappModuleService from "../../modules/whatsapp/service"
import type { Conversations } from "../../modules/whatsapp/conversations/conversations"
import { type AutoReplySettings, type ReplyAction } from "../../modules/whatsapp/conversations/defaults"

export interface InboundInput {
  /** Our whatsapp_message id of the inbound message. */
  id: string
}

export interface Tracked {
  message: Awaited<ReturnType<WhatsappModuleService["retrieveWhatsappMessage"]>>
  contact: Awaited<ReturnType<WhatsappModuleService["retrieveWhatsappContact"]>>
  conversation: Awaited<ReturnType<Conversations["trackInbound"]>>
  settings: AutoReplySettings
  now: string
}

/** What confirmDoubleOptInStep did with the message. */
export type OptInConfirmation = { confirmed: false } | { confirmed: true; request_id: string; event_id: string | null; message_id: string; outcome: string }

export type Plan =
  { kind: "none"; reason: string } | { kind: "away" } | { kind: "rule"; rule_id: string; campaign_id: string | null; keyword: string; actions: ReplyAction[] }

export interface IssuedCode {
  code: string
  expires_at: string
  created: boolean
  promotion_id: string
}

/** What reserveDiscountStep found or reserved, and the promotion to create for a reservation. */
export interface DiscountSlot {
  issued: IssuedCode | null
  reserved: { id: string; code: string; expires_at: string } | null
  promotion: CreatePromotionDTO | null
}

export type InboundResult =
  | { status: "ignored"; reason: string }
  | { status: "replied"; message_id: string; outcome: string; code?: string; actions: string[] }
  | { status: "acted"; actions: string[] }
