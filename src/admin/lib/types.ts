/** Response shapes of the plugin's admin API (src/api/admin/whatsapp/**), as the dashboard receives them (dates are ISO strings). */

export type ConsentPurpose = "transactional" | "marketing"
export type ConsentState = "unknown" | "granted" | "revoked"
export type ConsentDecision = Exclude<ConsentState, "unknown">

export type MessageDirection = "inbound" | "outbound"
export type MessageStatus = "pending" | "accepted" | "sent" | "delivered" | "read" | "failed" | "received"

export interface WhatsappContact {
  id: string
  /** null for a WhatsApp username user known by business-scoped user id only */
  wa_id: string | null
  /** business-scoped user id (BSUID), e.g. TH.1349… */
  user_id?: string | null
  parent_user_id?: string | null
  username?: string | null
  customer_id: string | null
  profile_name: string | null
  transactional_consent: ConsentState
  transactional_consent_source: string | null
  transactional_consent_at: string | null
  marketing_consent: ConsentState
  marketing_consent_source: string | null
  marketing_consent_at: string | null
  last_inbound_at: string | null
  last_outbound_at?: string | null
  created_at?: string
  updated_at?: string
}

export interface WhatsappCustomerTag {
  id: string
  name: string
  kind: "auto" | "manual"
  source: "auto" | "manual"
}

/** A Cloud API template parameter as sent (components[].parameters[]); only the fields the UI reads. */
export interface TemplateParameter {
  type: string
  text?: string
  payload?: string
  currency?: { fallback_value?: string }
  date_time?: { fallback_value?: string }
  [key: string]: unknown
}

export interface TemplateComponent {
  type: string
  sub_type?: string
  index?: string | number
  parameters?: TemplateParameter[]
}

export interface WhatsappMessage {
  id: string
  direction: MessageDirection
  type: string
  text: string | null
  template_name: string | null
  template_language: string | null
  template_parameters: TemplateComponent[] | Record<string, unknown> | null
  status: MessageStatus
  accepted_at: string | null
  sent_at: string | null
  delivered_at: string | null
  read_at: string | null
  failed_at: string | null
  received_at: string | null
  error_code: number | null
  error_title: string | null
  error_details: string | null
  created_at: string
}

/** GET /admin/whatsapp/customers/:id */
export interface CustomerWhatsappResponse {
  customer_id: string
  phone: string | null
  /** null when the customer has no phone at all */
  phone_valid: boolean | null
  wa_id: string | null
  contact: WhatsappContact | null
  window_open: boolean
  tags: WhatsappCustomerTag[]
  /** newest first */
  messages: WhatsappMessage[]
}

/** POST /admin/whatsapp/customers/:id/consent */
export interface SetConsentPayload {
  purpose: ConsentPurpose
  consent: ConsentDecision
}

export interface SetConsentResponse {
  contact: WhatsappContact
}

/** GET /admin/whatsapp/settings — secrets are reported as present/absent, never returned. */
export interface WhatsappSettingsResponse {
  mode: "sandbox" | "live"
  provider: string
  api_version: string
  base_url: string
  phone_number_id: string | null
  waba_id: string | null
  default_region: string | null
  store_timezone: string | null
  store_name: string | null
  has_access_token: boolean
  has_app_secret: boolean
  has_webhook_verify_token: boolean
  webhook_url: string
  last_webhook_received_at: string | null
  sandbox_chat_url: string | null
}
