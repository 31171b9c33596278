import { normalCdf, pickAbWinner, zStatistic, type VariantOutcome } from "../ab-winner"

const rule = { metric: "read" as const, alpha: 0.05, min_sample: 100 }
const v = (key: string, n: number, successes: number, extra: Partial<VariantOutcome> = {}): VariantOutcome => ({ key, n, successes, ...extra })

describe("normalCdf", () => {
  it("matches the standard normal table", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 6)
    expect(normalCdf(1.96)).toBeCloseTo(0.975, 3)
    expect(normalCdf(-1.96)).toBeCloseTo(0.025, 3)
    expect(normalCdf(2.5758)).toBeCloseTo(0.995, 3)
  })
})

describe("zStatistic", () => {
  it("is the pooled two-proportion z (hand-computed: 60/200 vs 40/200 → z = 2.315)", () => {
    // p = 0.25, se = sqrt(0.25 * 0.75 * (2/200)) = 0.04330; (0.3 - 0.2) / 0.0433 = 2.3094
    expect(zStatistic(v("A", 200, 60), v("B", 200, 40), "read")).toBeCloseTo(2.3094, 3)
  })
  it("is 0 without variance (both all-or-nothing)", () => {
    expect(zStatistic(v("A", 100, 0), v("B", 100, 0), "read")).toBe(0)
  })
})

describe("pickAbWinner", () => {
  it("names a clear winner: 45% vs 30% read on 400 each", () => {
    const r = pickAbWinner([v("A", 400, 120), v("B", 400, 180)], rule)
    expect(r.outcome).toBe("winner")
    expect(r.winner).toBe("B")
    expect(r.comparisons[0].against).toBe("A")
    expect(r.comparisons[0].p_value).toBeLessThan(0.001)
    expect(r.method).toMatch(/two-proportion z-test/)
  })

  it("a tie is no clear winner (the control leads on equal rates)", () => {
    const r = pickAbWinner([v("A", 300, 90), v("B", 300, 90)], rule)
    expect(r.outcome).toBe("no_clear_winner")
    expect(r.winner).toBeNull()
    expect(r.leader).toBe("A")
    expect(r.comparisons[0]).toMatchObject({ z: 0, p_value: 1, significant: false })
  })

  it("a small difference is no clear winner: 32% vs 30% on 300 each", () => {
    const r = pickAbWinner([v("A", 300, 90), v("B", 300, 96)], rule)
    expect(r.outcome).toBe("no_clear_winner")
    expect(r.leader).toBe("B")
    expect(r.explanation).toMatch(/not significantly better than A/)
  })

  it("too few messages per variant, even with a large difference", () => {
    const r = pickAbWinner([v("A", 40, 4), v("B", 40, 30)], rule)
    expect(r.outcome).toBe("too_few")
    expect(r.winner).toBeNull()
    expect(r.explanation).toMatch(/A has 40, B has 40/)
  })

  it("with three variants the leader must beat both at alpha / 2", () => {
    // C beats A clearly, but not B: no winner.
    const r = pickAbWinner([v("A", 500, 100), v("B", 500, 140), v("C", 500, 150)], rule)
    expect(r.alpha_per_comparison).toBeCloseTo(0.025)
    expect(r.leader).toBe("C")
    expect(r.comparisons.find((c) => c.against === "A")!.significant).toBe(true)
    expect(r.comparisons.find((c) => c.against === "B")!.significant).toBe(false)
    expect(r.outcome).toBe("no_clear_winner")
  })

  it("a p-value between alpha / 2 and alpha is not enough with three variants", () => {
    // z ≈ 2.1 (p ≈ 0.036): significant at 0.05, not at 0.025.
    const two = pickAbWinner([v("A", 1000, 200), v("B", 1000, 237)], rule)
    expect(two.outcome).toBe("winner")
    const three = pickAbWinner([v("A", 1000, 200), v("B", 1000, 237), v("C", 1000, 150)], rule)
    expect(three.outcome).toBe("no_clear_winner")
  })

  it("revenue uses Welch's z on revenue per message", () => {
    // A: 200 sends, 20 orders of 100 → mean 10; B: 200 sends, 40 orders of 100 → mean 20.
    const a = v("A", 200, 20, { sum: 2000, sum_sq: 20 * 100 * 100 })
    const b = v("B", 200, 40, { sum: 4000, sum_sq: 40 * 100 * 100 })
    const r = pickAbWinner([a, b], { metric: "revenue", alpha: 0.05, min_sample: 100 })
    expect(r.method).toMatch(/Welch/)
    expect(r.variants.map((x) => x.value)).toEqual([10, 20])
    expect(r.outcome).toBe("winner")
    expect(r.winner).toBe("B")
  })
})
