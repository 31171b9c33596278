import { ErrorRateWindow, TokenBucket, pacingFor, pairRateDelay, parseTier, takeTokens, tierAllowance, withinFrequencyCap } from "../rate-limit"

describe("token bucket", () => {
  it("grants up to capacity at once, then refills at the rate", () => {
    const cfg = { ratePerSecond: 10, capacity: 2 }
    let r = takeTokens({ tokens: 2, at: 0 }, cfg, 5, 0)
    expect(r.granted).toBe(2)
    r = takeTokens(r.state, cfg, 1, 0)
    expect(r.granted).toBe(0)
    expect(r.waitMs).toBe(100)
    r = takeTokens(r.state, cfg, 1, 100)
    expect(r.granted).toBe(1)
  })

  it("never holds more than its capacity after a long idle", () => {
    const r = takeTokens({ tokens: 0, at: 0 }, { ratePerSecond: 100, capacity: 3 }, 50, 60_000)
    expect(r.granted).toBe(3)
  })

  it("over any simulated second sends at most the configured ceiling, and close to it", () => {
    for (const limit of [5, 80, 250, 1000]) {
      const cfg = pacingFor(limit)
      const b = new TokenBucket(cfg, 0)
      const sends: number[] = []
      // A consumer that wakes up late by 0–3 ms each time, as timers do.
      let t = 0
      while (t < 10_000) {
        const { granted, waitMs } = b.take(1, t)
        if (granted) sends.push(t)
        t += granted ? 0 : waitMs + ((t * 7) % 4)
      }
      let worst = 0
      for (let i = 0, j = 0; i < sends.length; i++) {
        while (sends[i] - sends[j] >= 1000) j++
        worst = Math.max(worst, i - j + 1)
      }
      expect(worst).toBeLessThanOrEqual(limit)
      // Achieved rate within 5% of the ceiling (tiny ceilings keep a 2-token burst reserve instead).
      if (limit >= 80) expect(sends.length / 10).toBeGreaterThanOrEqual(limit * 0.95)
    }
  })

  it("penalize (130429) halves the rate for a while, then recovers", () => {
    const b = new TokenBucket({ ratePerSecond: 100, capacity: 2 }, 0)
    b.penalize(0, 1000)
    expect(b.config.ratePerSecond).toBe(50)
    b.take(1, 1500)
    expect(b.config.ratePerSecond).toBe(100)
  })
})

describe("messaging tier", () => {
  const now = new Date("2026-01-10T12:00:00Z")
  it("allows what is left of the tier", () => {
    expect(tierAllowance(250, 200, null, now)).toEqual({ allowed: 50, resumeAt: null })
    expect(tierAllowance(null, 10 ** 9, null, now).allowed).toBeGreaterThan(10 ** 9)
  })
  it("when reached, resumes 24 h after the oldest reach in the window", () => {
    const oldest = new Date("2026-01-09T15:00:00Z")
    expect(tierAllowance(250, 250, oldest, now)).toEqual({ allowed: 0, resumeAt: new Date("2026-01-10T15:00:00Z") })
  })
  it("parses the tiers and refuses others", () => {
    expect(parseTier("unlimited")).toBeNull()
    expect(parseTier(2000)).toBe(2000)
    expect(() => parseTier(300)).toThrow(/250, 2000/)
  })
})

describe("frequency cap, pair rate, error rate", () => {
  it("caps marketing messages per period", () => {
    expect(withinFrequencyCap(1, { max: 2, days: 7 })).toBe(true)
    expect(withinFrequencyCap(2, { max: 2, days: 7 })).toBe(false)
    expect(withinFrequencyCap(99, null)).toBe(true)
  })
  it("waits out the pair interval", () => {
    const now = new Date(10_000)
    expect(pairRateDelay(new Date(8_000), now, 6000)).toBe(4000)
    expect(pairRateDelay(new Date(1_000), now, 6000)).toBe(0)
    expect(pairRateDelay(null, now)).toBe(0)
  })
  it("error-rate window needs enough samples before it trips", () => {
    const w = new ErrorRateWindow(50, 10)
    for (let i = 0; i < 9; i++) w.record(true)
    expect(w.exceeds(0.5)).toBe(false)
    w.record(true)
    expect(w.exceeds(0.5)).toBe(true)
    for (let i = 0; i < 50; i++) w.record(false)
    expect(w.exceeds(0.5)).toBe(false)
  })
})
