import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { MedusaError } from "@medusajs/framework/utils"
import { z } from "@medusajs/framework/zod"
import { isSupportedCountry } from "libphonenumber-js"
import type { CampaignSettings } from "../../../shared/campaigns"
import { DEFAULT_PRICE_TABLE, type PriceTable } from "../domain/campaign-rules"
import { DEFAULT_THROUGHPUT_MPS, MAX_THROUGHPUT_MPS, parseTier } from "../domain/rate-limit"
import { getSetting, setSetting, withLock } from "../settings/store"

// The settings shape lives in src/shared/campaigns.ts (the admin's settings drawer edits it).
export type { CampaignSettings } from "../../../shared/campaigns"

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

// ---------------------------------------------------------------- merchant edits (admin API)

const HHMM = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "use HH:MM (00:00–23:59)")

/**
 * What the merchant may change, each field optional (a patch). Ranges are Meta's (throughput,
 * tiers) or what keeps the sender sane (a lease shorter than a batch would double-claim).
 * allow_unbounded_throughput is not here: it is for benchmarks, set directly in the database.
 */
export const CampaignSettingsPatchSchema = z
  .object({
    throughput_mps: z.number().positive().max(MAX_THROUGHPUT_MPS),
    messaging_tier: z.custom<250 | 2000 | 10000 | 100000 | "unlimited" | null>(
      (v) => v === null || v === "unlimited" || [250, 2000, 10000, 100000].includes(v as number),
      { message: 'messaging_tier must be 250, 2000, 10000, 100000, "unlimited" or null' }
    ),
    frequency_cap: z
      .object({ max: z.number().int().min(1).max(100), days: z.number().int().min(1).max(90) })
      .strict()
      .nullable(),
    quiet_hours: z
      .object({ start: HHMM, end: HHMM, zone: z.enum(["store", "customer"]) })
      .strict()
      .nullable(),
    error_rate_threshold: z.number().gt(0).max(1),
    max_attempts: z.number().int().min(1).max(20),
    claim_lease_ms: z.number().int().min(10_000).max(3_600_000),
    pair_rate_interval_ms: z.number().int().min(0).max(600_000),
    concurrency: z.number().int().min(1).max(256),
    slots: z.number().int().min(1).max(16),
    attribution_window_days: z.number().int().min(1).max(90),
  })
  .partial()
  .strict()
export type CampaignSettingsPatch = z.infer<typeof CampaignSettingsPatchSchema>

/** The stored document with the patch applied; quiet hours that start and end together would never be quiet. */
export function mergeCampaignSettings(stored: Record<string, unknown>, patch: CampaignSettingsPatch): Record<string, unknown> {
  if (patch.quiet_hours && patch.quiet_hours.start === patch.quiet_hours.end) {
    throw new CampaignSettingsError(["quiet_hours: start and end are the same time"])
  }
  const merged = { ...stored, ...patch }
  // The stored form of "no limit" is the string the loader understands.
  if (merged.messaging_tier === null) merged.messaging_tier = "unlimited"
  normalizeCampaignSettings(merged)
  return merged
}

const CATEGORY_PRICES = z
  .object({
    marketing: z.number().min(0).max(10),
    utility: z.number().min(0).max(10),
    authentication: z.number().min(0).max(10),
    service: z.number().min(0).max(10),
  })
  .partial()
  .strict()

/** The whole table (it replaces the stored one, so a country can be removed). Prices per message. */
export const PriceTableSchema = z
  .object({
    currency: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{3}$/, "a 3-letter ISO currency code")
      .transform((s) => s.toUpperCase()),
    default: CATEGORY_PRICES,
    countries: z.record(z.string(), CATEGORY_PRICES).default({}),
  })
  .strict()
  .superRefine((t, ctx) => {
    for (const code of Object.keys(t.countries)) {
      if (!/^[A-Za-z]{2}$/.test(code) || !isSupportedCountry(code.toUpperCase() as any)) {
        ctx.addIssue({ code: "custom", path: ["countries", code], message: `"${code}" is not an ISO 3166 country code` })
      }
    }
  })
export type PriceTableInput = z.infer<typeof PriceTableSchema>

/** Categories the merchant left out keep the shipped default price; country codes are upper case. */
export function completePriceTable(input: PriceTableInput): PriceTable {
  return {
    currency: input.currency,
    default: { ...DEFAULT_PRICE_TABLE.default, ...input.default } as Record<string, number>,
    countries: Object.fromEntries(Object.entries(input.countries).map(([k, v]) => [k.toUpperCase(), v as Record<string, number>])),
  }
}

export class CampaignSettingsError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid campaign settings: ${problems.join("; ")}`)
  }
}

/** Effective campaign settings and price table, with the shipped defaults beside them. */
export async function getCampaignSettings(pg: Knex) {
  const [settings, price_table] = await Promise.all([loadCampaignSettings(pg), loadPriceTable(pg)])
  return { settings, price_table, defaults: { settings: DEFAULT_CAMPAIGN_SETTINGS, price_table: DEFAULT_PRICE_TABLE } }
}

/** A settings patch merged over what is stored, and/or a whole new price table; serialised against concurrent edits. */
export async function updateCampaignSettings(pg: Knex, input: { settings?: CampaignSettingsPatch; price_table?: PriceTableInput }) {
  await withLock(pg, "whatsapp:campaign-settings", async () => {
    if (input.settings) {
      let merged: Record<string, unknown>
      try {
        merged = mergeCampaignSettings(await getSetting(pg, "campaigns", {}), input.settings)
      } catch (e) {
        throw new MedusaError(MedusaError.Types.INVALID_DATA, (e as Error).message)
      }
      await setSetting(pg, "campaigns", merged)
    }
    if (input.price_table) await setSetting(pg, "campaign_pricing", completePriceTable(input.price_table) as unknown as Record<string, unknown>)
  })
  return getCampaignSettings(pg)
}
