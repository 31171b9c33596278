import {
  MAX_RULE_CONDITIONS,
  MAX_RULE_DEPTH,
  SEGMENT_METRICS,
  compileSegmentRules,
  evaluateRule,
  parseSegmentRules,
  referencedTags,
  type SegmentRow,
} from "../segment-rules"

const NOW = new Date("2026-06-01T12:00:00.000Z")
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000)

const row = (over: Partial<SegmentRow> = {}): SegmentRow => ({
  customer_id: "cus_1",
  tags: [],
  marketing_consent: "unknown",
  country_code: null,
  last_contacted_at: null,
  order_count: 0,
  total_spent: 0,
  aov: null,
  avg_gap_days: null,
  first_order_at: null,
  last_order_at: null,
  last_inbound_at: null,
  last_read_at: null,
  replies_7d: 0,
  replies_30d: 0,
  rfm_recency: null,
  rfm_frequency: null,
  rfm_monetary: null,
  rfm_segment: null,
  ...over,
})

const ok = (input: unknown) => {
  const r = parseSegmentRules(input)
  if (!r.success) throw new Error(r.errors.join("\n"))
  return r.rules
}
const errors = (input: unknown) => {
  const r = parseSegmentRules(input)
  if (r.success) throw new Error(`expected ${JSON.stringify(input)} to be rejected`)
  return r.errors.join("\n")
}

describe("parsing", () => {
  it("accepts a nested tree and returns it in the public shape", () => {
    const input = {
      all: [
        { type: "tag", op: "has", tag: "frequency:monthly" },
        {
          any: [
            { type: "metric", metric: "aov", op: "gte", value: 200 },
            { type: "consent", value: "granted" },
          ],
        },
        { type: "country", op: "in", values: ["th", "SG"] },
        { type: "last_contacted", op: "not_within_days", days: 7 },
        { type: "last_contacted", op: "before", date: "2026-01-31" },
        { type: "rfm_segment", op: "in", values: ["Champions", "Can't Lose"] },
      ],
    }
    const rules = ok(input)
    expect(rules).toEqual({ ...input, all: input.all.map((r: any) => (r.type === "country" ? { ...r, values: ["TH", "SG"] } : r)) })
    expect(referencedTags(rules)).toEqual(["frequency:monthly"])
  })

  it.each([
    [null, /rules: the top level must be a group/],
    [[], /rules: the top level must be a group/],
    [{ type: "tag", op: "has", tag: "vip" }, /rules: the top level must be a group/],
    [{ all: [] }, /rules.all: all needs at least one rule/],
    [{ all: "vip" }, /rules.all: all must be a list of rules, got string/],
    [
      { all: [{ type: "metric", metric: "ltv", op: "gt", value: 1 }] },
      /rules.all\[0\].metric: unknown metric "ltv"; expected one of: order_count, total_spent/,
    ],
    [
      { all: [{ type: "metric", metric: "aov", op: ">", value: 1 }] },
      /rules.all\[0\].op: unknown metric operator ">"; expected one of: eq, neq, gt, gte, lt, lte/,
    ],
    [{ all: [{ type: "metric", metric: "aov", op: "gt", value: "200" }] }, /rules.all\[0\].value: value must be a number, got "200"/],
    [{ all: [{ type: "metric", metric: "aov", op: "gt" }] }, /rules.all\[0\].value: value must be a number/],
    [
      { any: [{ type: "colour", value: "red" }] },
      /rules.any\[0\].type: unknown condition type "colour"; expected one of: tag, metric, consent, country, last_contacted, rfm_segment/,
    ],
    [{ any: [{ foo: 1 }] }, /rules.any\[0\].type: a rule needs "all", "any" or a condition "type"/],
    [{ any: [42] }, /rules.any\[0\].*a rule must be an object.*got number/],
    [{ all: [{ type: "tag", op: "has", tag: "  " }] }, /rules.all\[0\].tag: tag must not be empty/],
    [{ all: [{ type: "tag", op: "is", tag: "vip" }] }, /rules.all\[0\].op: unknown tag operator "is"/],
    [{ all: [{ type: "tag", op: "has", tag: "vip", extra: 1 }] }, /rules.all\[0\]: Unrecognized key: "extra"/],
    [{ all: [{ type: "consent", value: "yes" }] }, /rules.all\[0\].value: unknown marketing consent state "yes"; expected one of: granted, revoked, unknown/],
    [{ all: [{ type: "country", op: "in", values: ["Thailand"] }] }, /rules.all\[0\].values\[0\]: a country must be a two-letter ISO code/],
    [{ all: [{ type: "country", op: "in", values: [] }] }, /values needs at least one country/],
    [{ all: [{ type: "last_contacted", op: "within_days", days: 0 }] }, /rules.all\[0\].days: days must be at least 1/],
    [{ all: [{ type: "last_contacted", op: "within_days", days: 1.5 }] }, /days must be a whole number/],
    [{ all: [{ type: "last_contacted", op: "before", date: "yesterday" }] }, /rules.all\[0\].date: date must be an ISO date/],
    [{ all: [{ type: "last_contacted", op: "lately" }] }, /rules.all\[0\].op: unknown last_contacted operator "lately"/],
    [{ all: [{ type: "rfm_segment", op: "in", values: ["Whales"] }] }, /rules.all\[0\].values\[0\]: unknown RFM segment "Whales"; expected one of: Champions/],
    [{ all: [{ type: "consent", value: "granted" }], any: [{ type: "consent", value: "granted" }] }, /Unrecognized key: "any"/],
    [
      { all: [{ any: [{ all: [{ type: "metric", metric: "aov", op: "gt", value: "x" }] }] }] },
      /rules.all\[0\].any\[0\].all\[0\].value: value must be a number/,
    ],
  ])("rejects %j with a message naming the place", (input, message) => {
    expect(errors(input)).toMatch(message)
  })

  it(`nesting deeper than ${MAX_RULE_DEPTH} groups is refused`, () => {
    const leaf = { type: "consent", value: "granted" }
    const nest = (d: number): any => (d === 0 ? leaf : { all: [nest(d - 1)] })
    expect(parseSegmentRules(nest(MAX_RULE_DEPTH)).success).toBe(true)
    expect(errors(nest(MAX_RULE_DEPTH + 1))).toMatch(/rules: rules are nested 6 groups deep; at most 5 are allowed/)
    // Absurd depth is refused without blowing the stack.
    expect(errors(nest(5000))).toMatch(/at most 5 are allowed/)
  })

  it(`more than ${MAX_RULE_CONDITIONS} conditions are refused`, () => {
    const leaf = { type: "consent", value: "granted" }
    expect(parseSegmentRules({ any: Array(MAX_RULE_CONDITIONS).fill(leaf) }).success).toBe(true)
    expect(errors({ any: Array(MAX_RULE_CONDITIONS + 1).fill(leaf) })).toMatch(/101 conditions; at most 100/)
  })
})

describe("evaluation", () => {
  it("all / any / tags", () => {
    const r = ok({
      all: [
        { type: "tag", op: "has", tag: "vip" },
        {
          any: [
            { type: "tag", op: "has_not", tag: "aov:low" },
            { type: "consent", value: "granted" },
          ],
        },
      ],
    })
    expect(evaluateRule(r, row({ tags: ["vip"] }), NOW)).toBe(true)
    expect(evaluateRule(r, row({ tags: ["vip", "aov:low"] }), NOW)).toBe(false)
    expect(evaluateRule(r, row({ tags: ["vip", "aov:low"], marketing_consent: "granted" }), NOW)).toBe(true)
    expect(evaluateRule(r, row({ tags: [] }), NOW)).toBe(false)
  })

  it("metrics, including days since, and missing values never match", () => {
    const gt = (metric: string, value: number) => ok({ all: [{ type: "metric", metric, op: "gt", value }] })
    const neq = (metric: string, value: number) => ok({ all: [{ type: "metric", metric, op: "neq", value }] })
    expect(evaluateRule(gt("days_since_last_order", 30), row({ last_order_at: daysAgo(31) }), NOW)).toBe(true)
    expect(evaluateRule(gt("days_since_last_order", 30), row({ last_order_at: daysAgo(30.9) }), NOW)).toBe(false)
    expect(evaluateRule(gt("days_since_last_order", -1), row(), NOW)).toBe(false)
    expect(evaluateRule(neq("aov", 5), row(), NOW)).toBe(false)
    expect(evaluateRule(ok({ all: [{ type: "metric", metric: "order_count", op: "eq", value: 0 }] }), row(), NOW)).toBe(true)
  })

  it("country and RFM lists need a known value, for in and not_in alike", () => {
    const notTh = ok({ all: [{ type: "country", op: "not_in", values: ["th"] }] })
    expect(evaluateRule(notTh, row({ country_code: "sg" }), NOW)).toBe(true)
    expect(evaluateRule(notTh, row({ country_code: "th" }), NOW)).toBe(false)
    expect(evaluateRule(notTh, row(), NOW)).toBe(false)
    const notLost = ok({ all: [{ type: "rfm_segment", op: "not_in", values: ["Lost"] }] })
    expect(evaluateRule(notLost, row({ rfm_segment: "New" }), NOW)).toBe(true)
    expect(evaluateRule(notLost, row(), NOW)).toBe(false)
  })

  it("last contacted", () => {
    const lc = (c: object) => ok({ all: [{ type: "last_contacted", ...c }] })
    const at = row({ last_contacted_at: daysAgo(10) })
    const never = row()
    expect(evaluateRule(lc({ op: "within_days", days: 10 }), at, NOW)).toBe(true)
    expect(evaluateRule(lc({ op: "within_days", days: 9 }), at, NOW)).toBe(false)
    expect(evaluateRule(lc({ op: "not_within_days", days: 9 }), at, NOW)).toBe(true)
    expect(evaluateRule(lc({ op: "not_within_days", days: 9 }), never, NOW)).toBe(true)
    expect(evaluateRule(lc({ op: "within_days", days: 9 }), never, NOW)).toBe(false)
    expect(evaluateRule(lc({ op: "never" }), never, NOW)).toBe(true)
    expect(evaluateRule(lc({ op: "before", date: "2026-05-25" }), at, NOW)).toBe(true)
    expect(evaluateRule(lc({ op: "after", date: "2026-05-25" }), at, NOW)).toBe(false)
    expect(evaluateRule(lc({ op: "before", date: "2026-05-25" }), never, NOW)).toBe(false)
  })
})

describe("compiling to SQL", () => {
  const hostile = "x'); DROP TABLE customer; --"

  it("user values travel only as parameters", () => {
    const rules = ok({
      any: [
        { type: "tag", op: "has", tag: hostile },
        { type: "metric", metric: "total_spent", op: "gte", value: 31337.5 },
        { type: "country", op: "in", values: ["TH", "VN"] },
        { type: "consent", value: "granted" },
        { type: "last_contacted", op: "after", date: "2026-02-03" },
        { type: "rfm_segment", op: "not_in", values: ["Can't Lose"] },
      ],
    })
    const { sql, params } = compileSegmentRules(rules, NOW)
    for (const v of [hostile, "DROP", "31337", "TH", "VN", "granted", "2026-02-03", "Can't"]) expect(sql).not.toContain(v)
    expect(params).toEqual([hostile, 31337.5, "TH", "VN", "granted", "2026-02-03T00:00:00.000Z", "Can't Lose"])
    expect(sql.split("?").length - 1).toBe(params.length)
    expect(sql.startsWith("(") && sql.includes(" OR ")).toBe(true)
  })

  it("every metric compiles to a whitelisted column expression", () => {
    for (const metric of SEGMENT_METRICS) {
      const { sql, params } = compileSegmentRules(ok({ all: [{ type: "metric", metric, op: "lt", value: 3 }] }), NOW)
      expect(sql).toMatch(/s\.[a-z0-9_]+/)
      expect(params[params.length - 1]).toBe(3)
      if (metric.startsWith("days_since")) expect(params[0]).toBe(NOW.toISOString())
    }
  })

  it("the compiler does not trust an unvalidated tree", () => {
    // Defence in depth: a metric name outside the whitelist has no SQL spelling.
    expect(() => compileSegmentRules({ all: [{ type: "metric", metric: "1=1) OR (1" as any, op: "gt", value: 1 }] }, NOW)).toThrow()
  })
})
