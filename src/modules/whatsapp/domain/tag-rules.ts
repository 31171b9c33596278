import { z } from "@medusajs/framework/zod"
import { RFM_SEGMENTS, rfmTag, type RfmSegment } from "./rfm"

/** Exact seconds, not calendar days: `interval '1 day'` follows DST in the session's time zone. */
const daysSql = (placeholder: string) => `make_interval(secs => ${placeholder}::float8 * 86400)`

/**
 * Automatic customer tags: the merchant's thresholds (with the seed article's defaults), which
 * tags a customer's metrics earn, and the same rule as a SQL expression for the set-based recompute.
 * autoTagsFor (JS) and autoTagsSql (SQL) are two spellings of one rule; the integration tests hold
 * them against each other on real data.
 */

const days = (d: number, max = 3650) => z.number().positive().max(max).default(d)

const TopPercent = z.object({
  mode: z.literal("top_percent"),
  /** The customers fewer than this share of whom rank above (ties share the band). */
  top_percent: z.number().gt(0).max(100),
})

export const SegmentSettingsSchema = z
  .object({
    frequency: z
      .object({
        /** Average days between orders at most this (with ≥ 2 orders): frequency:monthly. */
        monthly_max_days: days(45),
        /** …at most this: frequency:quarterly; above it: frequency:occasional. */
        quarterly_max_days: days(120),
        /** Overdue (frequency:lapsed) when the days since the last order exceed this × the average gap. */
        lapsed_multiplier: z.number().min(1).max(20).default(1.5),
      })
      .strict()
      .prefault({}),
    aov: z
      .object({
        /** Average order value below this (store currency, as Medusa stores amounts): aov:low. */
        low_below: z.number().min(0).default(200),
        /** aov:high: a fixed amount, or the top share of customers by AOV. */
        high: z
          .discriminatedUnion("mode", [TopPercent.strict(), z.object({ mode: z.literal("min_amount"), min_amount: z.number().positive() }).strict()])
          .default({ mode: "top_percent", top_percent: 20 }),
      })
      .strict()
      .prefault({}),
    engagement: z
      .object({
        /** Replied or read within this many days: engaged:<n>d. */
        engaged_days: z.number().int().min(1).max(365).default(7),
        /** Has a WhatsApp contact but nothing (reply or read) in this many days: dormant:<n>d. */
        dormant_days: z.number().int().min(1).max(3650).default(30),
      })
      .strict()
      .prefault({}),
    vip: z
      .discriminatedUnion("mode", [
        TopPercent.strict(),
        z.object({ mode: z.literal("min_spent"), min_spent: z.number().positive() }).strict(),
        z.object({ mode: z.literal("off") }).strict(),
      ])
      .default({ mode: "top_percent", top_percent: 5 }),
    schedule: z
      .object({
        /** Nightly full recompute on/off (on-demand and incremental recomputes always work). */
        enabled: z.boolean().default(true),
        /** Hour of the day, in the store's timezone, for the nightly full recompute. */
        hour: z.number().int().min(0).max(23).default(2),
      })
      .strict()
      .prefault({}),
  })
  .strict()
  .superRefine((s, ctx) => {
    if (s.frequency.quarterly_max_days <= s.frequency.monthly_max_days) {
      ctx.addIssue({
        code: "custom",
        path: ["frequency", "quarterly_max_days"],
        message: `must be greater than frequency.monthly_max_days (${s.frequency.monthly_max_days}), got ${s.frequency.quarterly_max_days}`,
      })
    }
    if (s.engagement.dormant_days < s.engagement.engaged_days) {
      // Otherwise one customer could be engaged and dormant at once.
      ctx.addIssue({
        code: "custom",
        path: ["engagement", "dormant_days"],
        message: `must be at least engagement.engaged_days (${s.engagement.engaged_days}), got ${s.engagement.dormant_days}`,
      })
    }
    if (s.aov.high.mode === "min_amount" && s.aov.high.min_amount <= s.aov.low_below) {
      ctx.addIssue({
        code: "custom",
        path: ["aov", "high", "min_amount"],
        message: `must be greater than aov.low_below (${s.aov.low_below}), got ${s.aov.high.min_amount}`,
      })
    }
  })

export type SegmentSettings = z.infer<typeof SegmentSettingsSchema>
export type SegmentSettingsInput = z.input<typeof SegmentSettingsSchema>

export const DEFAULT_SEGMENT_SETTINGS: SegmentSettings = SegmentSettingsSchema.parse({})

/**
 * A partial update over the current settings: each section is merged field by field; the
 * either/or choices (aov.high, vip) are replaced whole. The result still has to pass the schema.
 */
export function mergeSegmentSettings(current: SegmentSettings, patch: Record<string, any>): unknown {
  const section = (k: "frequency" | "engagement" | "schedule") =>
    patch[k] && typeof patch[k] === "object" ? { ...current[k], ...patch[k] } : (patch[k] ?? current[k])
  const aovPatch = patch.aov && typeof patch.aov === "object" ? patch.aov : undefined
  return {
    ...patch,
    frequency: section("frequency"),
    engagement: section("engagement"),
    schedule: section("schedule"),
    aov: aovPatch ? { ...current.aov, ...aovPatch } : (patch.aov ?? current.aov),
    vip: patch.vip ?? current.vip,
  }
}

// ------------------------------------------------------------------ tag names

export const FREQUENCY_TAGS = {
  monthly: "frequency:monthly",
  quarterly: "frequency:quarterly",
  occasional: "frequency:occasional",
  oneTime: "frequency:one-time",
  lapsed: "frequency:lapsed",
} as const
export const AOV_TAGS = { low: "aov:low", mid: "aov:mid", high: "aov:high" } as const
export const VIP_TAG = "vip"
export const engagedTag = (s: SegmentSettings) => `engaged:${s.engagement.engaged_days}d`
export const dormantTag = (s: SegmentSettings) => `dormant:${s.engagement.dormant_days}d`

/** Every tag recomputation may set under these settings (it removes auto links to any other tag). */
export function allAutoTagNames(s: SegmentSettings): string[] {
  return [...Object.values(FREQUENCY_TAGS), ...Object.values(AOV_TAGS), engagedTag(s), dormantTag(s), ...RFM_SEGMENTS.map(rfmTag), VIP_TAG]
}

/** The built-in dimensions and their bands, as the dashboard lists them (a customer is in at most one band per dimension, except lapsed which rides on frequency). */
export function builtInDimensions(s: SegmentSettings): { key: string; label: string; bands: { tag: string; label: string }[] }[] {
  return [
    {
      key: "frequency",
      label: "Purchase frequency",
      bands: [
        { tag: FREQUENCY_TAGS.monthly, label: `About monthly (average gap ≤ ${s.frequency.monthly_max_days} days)` },
        { tag: FREQUENCY_TAGS.quarterly, label: `About quarterly (≤ ${s.frequency.quarterly_max_days} days)` },
        { tag: FREQUENCY_TAGS.occasional, label: `Occasional (> ${s.frequency.quarterly_max_days} days)` },
        { tag: FREQUENCY_TAGS.oneTime, label: "One order" },
      ],
    },
    {
      key: "lapsed",
      label: "Overdue",
      bands: [{ tag: FREQUENCY_TAGS.lapsed, label: `Lapsed (more than ${s.frequency.lapsed_multiplier} × their average gap since the last order)` }],
    },
    {
      key: "aov",
      label: "Average order value",
      bands: [
        { tag: AOV_TAGS.low, label: `Low (below ${s.aov.low_below})` },
        { tag: AOV_TAGS.mid, label: "Mid" },
        {
          tag: AOV_TAGS.high,
          label: s.aov.high.mode === "min_amount" ? `High (${s.aov.high.min_amount} or more)` : `High (top ${s.aov.high.top_percent}%)`,
        },
      ],
    },
    {
      key: "engagement",
      label: "Engagement",
      bands: [
        { tag: engagedTag(s), label: `Replied or read in the last ${s.engagement.engaged_days} days` },
        { tag: dormantTag(s), label: `Nothing in ${s.engagement.dormant_days} days` },
      ],
    },
    {
      key: "rfm",
      label: "RFM segment",
      bands: RFM_SEGMENTS.map((seg) => ({ tag: rfmTag(seg), label: seg })),
    },
    {
      key: "vip",
      label: "VIP",
      bands: [
        {
          tag: VIP_TAG,
          label:
            s.vip.mode === "off"
              ? "VIP (set by hand only)"
              : s.vip.mode === "min_spent"
                ? `VIP (spent ${s.vip.min_spent} or more, or set by hand)`
                : `VIP (top ${s.vip.top_percent}% by spend, or set by hand)`,
        },
      ],
    },
  ]
}

// ------------------------------------------------------------------ the rule

/** The thresholds one run applies: the settings, with percent-based bands resolved to amounts. */
export interface ResolvedThresholds {
  /** aov:high from this AOV; null = nobody (e.g. no customer has an AOV yet). */
  aov_high_min: number | null
  /** vip from this total spent; null = nobody automatically. */
  vip_min_spent: number | null
}

/** One customer's metrics as the tag rule reads them (a row of whatsapp_customer_metric). */
export interface TagMetrics {
  order_count: number
  avg_gap_days: number | null
  last_order_at: Date | null
  aov: number | null
  total_spent: number
  last_inbound_at: Date | null
  last_read_at: Date | null
  has_contact: boolean
  rfm_segment: RfmSegment | null
}

const DAY_MS = 86_400_000

/** Last order + average gap: when the next order is expected. */
export function expectedNextOrderAt(m: Pick<TagMetrics, "order_count" | "avg_gap_days" | "last_order_at">): Date | null {
  if (m.order_count < 2 || m.avg_gap_days === null || !m.last_order_at) return null
  return new Date(m.last_order_at.getTime() + m.avg_gap_days * DAY_MS)
}

/** Overdue: the time since the last order exceeds lapsed_multiplier × the average gap. */
export function isOverdue(m: Pick<TagMetrics, "order_count" | "avg_gap_days" | "last_order_at">, s: SegmentSettings, now: Date): boolean {
  if (m.order_count < 2 || m.avg_gap_days === null || !m.last_order_at) return false
  return now.getTime() > m.last_order_at.getTime() + s.frequency.lapsed_multiplier * m.avg_gap_days * DAY_MS
}

export function autoTagsFor(m: TagMetrics, s: SegmentSettings, t: ResolvedThresholds, now: Date): string[] {
  const tags: string[] = []
  if (m.order_count === 1) tags.push(FREQUENCY_TAGS.oneTime)
  else if (m.order_count >= 2 && m.avg_gap_days !== null) {
    if (m.avg_gap_days <= s.frequency.monthly_max_days) tags.push(FREQUENCY_TAGS.monthly)
    else if (m.avg_gap_days <= s.frequency.quarterly_max_days) tags.push(FREQUENCY_TAGS.quarterly)
    else tags.push(FREQUENCY_TAGS.occasional)
  }
  if (isOverdue(m, s, now)) tags.push(FREQUENCY_TAGS.lapsed)

  if (m.aov !== null) {
    if (m.aov < s.aov.low_below) tags.push(AOV_TAGS.low)
    else if (t.aov_high_min !== null && m.aov >= t.aov_high_min) tags.push(AOV_TAGS.high)
    else tags.push(AOV_TAGS.mid)
  }

  const activity = latest(m.last_inbound_at, m.last_read_at)
  if (activity && activity.getTime() >= now.getTime() - s.engagement.engaged_days * DAY_MS) tags.push(engagedTag(s))
  if (m.has_contact && (!activity || activity.getTime() < now.getTime() - s.engagement.dormant_days * DAY_MS)) tags.push(dormantTag(s))

  if (m.rfm_segment) tags.push(rfmTag(m.rfm_segment))
  if (t.vip_min_spent !== null && m.total_spent > 0 && m.total_spent >= t.vip_min_spent) tags.push(VIP_TAG)
  return tags
}

function latest(a: Date | null, b: Date | null): Date | null {
  if (!a) return b
  if (!b) return a
  return a > b ? a : b
}

/**
 * "Top p%": the smallest value x such that fewer than p% of the values are strictly greater
 * (so ties at the boundary are all in, and the single best customer always is). null when empty.
 */
export function topPercentCut(values: number[], percent: number): number | null {
  const sorted = [...values].sort((a, b) => b - a)
  let cut: number | null = null
  for (let i = 0; i < sorted.length; i++) {
    // i = number strictly greater only at the first of a tie group.
    if (i > 0 && sorted[i] === sorted[i - 1]) continue
    if (100 * i < percent * sorted.length) cut = sorted[i]
    else break
  }
  return cut
}

export function resolveThresholds(
  s: SegmentSettings,
  percentCuts: { aov_top_percent_min: number | null; vip_top_percent_min: number | null }
): ResolvedThresholds {
  return {
    aov_high_min: s.aov.high.mode === "min_amount" ? s.aov.high.min_amount : percentCuts.aov_top_percent_min,
    vip_min_spent: s.vip.mode === "off" ? null : s.vip.mode === "min_spent" ? s.vip.min_spent : percentCuts.vip_top_percent_min,
  }
}

/**
 * The rule as one SQL expression of type text[] over a whatsapp_customer_metric row aliased `m`.
 * Every threshold and tag name is a bound parameter (`?`, knex style); `now` is bound too, so the
 * SQL and autoTagsFor agree on the same instant.
 */
export function autoTagsSql(s: SegmentSettings, t: ResolvedThresholds, now: Date): { sql: string; params: unknown[] } {
  const p: unknown[] = []
  const v = (x: unknown) => {
    p.push(x)
    return "?"
  }
  const nowP = () => `${v(now.toISOString())}::timestamptz`
  const activity = `GREATEST(m.last_inbound_at, m.last_read_at)`
  const parts = [
    `CASE WHEN m.order_count = 1 THEN ${v(FREQUENCY_TAGS.oneTime)}
          WHEN m.order_count >= 2 AND m.avg_gap_days <= ${v(s.frequency.monthly_max_days)} THEN ${v(FREQUENCY_TAGS.monthly)}
          WHEN m.order_count >= 2 AND m.avg_gap_days <= ${v(s.frequency.quarterly_max_days)} THEN ${v(FREQUENCY_TAGS.quarterly)}
          WHEN m.order_count >= 2 AND m.avg_gap_days IS NOT NULL THEN ${v(FREQUENCY_TAGS.occasional)} END`,
    `CASE WHEN m.overdue THEN ${v(FREQUENCY_TAGS.lapsed)} END`,
    `CASE WHEN m.aov IS NULL THEN NULL
          WHEN m.aov < ${v(s.aov.low_below)} THEN ${v(AOV_TAGS.low)}
          WHEN m.aov::float8 >= ${v(t.aov_high_min)}::float8 THEN ${v(AOV_TAGS.high)}
          ELSE ${v(AOV_TAGS.mid)} END`,
    `CASE WHEN ${activity} >= ${nowP()} - ${daysSql(v(s.engagement.engaged_days))} THEN ${v(engagedTag(s))} END`,
    `CASE WHEN m.has_contact AND (${activity} IS NULL OR ${activity} < ${nowP()} - ${daysSql(v(s.engagement.dormant_days))})
          THEN ${v(dormantTag(s))} END`,
    `CASE m.rfm_segment ${RFM_SEGMENTS.map((seg) => `WHEN ${v(seg)} THEN ${v(rfmTag(seg))}`).join(" ")} END`,
    `CASE WHEN m.total_spent > 0 AND m.total_spent::float8 >= ${v(t.vip_min_spent)}::float8 THEN ${v(VIP_TAG)} END`,
  ]
  return { sql: `array_remove(ARRAY[${parts.map((x) => `(${x})::text`).join(",\n")}], NULL)`, params: p }
}

/**
 * Names a person may not give a manual tag: the automatic namespaces, whose meaning is a threshold.
 * "vip" is allowed (the issue's "or set by hand").
 */
const AUTO_NAMESPACES = ["frequency:", "aov:", "engaged:", "dormant:", "rfm:"]
export function isAutomaticTagName(name: string): boolean {
  const n = name.trim().toLowerCase()
  return AUTO_NAMESPACES.some((p) => n.startsWith(p))
}
