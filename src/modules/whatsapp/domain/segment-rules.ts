import { z } from "@medusajs/framework/zod"
import {
  CONDITION_TYPES,
  CONSENT_STATES,
  MAX_RULE_CONDITIONS,
  MAX_RULE_DEPTH,
  METRIC_OPS,
  SEGMENT_METRICS,
  type MetricOp,
  type SegmentCondition,
  type SegmentGroup,
  type SegmentMetric,
  type SegmentRule,
} from "../../../shared/segments"
import { RFM_SEGMENTS, type RfmSegment } from "./rfm"

/**
 * Saved segments: a rule tree `{ all: Rule[] } | { any: Rule[] }` of conditions on tags, metrics,
 * marketing consent, country and when we last contacted the customer. Validated with zod, compiled
 * to a parameterised SQL WHERE (values only ever travel as bound parameters), and evaluated in JS
 * with the same meaning (for tests and previews of single customers).
 *
 * Meaning of a missing value: a condition on something the customer does not have (no orders →
 * no AOV, no address → no country) does not match, whatever the operator. Counts (orders, replies,
 * total spent) are 0, not missing. The one exception is last_contacted "not_within_days", which
 * matches customers never contacted: "not contacted in the last 7 days" includes them.
 */

// The rule tree's types and constants live in src/shared/segments.ts (the admin's rule builder uses them too).
export { CONDITION_TYPES, CONSENT_STATES, MAX_RULE_CONDITIONS, MAX_RULE_DEPTH, METRIC_OPS, SEGMENT_METRICS } from "../../../shared/segments"
export type {
  ConsentCondition,
  CountryCondition,
  LastContactedCondition,
  MetricCondition,
  MetricOp,
  RfmSegmentCondition,
  SegmentCondition,
  SegmentGroup,
  SegmentMetric,
  SegmentRule,
  TagCondition,
} from "../../../shared/segments"

const SQL_OP: Record<MetricOp, string> = { eq: "=", neq: "<>", gt: ">", gte: ">=", lt: "<", lte: "<=" }

const list = (xs: readonly string[]) => xs.join(", ")
const oneOf = (what: string, xs: readonly string[]) => (iss: { input?: unknown }) =>
  `unknown ${what} ${JSON.stringify(iss.input)}; expected one of: ${list(xs)}`
const finite = (what: string) =>
  z.number({ error: (iss) => `${what} must be a number, got ${JSON.stringify(iss.input)}` }).refine(Number.isFinite, `${what} must be a finite number`)

const TagSchema = z
  .object({
    type: z.literal("tag"),
    op: z.enum(["has", "has_not"], { error: oneOf("tag operator", ["has", "has_not"]) }),
    tag: z.string({ error: "tag must be a tag name (text)" }).trim().min(1, "tag must not be empty").max(100, "tag is longer than 100 characters"),
  })
  .strict()

const MetricSchema = z
  .object({
    type: z.literal("metric"),
    metric: z.enum(SEGMENT_METRICS, { error: oneOf("metric", SEGMENT_METRICS) }),
    op: z.enum(METRIC_OPS, { error: oneOf("metric operator", METRIC_OPS) }),
    value: finite("value"),
  })
  .strict()

const ConsentSchema = z
  .object({
    type: z.literal("consent"),
    value: z.enum(CONSENT_STATES, { error: oneOf("marketing consent state", CONSENT_STATES) }),
  })
  .strict()

const CountrySchema = z
  .object({
    type: z.literal("country"),
    op: z.enum(["in", "not_in"], { error: oneOf("country operator", ["in", "not_in"]) }),
    values: z
      .array(
        z
          .string({ error: 'a country must be a two-letter ISO code such as "TH"' })
          .regex(/^[A-Za-z]{2}$/, 'a country must be a two-letter ISO code such as "TH"')
          .transform((c) => c.toUpperCase()),
        { error: "values must be a list of two-letter country codes" }
      )
      .min(1, "values needs at least one country")
      .max(250),
  })
  .strict()

const RfmSegmentSchema = z
  .object({
    type: z.literal("rfm_segment"),
    op: z.enum(["in", "not_in"], { error: oneOf("rfm_segment operator", ["in", "not_in"]) }),
    values: z
      .array(z.enum(RFM_SEGMENTS, { error: oneOf("RFM segment", RFM_SEGMENTS) }), { error: "values must be a list of RFM segment names" })
      .min(1, "values needs at least one RFM segment"),
  })
  .strict()

const isoDate = z
  .string({ error: 'date must be an ISO date such as "2026-01-31"' })
  .refine((d) => /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2}))?$/.test(d) && !Number.isNaN(Date.parse(d)), {
    message: 'date must be an ISO date such as "2026-01-31"',
  })

const LAST_CONTACTED_OPS = ["before", "after", "within_days", "not_within_days", "never"] as const
const LastContactedSchema = z.discriminatedUnion(
  "op",
  [
    z.object({ type: z.literal("last_contacted"), op: z.enum(["before", "after"]), date: isoDate }).strict(),
    z
      .object({
        type: z.literal("last_contacted"),
        op: z.enum(["within_days", "not_within_days"]),
        days: z.number({ error: "days must be a number" }).int("days must be a whole number").min(1, "days must be at least 1").max(3650),
      })
      .strict(),
    z.object({ type: z.literal("last_contacted"), op: z.literal("never") }).strict(),
  ],
  { error: (iss) => (iss.code === "invalid_union" ? oneOf("last_contacted operator", LAST_CONTACTED_OPS)({ input: (iss.input as any)?.op }) : undefined) }
)

const describe = (v: unknown) => (v === null ? "null" : Array.isArray(v) ? "a list" : typeof v)

/** `{ all: [...] }` has no discriminator of its own; give groups one so one discriminated union covers every node. */
const tagGroup = (v: unknown) => {
  if (!v || typeof v !== "object" || Array.isArray(v) || "type" in v) return v
  if ("all" in v) return { type: "all", ...v }
  if ("any" in v) return { type: "any", ...v }
  return v
}

const rulesList = (key: string) =>
  z
    .array(
      z.lazy(() => NodeSchema),
      { error: (iss) => `${key} must be a list of rules, got ${describe(iss.input)}` }
    )
    .min(1, `${key} needs at least one rule`)

const NODE_TYPES = ["all", "any", ...CONDITION_TYPES]

const NodeSchema: z.ZodType<SegmentRule, unknown> = z
  .preprocess(
    tagGroup,
    z.discriminatedUnion(
      "type",
      [
        z.object({ type: z.literal("all"), all: rulesList("all") }).strict(),
        z.object({ type: z.literal("any"), any: rulesList("any") }).strict(),
        TagSchema,
        MetricSchema,
        ConsentSchema,
        CountrySchema,
        LastContactedSchema,
        RfmSegmentSchema,
      ],
      {
        error: (iss) => {
          if (iss.code !== "invalid_union" && iss.code !== "invalid_type") return undefined
          const v = iss.input as any
          if (!v || typeof v !== "object" || Array.isArray(v)) {
            return `a rule must be an object ({ all: [...] }, { any: [...] } or a condition with a type), got ${describe(v)}`
          }
          if (!("type" in v)) return `a rule needs "all", "any" or a condition "type" (one of: ${list(CONDITION_TYPES)})`
          return `unknown condition type ${JSON.stringify(v.type)}; expected one of: ${list(CONDITION_TYPES)}`
        },
      }
    )
  )
  .transform((n: any) => {
    // Back to the public shape: groups carry no "type".
    if (n.type === "all") return { all: n.all }
    if (n.type === "any") return { any: n.any }
    return n
  }) as any

/** The whole tree: the top level is a group. */
export const SegmentRulesSchema: z.ZodType<SegmentGroup, unknown> = z
  .unknown()
  .superRefine((v, ctx) => {
    if (!v || typeof v !== "object" || Array.isArray(v) || !("all" in v || "any" in v)) {
      ctx.addIssue({ code: "custom", message: "the top level must be a group: { all: [...] } or { any: [...] }" })
      return
    }
    const { depth, conditions } = measure(v)
    if (depth > MAX_RULE_DEPTH) {
      ctx.addIssue({ code: "custom", message: `rules are nested ${depth} groups deep; at most ${MAX_RULE_DEPTH} are allowed` })
    }
    if (conditions > MAX_RULE_CONDITIONS) {
      ctx.addIssue({ code: "custom", message: `rules have ${conditions} conditions; at most ${MAX_RULE_CONDITIONS} are allowed` })
    }
  })
  .pipe(NodeSchema) as any

/** Group depth and condition count, stopping early on absurd input. */
function measure(v: unknown, depth = 1, acc = { depth: 0, conditions: 0 }) {
  if (acc.depth > MAX_RULE_DEPTH + 1 || acc.conditions > MAX_RULE_CONDITIONS + 1) return acc
  const children = v && typeof v === "object" ? ((v as any).all ?? (v as any).any) : undefined
  if (Array.isArray(children)) {
    acc.depth = Math.max(acc.depth, depth)
    for (const c of children) measure(c, depth + 1, acc)
  } else acc.conditions++
  return acc
}

export type ParseRulesResult = { success: true; rules: SegmentGroup } | { success: false; errors: string[] }

/** Validates a rule tree; errors read like `rules.all[1].metric: unknown metric "foo"; expected one of: …`. */
export function parseSegmentRules(input: unknown, root = "rules"): ParseRulesResult {
  const r = SegmentRulesSchema.safeParse(input)
  if (r.success) return { success: true, rules: r.data }
  return { success: false, errors: formatIssues(r.error.issues, root) }
}

export function formatIssues(issues: readonly { path: readonly PropertyKey[]; message: string }[], root = "rules"): string[] {
  const seen = new Set<string>()
  const out: string[] = []
  for (const i of issues) {
    const line = `${formatPath(root, i.path)}: ${i.message}`
    if (!seen.has(line)) {
      seen.add(line)
      out.push(line)
    }
  }
  return out
}

function formatPath(root: string, path: readonly PropertyKey[]) {
  let s = root
  for (const p of path) s += typeof p === "number" ? `[${p}]` : `.${String(p)}`
  return s
}

// ------------------------------------------------------------------ meaning

/**
 * What a rule reads about one customer. The SQL compiler reads the same names as columns of the
 * segment base relation aliased `s` (segmentation/queries.ts builds it).
 */
export interface SegmentRow {
  customer_id: string
  tags: string[]
  marketing_consent: (typeof CONSENT_STATES)[number]
  country_code: string | null
  last_contacted_at: Date | null
  order_count: number
  total_spent: number
  aov: number | null
  avg_gap_days: number | null
  first_order_at: Date | null
  last_order_at: Date | null
  last_inbound_at: Date | null
  last_read_at: Date | null
  replies_7d: number
  replies_30d: number
  rfm_recency: number | null
  rfm_frequency: number | null
  rfm_monetary: number | null
  rfm_segment: RfmSegment | null
}

const DAY_MS = 86_400_000
const daysSince = (d: Date | null, now: Date) => (d ? Math.floor((now.getTime() - d.getTime()) / DAY_MS) : null)

function metricValue(row: SegmentRow, metric: SegmentMetric, now: Date): number | null {
  switch (metric) {
    case "days_since_last_order":
      return daysSince(row.last_order_at, now)
    case "days_since_first_order":
      return daysSince(row.first_order_at, now)
    case "days_since_last_inbound":
      return daysSince(row.last_inbound_at, now)
    case "days_since_last_read":
      return daysSince(row.last_read_at, now)
    default:
      return row[metric] ?? null
  }
}

function compare(a: number, op: MetricOp, b: number) {
  switch (op) {
    case "eq":
      return a === b
    case "neq":
      return a !== b
    case "gt":
      return a > b
    case "gte":
      return a >= b
    case "lt":
      return a < b
    case "lte":
      return a <= b
  }
}

export function evaluateRule(rule: SegmentRule, row: SegmentRow, now: Date): boolean {
  if ("all" in rule) return rule.all.every((r) => evaluateRule(r, row, now))
  if ("any" in rule) return rule.any.some((r) => evaluateRule(r, row, now))
  switch (rule.type) {
    case "tag":
      return row.tags.includes(rule.tag) === (rule.op === "has")
    case "metric": {
      const v = metricValue(row, rule.metric, now)
      return v !== null && compare(v, rule.op, rule.value)
    }
    case "consent":
      return row.marketing_consent === rule.value
    case "country": {
      if (!row.country_code) return false
      const inList = rule.values.includes(row.country_code.toUpperCase())
      return rule.op === "in" ? inList : !inList
    }
    case "rfm_segment": {
      if (!row.rfm_segment) return false
      const inList = (rule.values as string[]).includes(row.rfm_segment)
      return rule.op === "in" ? inList : !inList
    }
    case "last_contacted": {
      const at = row.last_contacted_at
      switch (rule.op) {
        case "never":
          return at === null
        case "before":
          return at !== null && at.getTime() < Date.parse(rule.date)
        case "after":
          return at !== null && at.getTime() > Date.parse(rule.date)
        case "within_days":
          return at !== null && at.getTime() >= now.getTime() - rule.days * DAY_MS
        case "not_within_days":
          return at === null || at.getTime() < now.getTime() - rule.days * DAY_MS
      }
    }
  }
}

// ------------------------------------------------------------------ SQL

/** Column of the base relation `s` per metric; the whitelist is the only way a name reaches SQL. */
const METRIC_SQL: Record<SegmentMetric, (now: () => string) => string> = {
  order_count: () => "s.order_count",
  total_spent: () => "s.total_spent",
  aov: () => "s.aov",
  avg_gap_days: () => "s.avg_gap_days",
  days_since_last_order: (now) => daysSinceSql("s.last_order_at", now),
  days_since_first_order: (now) => daysSinceSql("s.first_order_at", now),
  days_since_last_inbound: (now) => daysSinceSql("s.last_inbound_at", now),
  days_since_last_read: (now) => daysSinceSql("s.last_read_at", now),
  replies_7d: () => "s.replies_7d",
  replies_30d: () => "s.replies_30d",
  rfm_recency: () => "s.rfm_recency",
  rfm_frequency: () => "s.rfm_frequency",
  rfm_monetary: () => "s.rfm_monetary",
}

const hasOwn = (o: object, k: PropertyKey) => Object.prototype.hasOwnProperty.call(o, k)

function daysSinceSql(col: string, now: () => string) {
  return `floor(extract(epoch from (${now()} - ${col})) / 86400)`
}

/**
 * Compiles a validated rule tree to a boolean SQL expression over `s` with `?` placeholders
 * (knex raw bindings). Call it only with parseSegmentRules' output.
 */
export function compileSegmentRules(rule: SegmentRule, now: Date): { sql: string; params: unknown[] } {
  const params: unknown[] = []
  const bind = (v: unknown) => {
    params.push(v)
    return "?"
  }
  const nowSql = () => `${bind(now.toISOString())}::timestamptz`
  const placeholders = (xs: unknown[]) => xs.map(bind).join(", ")

  const walk = (r: SegmentRule): string => {
    if ("all" in r) return `(${r.all.map(walk).join(" AND ")})`
    if ("any" in r) return `(${r.any.map(walk).join(" OR ")})`
    switch (r.type) {
      case "tag": {
        const exists = `EXISTS (SELECT 1 FROM whatsapp_customer_tag ct JOIN whatsapp_tag t ON t.id = ct.tag_id AND t.deleted_at IS NULL
          WHERE ct.customer_id = s.customer_id AND ct.deleted_at IS NULL AND t.name = ${bind(r.tag)})`
        return r.op === "has" ? exists : `NOT ${exists}`
      }
      case "metric": {
        if (!hasOwn(METRIC_SQL, r.metric) || !hasOwn(SQL_OP, r.op)) {
          throw new Error(`compileSegmentRules: unknown metric or operator (${String(r.metric)} ${String(r.op)}); parse the rules first`)
        }
        const expr = METRIC_SQL[r.metric](nowSql)
        // NULL compares to NULL: a missing value never matches, as in evaluateRule.
        return `COALESCE(${expr} ${SQL_OP[r.op]} ${bind(r.value)}::float8, false)`
      }
      case "consent":
        return `s.marketing_consent = ${bind(r.value)}`
      case "country":
        return `(s.country_code IS NOT NULL AND upper(s.country_code) ${r.op === "in" ? "IN" : "NOT IN"} (${placeholders(r.values)}))`
      case "rfm_segment":
        return `(s.rfm_segment IS NOT NULL AND s.rfm_segment ${r.op === "in" ? "IN" : "NOT IN"} (${placeholders(r.values)}))`
      case "last_contacted":
        switch (r.op) {
          case "never":
            return "s.last_contacted_at IS NULL"
          case "before":
            return `COALESCE(s.last_contacted_at < ${bind(new Date(r.date).toISOString())}::timestamptz, false)`
          case "after":
            return `COALESCE(s.last_contacted_at > ${bind(new Date(r.date).toISOString())}::timestamptz, false)`
          case "within_days":
            return `COALESCE(s.last_contacted_at >= ${nowSql()} - make_interval(secs => ${bind(r.days)}::float8 * 86400), false)`
          case "not_within_days":
            return `(s.last_contacted_at IS NULL OR s.last_contacted_at < ${nowSql()} - make_interval(secs => ${bind(r.days)}::float8 * 86400))`
        }
    }
  }
  return { sql: walk(rule), params }
}

/** Tag names a rule tree refers to (the builder warns about tags nobody has). */
export function referencedTags(rule: SegmentRule): string[] {
  if ("all" in rule) return [...new Set(rule.all.flatMap(referencedTags))]
  if ("any" in rule) return [...new Set(rule.any.flatMap(referencedTags))]
  return rule.type === "tag" ? [rule.tag] : []
}
