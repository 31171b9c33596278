/**
 * Marketing campaigns: the states a campaign goes through, the merchant's campaign settings, and a
 * customer the wizard's preview renders with. Shared by the server (domain/campaign-rules.ts,
 * domain/rate-limit.ts, campaigns/settings.ts and campaigns/preview.ts re-export them) and the
 * admin dashboard. Browser-safe: no imports (see shared/templates.ts).
 */

// ---------------------------------------------------------------- states

export const CAMPAIGN_STATES = ["draft", "scheduled", "running", "paused", "completed", "canceled", "failed"] as const
export type CampaignState = (typeof CAMPAIGN_STATES)[number]

export const TERMINAL_STATES: readonly CampaignState[] = ["completed", "canceled", "failed"]

// ---------------------------------------------------------------- settings

/** Messaging tiers: unique users reached by business-initiated messages in a rolling 24 h; null = unlimited. */
export const MESSAGING_TIERS = [250, 2000, 10000, 100000, null] as const
export type MessagingTier = (typeof MESSAGING_TIERS)[number]

export interface FrequencyCap {
  /** At most this many marketing messages per customer … */
  max: number
  /** … in this many days. */
  days: number
}

export interface QuietHours {
  /** "HH:MM"; start > end spans midnight (e.g. 21:00 → 09:00). */
  start: string
  end: string
  /** Whose clock: the store's time zone, or the customer's when known (falls back to the store's). */
  zone: "store" | "customer"
}

/** Merchant settings for campaigns (whatsapp_setting key "campaigns"), merged over the server's defaults. */
export interface CampaignSettings {
  /** Messages per second of the business number (80 default, up to 1,000). */
  throughput_mps: number
  /** Unique users per rolling 24 h; null = unlimited. */
  messaging_tier: MessagingTier
  frequency_cap: FrequencyCap | null
  quiet_hours: QuietHours | null
  /** Auto-pause when more than this fraction of recent sends fail (0..1). */
  error_rate_threshold: number
  /** Retryable errors are retried this many times, then the recipient fails. */
  max_attempts: number
  /** A claimed recipient whose worker died is looked at again after this long (ms). */
  claim_lease_ms: number
  pair_rate_interval_ms: number
  /** Parallel HTTP requests per worker. */
  concurrency: number
  /** Batches in flight per campaign per process (slots). */
  slots: number
  attribution_window_days: number
}

// ---------------------------------------------------------------- preview

/** A customer the preview can render with (a WhatsApp contact; the candidates all have marketing consent). */
export interface PreviewCustomer {
  id: string
  first_name: string | null
  last_name: string | null
  email: string | null
  wa_id: string | null
  marketing_consent: string | null
}
