import { RFM_SEGMENTS } from "../rfm"
import {
  DEFAULT_SEGMENT_SETTINGS,
  SegmentSettingsSchema,
  allAutoTagNames,
  autoTagsFor,
  autoTagsSql,
  builtInDimensions,
  expectedNextOrderAt,
  isOverdue,
  mergeSegmentSettings,
  resolveThresholds,
  topPercentCut,
  type TagMetrics,
} from "../tag-rules"

const NOW = new Date("2026-06-01T12:00:00.000Z")
const daysAgo = (d: number) => new Date(NOW.getTime() - d * 86_400_000)
const S = DEFAULT_SEGMENT_SETTINGS
const T = { aov_high_min: 1000, vip_min_spent: 5000 }

const base: TagMetrics = {
  order_count: 0,
  avg_gap_days: null,
  last_order_at: null,
  aov: null,
  total_spent: 0,
  last_inbound_at: null,
  last_read_at: null,
  has_contact: false,
  rfm_segment: null,
}
const tags = (m: Partial<TagMetrics>, s = S, t = T) => autoTagsFor({ ...base, ...m }, s, t, NOW)

describe("settings", () => {
  it("defaults are the seed article's", () => {
    expect(S).toEqual({
      frequency: { monthly_max_days: 45, quarterly_max_days: 120, lapsed_multiplier: 1.5 },
      aov: { low_below: 200, high: { mode: "top_percent", top_percent: 20 } },
      engagement: { engaged_days: 7, dormant_days: 30 },
      vip: { mode: "top_percent", top_percent: 5 },
      schedule: { enabled: true, hour: 2 },
    })
  })

  it("partial input is completed with defaults", () => {
    const s = SegmentSettingsSchema.parse({ frequency: { monthly_max_days: 30 } })
    expect(s.frequency).toEqual({ monthly_max_days: 30, quarterly_max_days: 120, lapsed_multiplier: 1.5 })
    expect(s.aov.low_below).toBe(200)
  })

  it.each([
    [{ frequency: { monthly_max_days: 130 } }, /"quarterly_max_days"\],"message":"must be greater than frequency.monthly_max_days \(130\), got 120"/],
    [{ engagement: { engaged_days: 40 } }, /"dormant_days"\],"message":"must be at least engagement.engaged_days \(40\), got 30"/],
    [
      { aov: { low_below: 500, high: { mode: "min_amount", min_amount: 300 } } },
      /"min_amount"\],"message":"must be greater than aov.low_below \(500\), got 300"/,
    ],
    [{ vip: { mode: "top_percent", top_percent: 0 } }, /too small|>0/i],
    [{ vip: { mode: "sometimes" } }, /./],
    [{ frequency: { monthly_max_days: -1 } }, /too small|>0/i],
    [{ engagement: { engaged_days: 2.5 } }, /int/i],
    [{ nonsense: true }, /nonsense/],
  ])("rejects %j", (input, message) => {
    const r = SegmentSettingsSchema.safeParse(input)
    expect(r.success).toBe(false)
    expect(JSON.stringify(r.error!.issues)).toMatch(message)
  })

  it("a partial update merges into the current settings, either/or choices replaced whole", () => {
    const current = SegmentSettingsSchema.parse({ vip: { mode: "min_spent", min_spent: 9000 }, frequency: { monthly_max_days: 20 } })
    const next = SegmentSettingsSchema.parse(mergeSegmentSettings(current, { frequency: { quarterly_max_days: 90 }, aov: { low_below: 150 } }))
    expect(next.frequency).toEqual({ monthly_max_days: 20, quarterly_max_days: 90, lapsed_multiplier: 1.5 })
    expect(next.aov).toEqual({ low_below: 150, high: { mode: "top_percent", top_percent: 20 } })
    expect(next.vip).toEqual({ mode: "min_spent", min_spent: 9000 })
    const off = SegmentSettingsSchema.parse(mergeSegmentSettings(next, { vip: { mode: "off" } }))
    expect(off.vip).toEqual({ mode: "off" })
  })
})

describe("frequency", () => {
  it.each([
    [{ order_count: 1, last_order_at: daysAgo(3) }, "frequency:one-time"],
    [{ order_count: 2, avg_gap_days: 45, last_order_at: daysAgo(3) }, "frequency:monthly"],
    [{ order_count: 5, avg_gap_days: 45.5, last_order_at: daysAgo(3) }, "frequency:quarterly"],
    [{ order_count: 3, avg_gap_days: 120, last_order_at: daysAgo(3) }, "frequency:quarterly"],
    [{ order_count: 3, avg_gap_days: 121, last_order_at: daysAgo(3) }, "frequency:occasional"],
  ])("%j → %s", (m, tag) => {
    const t = tags(m).filter((x) => x.startsWith("frequency:"))
    expect(t).toEqual([tag])
  })

  it("no orders → no frequency tag", () => {
    expect(tags({}).filter((x) => x.startsWith("frequency:"))).toEqual([])
  })

  it("lapsed once the time since the last order exceeds 1.5 × the average gap, alongside the band", () => {
    const m = { ...base, order_count: 4, avg_gap_days: 30 }
    expect(isOverdue({ ...m, last_order_at: daysAgo(45) }, S, NOW)).toBe(false)
    expect(isOverdue({ ...m, last_order_at: daysAgo(45.01) }, S, NOW)).toBe(true)
    expect(tags({ ...m, last_order_at: daysAgo(46) })).toEqual(expect.arrayContaining(["frequency:monthly", "frequency:lapsed"]))
    expect(expectedNextOrderAt({ ...m, last_order_at: daysAgo(10) })).toEqual(daysAgo(-20))
    // A one-time buyer has no rhythm to be late for.
    expect(tags({ order_count: 1, last_order_at: daysAgo(900) })).not.toContain("frequency:lapsed")
  })

  it("changing the thresholds moves the customer", () => {
    const m = { order_count: 3, avg_gap_days: 40, last_order_at: daysAgo(1) }
    expect(tags(m)).toContain("frequency:monthly")
    const strict = SegmentSettingsSchema.parse({ frequency: { monthly_max_days: 30 } })
    expect(tags(m, strict)).toContain("frequency:quarterly")
    const lapsedSooner = SegmentSettingsSchema.parse({ frequency: { lapsed_multiplier: 1 } })
    expect(tags({ ...m, last_order_at: daysAgo(41) }, lapsedSooner)).toContain("frequency:lapsed")
    expect(tags({ ...m, last_order_at: daysAgo(41) })).not.toContain("frequency:lapsed")
  })
})

describe("order value", () => {
  it.each([
    [199.99, "aov:low"],
    [200, "aov:mid"],
    [999.99, "aov:mid"],
    [1000, "aov:high"],
  ])("AOV %d → %s", (aov, tag) => {
    expect(tags({ order_count: 1, aov }).filter((x) => x.startsWith("aov:"))).toEqual([tag])
  })
  it("no AOV → no band; no high cut → low/mid only", () => {
    expect(tags({ order_count: 1 }).filter((x) => x.startsWith("aov:"))).toEqual([])
    expect(tags({ order_count: 1, aov: 1e9 }, S, { aov_high_min: null, vip_min_spent: null })).toContain("aov:mid")
  })
  it("low wins over a percentile cut below it", () => {
    expect(tags({ order_count: 1, aov: 150 }, S, { aov_high_min: 100, vip_min_spent: null })).toContain("aov:low")
  })
})

describe("top percent", () => {
  it("fewer than p% rank strictly above; the best customer is always in; ties share", () => {
    expect(topPercentCut([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 20)).toBe(9)
    expect(topPercentCut([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 5)).toBe(10)
    expect(topPercentCut([1, 2, 3, 10, 10, 10], 20)).toBe(10)
    expect(topPercentCut([5], 1)).toBe(5)
    expect(topPercentCut([], 20)).toBeNull()
  })
  it("resolves the bands from the settings' mode", () => {
    const pct = { aov_top_percent_min: 700, vip_top_percent_min: 3000 }
    expect(resolveThresholds(S, pct)).toEqual({ aov_high_min: 700, vip_min_spent: 3000 })
    const fixed = SegmentSettingsSchema.parse({ aov: { high: { mode: "min_amount", min_amount: 900 } }, vip: { mode: "min_spent", min_spent: 10_000 } })
    expect(resolveThresholds(fixed, pct)).toEqual({ aov_high_min: 900, vip_min_spent: 10_000 })
    const off = SegmentSettingsSchema.parse({ vip: { mode: "off" } })
    expect(resolveThresholds(off, pct).vip_min_spent).toBeNull()
  })
})

describe("engagement", () => {
  it("engaged when replied or read within 7 days", () => {
    expect(tags({ has_contact: true, last_inbound_at: daysAgo(6.9) })).toContain("engaged:7d")
    expect(tags({ has_contact: true, last_read_at: daysAgo(1) })).toContain("engaged:7d")
    expect(tags({ has_contact: true, last_inbound_at: daysAgo(7.1) })).not.toContain("engaged:7d")
  })
  it("dormant when reachable but nothing in 30 days; a customer without WhatsApp is neither", () => {
    expect(tags({ has_contact: true })).toEqual(["dormant:30d"])
    expect(tags({ has_contact: true, last_inbound_at: daysAgo(31) })).toContain("dormant:30d")
    expect(tags({ has_contact: true, last_inbound_at: daysAgo(29) })).not.toContain("dormant:30d")
    expect(tags({ has_contact: false })).toEqual([])
  })
  it("tag names follow the thresholds", () => {
    const s = SegmentSettingsSchema.parse({ engagement: { engaged_days: 14, dormant_days: 60 } })
    expect(tags({ has_contact: true, last_inbound_at: daysAgo(10) }, s)).toEqual(["engaged:14d"])
    expect(allAutoTagNames(s)).toEqual(expect.arrayContaining(["engaged:14d", "dormant:60d"]))
  })
})

describe("RFM and VIP", () => {
  it("the RFM segment becomes an rfm: tag", () => {
    expect(tags({ order_count: 1, rfm_segment: "Can't Lose" })).toContain("rfm:cant-lose")
  })
  it("vip from the resolved spend threshold; never for zero spend", () => {
    expect(tags({ order_count: 2, total_spent: 5000 })).toContain("vip")
    expect(tags({ order_count: 2, total_spent: 4999 })).not.toContain("vip")
    expect(tags({ order_count: 0, total_spent: 0 }, S, { aov_high_min: null, vip_min_spent: 0 })).not.toContain("vip")
  })
})

describe("the SQL spelling", () => {
  it("binds every threshold and tag name; no value is spliced into the text", () => {
    const s = SegmentSettingsSchema.parse({ frequency: { monthly_max_days: 33.25 }, aov: { low_below: 123.45 } })
    const { sql, params } = autoTagsSql(s, { aov_high_min: 777.5, vip_min_spent: 4321 }, NOW)
    for (const v of ["33.25", "123.45", "777.5", "4321", "frequency:monthly", "rfm:cant-lose", "vip", NOW.toISOString()]) {
      expect(sql).not.toContain(v)
    }
    expect(params).toEqual(expect.arrayContaining([33.25, 123.45, 777.5, 4321, "frequency:monthly", "rfm:cant-lose", "vip", NOW.toISOString()]))
    expect(sql.split("?").length - 1).toBe(params.length)
  })
  it("every tag the SQL can produce is one allAutoTagNames lists", () => {
    const { params } = autoTagsSql(S, T, NOW)
    const strings = params.filter((p): p is string => typeof p === "string")
    const produced = strings.filter((p) => p !== NOW.toISOString() && !(RFM_SEGMENTS as readonly string[]).includes(p))
    expect(new Set(produced)).toEqual(new Set(allAutoTagNames(S)))
  })
  it("the dashboard's bands are the auto tags", () => {
    const bands = builtInDimensions(S).flatMap((d) => d.bands.map((b) => b.tag))
    expect(new Set(bands)).toEqual(new Set(allAutoTagNames(S)))
  })
})
