/**
 * WhatsApp Cloud API wire types, named exactly as Meta names them
 * (Graph API `/{phone_number_id}/messages`, `/{waba_id}/message_templates`, webhooks).
 * Hold this file against Meta's reference docs line by line; do not rename fields.
 */
import type { TemplateCategory, TemplateComponent, TemplateStatus } from "../../../../shared/templates"

// ---------------------------------------------------------------- sending

export type MessageType = "text" | "template" | "interactive" | "image" | "document" | "video" | "audio" | "sticker" | "reaction" | "location" | "contacts"

export interface TextObject {
  body: string
  preview_url?: boolean
}

export interface MediaObject {
  id?: string
  link?: string
  caption?: string
  filename?: string
}

export interface Language {
  code: string
  policy?: "deterministic"
}

export type TemplateParameter =
  | { type: "text"; text: string; parameter_name?: string }
  | {
      type: "currency"
      currency: { fallback_value: string; code: string; amount_1000: number }
      parameter_name?: string
    }
  | { type: "date_time"; date_time: { fallback_value: string }; parameter_name?: string }
  | { type: "payload"; payload: string }
  | { type: "image"; image: MediaObject }
  | { type: "document"; document: MediaObject }
  | { type: "video"; video: MediaObject }

export interface TemplateComponentParam {
  type: "header" | "body" | "button" | "footer"
  sub_type?: "quick_reply" | "url" | "copy_code" | "flow"
  index?: string | number
  parameters?: TemplateParameter[]
}

export interface TemplateObject {
  name: string
  language: Language
  components?: TemplateComponentParam[]
}

export interface InteractiveObject {
  type: "button" | "list" | "cta_url" | "product" | "product_list" | "flow"
  header?: { type: "text"; text: string } | { type: "image"; image: MediaObject }
  body?: { text: string }
  footer?: { text: string }
  action: Record<string, unknown>
}

export interface SendMessageRequest {
  messaging_product: "whatsapp"
  recipient_type?: "individual"
  /** The user's phone (E.164 digits). When both are sent Meta uses `to`; we send exactly one. */
  to?: string
  /** The user's BSUID or parent BSUID, for a user whose phone we do not know (since 2026). */
  recipient?: string
  type?: MessageType
  context?: { message_id: string }
  biz_opaque_callback_data?: string
  text?: TextObject
  template?: TemplateObject
  interactive?: InteractiveObject
  image?: MediaObject
  document?: MediaObject
  video?: MediaObject
  audio?: MediaObject
  reaction?: { message_id: string; emoji: string }
}

export interface SendMessageResponse {
  messaging_product: "whatsapp"
  /** `wa_id` for a send by phone, `user_id` for a send by BSUID (`recipient`). */
  contacts: { input: string; wa_id?: string; user_id?: string }[]
  messages: {
    id: string
    message_status?: "accepted" | "held_for_quality_assessment" | "paused"
  }[]
}

export interface MarkReadRequest {
  messaging_product: "whatsapp"
  status: "read"
  message_id: string
}

// ---------------------------------------------------------------- errors

export interface GraphError {
  message: string
  type: string
  code: number
  error_subcode?: number
  error_user_title?: string
  error_user_msg?: string
  error_data?: { messaging_product?: "whatsapp"; details: string }
  fbtrace_id?: string
}

export interface GraphErrorResponse {
  error: GraphError
}

// ---------------------------------------------------------------- templates

// Template definitions live in src/shared/templates.ts: the admin dashboard uses them too.
export type { TemplateButton, TemplateCategory, TemplateComponent, TemplateStatus } from "../../../../shared/templates"

export interface MessageTemplate {
  id: string
  name: string
  language: string
  status: TemplateStatus
  category: TemplateCategory
  components: TemplateComponent[]
  parameter_format?: "POSITIONAL" | "NAMED"
  quality_score?: { score: "GREEN" | "YELLOW" | "RED" | "UNKNOWN"; date?: number }
  rejected_reason?: string
}

export interface CreateTemplateRequest {
  name: string
  language: string
  category: TemplateCategory
  components: TemplateComponent[]
  parameter_format?: "POSITIONAL" | "NAMED"
  allow_category_change?: boolean
}

export interface CreateTemplateResponse {
  id: string
  status: TemplateStatus
  category: TemplateCategory
}

export interface Paging {
  cursors?: { before?: string; after?: string }
  next?: string
  previous?: string
}

export interface ListTemplatesResponse {
  data: MessageTemplate[]
  paging?: Paging
}

// ---------------------------------------------------------------- webhooks

export interface WebhookPayload {
  object: "whatsapp_business_account"
  entry: WebhookEntry[]
}

export interface WebhookEntry {
  id: string
  changes: WebhookChange[]
}

export type WebhookChange =
  | { field: "messages"; value: MessagesValue }
  | { field: "message_template_status_update"; value: MessageTemplateStatusUpdateValue }
  | { field: "template_category_update"; value: TemplateCategoryUpdateValue }
  | { field: "phone_number_quality_update"; value: PhoneNumberQualityUpdateValue }
  | { field: "user_preferences"; value: UserPreferencesValue }
  | { field: "account_update"; value: Record<string, unknown> }
  | { field: "user_id_update"; value: UserIdUpdateValue }

export interface WebhookMetadata {
  display_phone_number: string
  phone_number_id: string
}

/**
 * Since 2026: `user_id` (BSUID) is always sent; `wa_id` only when Meta's phone rules allow it
 * (a username user may withhold it); `profile.username` when the user has one.
 */
export interface WebhookContact {
  profile?: { name?: string; username?: string }
  wa_id?: string
  user_id?: string
  parent_user_id?: string
}

export interface MessagesValue {
  messaging_product: "whatsapp"
  metadata: WebhookMetadata
  contacts?: WebhookContact[]
  messages?: InboundMessage[]
  statuses?: StatusObject[]
  errors?: WebhookError[]
}

export interface InboundMessage {
  /** The sender's phone; absent for a username user whose phone Meta withholds. */
  from?: string
  /** The sender's BSUID (always sent since 2026). */
  from_user_id?: string
  from_parent_user_id?: string
  id: string
  timestamp: string
  type:
    | "text"
    | "button"
    | "interactive"
    | "image"
    | "audio"
    | "video"
    | "document"
    | "sticker"
    | "location"
    | "contacts"
    | "reaction"
    | "order"
    | "system"
    | "unsupported"
  text?: { body: string }
  button?: { payload: string; text: string }
  interactive?: {
    type: "button_reply" | "list_reply" | "nfm_reply"
    button_reply?: { id: string; title: string }
    list_reply?: { id: string; title: string; description?: string }
  }
  image?: MediaObject & { mime_type?: string; sha256?: string }
  reaction?: { message_id: string; emoji: string }
  context?: { from?: string; id: string }
  /** `type: "system"`: `user_changed_number` / `user_changed_user_id` (a BSUID rotated). */
  system?: {
    type?: string
    body?: string
    wa_id?: string
    user_id?: string
    parent_user_id?: string
    previous_user_id?: string
    previous_parent_user_id?: string
  }
  errors?: WebhookError[]
}

export type StatusValue = "sent" | "delivered" | "read" | "failed" | "deleted" | "warning"

export interface WebhookError {
  code: number
  title: string
  message?: string
  error_data?: { details: string }
  href?: string
}

export interface Pricing {
  billable: boolean
  pricing_model: "CBP" | "PMP"
  category: "marketing" | "utility" | "authentication" | "authentication_international" | "service" | "referral_conversion" | "marketing_lite"
  type?: "regular" | "free_customer_service" | "free_entry_point"
}

export interface StatusObject {
  id: string
  status: StatusValue
  timestamp: string
  /** Conditional since 2026: absent when the message went to a BSUID of a username user. */
  recipient_id?: string
  /** The recipient's BSUID; failed statuses of a send by phone carry none. */
  recipient_user_id?: string
  recipient_parent_user_id?: string
  biz_opaque_callback_data?: string
  conversation?: {
    id: string
    expiration_timestamp?: string
    origin: { type: string }
  }
  pricing?: Pricing
  errors?: WebhookError[]
}

export interface MessageTemplateStatusUpdateValue {
  event: TemplateStatus | "FLAGGED" | "REINSTATED"
  message_template_id: number | string
  message_template_name: string
  message_template_language: string
  reason?: string | null
  other_info?: { title: string; description: string }
}

export interface TemplateCategoryUpdateValue {
  message_template_id: number | string
  message_template_name: string
  message_template_language: string
  previous_category: TemplateCategory
  new_category: TemplateCategory
  correct_category?: TemplateCategory
}

export interface PhoneNumberQualityUpdateValue {
  display_phone_number: string
  event: "FLAGGED" | "UNFLAGGED" | "DOWNGRADE" | "UPGRADE"
  current_limit: string
}

export interface UserPreferencesValue {
  messaging_product: "whatsapp"
  metadata: WebhookMetadata
  contacts?: WebhookContact[]
  user_preferences: {
    wa_id?: string
    user_id?: string
    detail: string
    category: "marketing_messages"
    value: "stop" | "resume"
    timestamp: number
  }[]
}

/** A user's BSUID changed (field `user_id_update`): links the previous and the current one. */
export interface UserIdUpdateValue {
  messaging_product: "whatsapp"
  metadata: WebhookMetadata
  contacts?: WebhookContact[]
  user_id_update: {
    wa_id?: string
    detail?: string
    user_id: { previous: string; current: string }
    parent_user_id?: { previous?: string; current?: string }
    timestamp?: string | number
  }[]
}
