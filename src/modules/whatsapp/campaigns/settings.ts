import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { DEFAULT_PRICE_TABLE, type PriceTable, type QuietHours } from "../domain/campaign-rules"
import { DEFAULT_THROUGHPUT_MPS, MAX_THROUGHPUT_MPS, parseTier, type FrequencyCap, type MessagingTier } from "../domain/rate-limit"

/** Merchant settings for campaigns (whatsapp_setting key "campaigns"), merged over these defaults. */
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

export const DEFAULT_CAMPAIGN_SETTINGS: CampaignSettings = {
  throughput_mps: DEFAULT_THROUGHPUT_MPS,
  messaging_tier: 2000,
  frequency_cap: { max: 2, days: 7 },
  quiet_hours: null,
  error_rate_threshold: 0.5,
  max_attempts: 5,
  claim_lease_ms: 120_000,
  pair_rate_interval_ms: 6000,
  concurrency: 32,
  slots: 2,
  attribution_window_days: 7,
}

export function normalizeCampaignSettings(raw: Record<string, unknown>): CampaignSettings {
  const s = { ...DEFAULT_CAMPAIGN_SETTINGS, ...raw } as CampaignSettings
  const mps = Number(s.throughput_mps)
  if (!(mps > 0)) throw new Error(`throughput_mps must be positive`)
  // Above Meta's ceiling only for benchmarks against the sandbox (explicitly asked for).
  s.throughput_mps = (raw as any).allow_unbounded_throughput ? mps : Math.min(mps, MAX_THROUGHPUT_MPS)
  s.messaging_tier = parseTier(s.messaging_tier)
  return s
}

export async function loadCampaignSettings(pg: Knex): Promise<CampaignSettings> {
  const { rows } = await pg.raw(`SELECT value FROM whatsapp_setting WHERE key = 'campaigns' AND deleted_at IS NULL`)
  return normalizeCampaignSettings(rows[0]?.value ?? {})
}

export async function loadPriceTable(pg: Knex): Promise<PriceTable> {
  const { rows } = await pg.raw(`SELECT value FROM whatsapp_setting WHERE key = 'campaign_pricing' AND deleted_at IS NULL`)
  return { ...DEFAULT_PRICE_TABLE, ...(rows[0]?.value ?? {}) }
}
