/**
 * Response shapes of the plugin's campaign admin API (src/api/admin/whatsapp/campaigns/**,
 * modules/whatsapp/campaigns/results.ts). The states, settings and preview customer are shared
 * with the server (src/shared/campaigns.ts).
 */
import type { CampaignSettings, CampaignState, PreviewCustomer } from "../../../shared/campaigns"

export { CAMPAIGN_STATES, TERMINAL_STATES } from "../../../shared/campaigns"
export type { CampaignSettings, CampaignState, PreviewCustomer } from "../../../shared/campaigns"

export type CampaignMessageKind = "template" | "text"

/** Where a template parameter's value comes from at send time (validators.ts `Parameter.source`). */
export type CampaignParameterSource = "customer.first_name" | "customer.last_name" | "customer.full_name" | "store.name" | "campaign.discount_code" | "static"

export interface CampaignParameter {
  component: "header" | "body" | "button"
  /** Button position in the template's buttons (URL buttons). */
  index?: number
  source: CampaignParameterSource | string
  /** For "static": the literal value (a link suffix, a date…). */
  value?: string
  /** Used when the source is empty (a customer with no first name). */
  fallback?: string
  parameter_name?: string
}

export interface CampaignCta {
  payload: string
  button_index?: number
}

export interface CampaignRetarget {
  parent_campaign_id: string
  criterion: RetargetCriterion
}

export type RetargetCriterion = "not_read" | "not_replied"

export interface WhatsappCampaign {
  id: string
  name: string
  status: CampaignState
  /** Why it is paused/failed/canceled: "tier_limit: …", "template_paused: …", "error_rate: …". */
  status_reason: string | null
  /** A tier-paused campaign resumes by itself from this time on. */
  resume_after: string | null
  segment_id: string | null
  segment_rules: unknown
  retarget: CampaignRetarget | null
  message_kind: CampaignMessageKind
  template_name: string | null
  template_language: string | null
  template_category: string | null
  parameters: CampaignParameter[] | null
  text: string | null
  cta: CampaignCta | null
  discount_code: string | null
  scheduled_at: string | null
  timezone: string | null
  attribution_window_days: number
  frozen_at: string | null
  audience_count: number
  checkpoint_seq: number
  started_at: string | null
  finished_at: string | null
  created_by: string | null
  metadata: Record<string, unknown> | null
  created_at: string
  updated_at: string
}

/** A row of GET /admin/whatsapp/campaigns: recipients done (sent, failed or skipped) and their share of the audience. */
export interface CampaignListItem extends WhatsappCampaign {
  processed: number
  progress: number
}

export interface CampaignListResponse {
  campaigns: CampaignListItem[]
  count: number
  limit: number
  offset: number
}

export interface CampaignFailureReason {
  /** "failed" or "skipped" */
  status: string
  /** "no_consent", "frequency_cap", "131026: Message undeliverable", "campaign_canceled"… */
  reason: string
  n: number
}

export interface CampaignStats {
  recipients: number
  queued: number
  sending: number
  sent: number
  skipped: number
  failed: number
  delivered: number
  read: number
  replied: number
  /** 0..1: recipients no longer queued or sending. */
  progress: number
  opted_out: number
  by_reason: CampaignFailureReason[]
  cost: { currency: string; amount: number }
  attribution: { orders: number; revenue: number; order_ids: string[]; revenue_per_message: number }
}

export interface CampaignEvent {
  id: string
  campaign_id: string
  from_status: CampaignState | null
  to_status: CampaignState
  /** A user id, "system", "scheduler", "webhook", "dispatcher". */
  actor: string
  reason: string | null
  created_at: string
}

/** GET /admin/whatsapp/campaigns/:id */
export interface CampaignDetailResponse {
  campaign: WhatsappCampaign
  stats: CampaignStats
  events: CampaignEvent[]
}

/** POST /admin/whatsapp/campaigns body */
export interface CreateCampaignPayload extends CampaignMessageSpec {
  name: string
  segment_id?: string | null
  scheduled_at?: string | null
  timezone?: string | null
  attribution_window_days?: number
}

export interface CampaignEstimate {
  /** Contacts in the audience. */
  members: number
  recipients_with_consent: number
  /** Who the message can reach: everyone with consent, or (free-form text) those inside their 24 h window. */
  reachable: number
  cost: {
    currency: string
    recipients: number
    cost: number
    by_country: { country: string; recipients: number; unit_price: number; cost: number }[]
  }
  throughput_mps: number
  /** Unique users per rolling 24 h; null = unlimited. */
  messaging_tier: number | null
  estimated_duration_seconds: number
}

export type CampaignAction = "start" | "pause" | "resume" | "cancel" | "unschedule"

/** The message part of a campaign, as the preview and test-send routes take it. */
export interface CampaignMessageSpec {
  message_kind: CampaignMessageKind
  template_name?: string | null
  template_language?: string | null
  parameters?: CampaignParameter[] | null
  text?: string | null
  cta?: CampaignCta | null
  discount_code?: string | null
}

/** The message read back as text (domain/campaign-preview.ts). */
export interface PreviewMessageText {
  header: string | null
  header_format: string | null
  body: string
  footer: string | null
  buttons: { type: string; text: string; url?: string; payload?: string }[]
  missing: string[]
  extra: string[]
  text: string
}

/** POST /admin/whatsapp/campaigns/preview */
export interface CampaignPreview {
  customer: PreviewCustomer | null
  candidates: PreviewCustomer[]
  template: { name: string; language: string; status: string; category: string } | null
  ok: boolean
  /** Why it cannot be rendered ("missing_data: customer.first_name is empty and has no fallback"). */
  reason: string | null
  request: unknown
  message: PreviewMessageText | null
  warnings: string[]
}

export const PRICE_CATEGORIES = ["marketing", "utility", "authentication", "service"] as const
export type PriceCategory = (typeof PRICE_CATEGORIES)[number]

export interface PriceTable {
  currency: string
  default: Record<PriceCategory, number>
  countries: Record<string, Partial<Record<PriceCategory, number>>>
}

export interface CampaignSettingsResponse {
  settings: CampaignSettings
  price_table: PriceTable
  defaults: { settings: CampaignSettings; price_table: PriceTable }
}

/** A row of GET /admin/whatsapp/campaigns/:id/recipients (campaigns/recipient-report.ts). */
export interface CampaignRecipientRow {
  id: string
  customer_id: string | null
  customer_name: string | null
  email: string | null
  wa_id: string | null
  username: string | null
  user_id: string | null
  status: "queued" | "sending" | "sent" | "failed" | "skipped"
  message_status: string | null
  reason: string | null
  sent_at: string | null
  delivered_at: string | null
  read_at: string | null
  failed_at: string | null
  replied_at: string | null
  clicks: number
  discount_code: string | null
  discount_code_source: "issued" | "campaign" | null
  discount_issued_at: string | null
  discount_redeemed: boolean
  attributed_order_id: string | null
  attributed_orders: number
  attributed_amount: number
}

export interface CampaignRecipientsResponse {
  recipients: CampaignRecipientRow[]
  count: number
  limit: number
  offset: number
}
