/**
 * Saved segments: the rule tree the admin builds and the server validates and compiles
 * (domain/segment-rules.ts), the metrics and RFM segments it can test, and a member row as the
 * segment routes list it. Shared by the server and the admin dashboard. Browser-safe: no imports
 * (see shared/templates.ts).
 */

/** Nesting and size limits of a rule tree. */
export const MAX_RULE_DEPTH = 5
export const MAX_RULE_CONDITIONS = 100

export const SEGMENT_METRICS = [
  "order_count",
  "total_spent",
  "aov",
  "avg_gap_days",
  "days_since_last_order",
  "days_since_first_order",
  "days_since_last_inbound",
  "days_since_last_read",
  "replies_7d",
  "replies_30d",
  "rfm_recency",
  "rfm_frequency",
  "rfm_monetary",
] as const
export type SegmentMetric = (typeof SEGMENT_METRICS)[number]

export const METRIC_OPS = ["eq", "neq", "gt", "gte", "lt", "lte"] as const
export type MetricOp = (typeof METRIC_OPS)[number]

export const CONSENT_STATES = ["granted", "revoked", "unknown"] as const
export type ConsentValue = (typeof CONSENT_STATES)[number]
export const CONDITION_TYPES = ["tag", "metric", "consent", "country", "last_contacted", "rfm_segment"] as const

/** The named RFM segments (domain/rfm.ts scores customers into them). */
export const RFM_SEGMENTS = [
  "Champions",
  "Loyal",
  "Potential Loyalist",
  "New",
  "Promising",
  "Need Attention",
  "About to Sleep",
  "At Risk",
  "Can't Lose",
  "Hibernating",
  "Lost",
] as const
export type RfmSegment = (typeof RFM_SEGMENTS)[number]

export type TagCondition = { type: "tag"; op: "has" | "has_not"; tag: string }
export type MetricCondition = { type: "metric"; metric: SegmentMetric; op: MetricOp; value: number }
export type ConsentCondition = { type: "consent"; value: ConsentValue }
export type CountryCondition = { type: "country"; op: "in" | "not_in"; values: string[] }
export type LastContactedCondition =
  | { type: "last_contacted"; op: "before" | "after"; date: string }
  | { type: "last_contacted"; op: "within_days" | "not_within_days"; days: number }
  | { type: "last_contacted"; op: "never" }
export type RfmSegmentCondition = { type: "rfm_segment"; op: "in" | "not_in"; values: RfmSegment[] }
export type SegmentCondition = TagCondition | MetricCondition | ConsentCondition | CountryCondition | LastContactedCondition | RfmSegmentCondition
export type SegmentGroup = { all: SegmentRule[] } | { any: SegmentRule[] }
export type SegmentRule = SegmentGroup | SegmentCondition

/** A segment member row; `TDate` is Date as the server reads it and string once sent as JSON. */
export interface SegmentMember<TDate = string> {
  customer_id: string
  first_name: string | null
  last_name: string | null
  email: string | null
  phone: string | null
  marketing_consent: ConsentValue
  order_count: number
  total_spent: number
  rfm_segment: string | null
  last_order_at: TDate | null
}
