import {
  DECAY_LABELS,
  decayBucket,
  lengthBand,
  localMidnight,
  resolveRange,
  shareWithin,
  slotName,
  startsWithName,
  topSlots,
  uplift,
  rate,
  zoneOffsetMs,
} from "../buckets"

describe("reply decay buckets", () => {
  it("puts delays in the right bucket, bounds exclusive above", () => {
    expect(decayBucket(0)).toBe(0)
    expect(decayBucket(4)).toBe(0)
    expect(decayBucket(4.99)).toBe(0)
    expect(decayBucket(5)).toBe(1)
    expect(decayBucket(14.9)).toBe(1)
    expect(decayBucket(15)).toBe(2)
    expect(decayBucket(29)).toBe(2)
    expect(decayBucket(30)).toBe(3)
    expect(decayBucket(40)).toBe(3)
    expect(decayBucket(60)).toBe(4)
    expect(decayBucket(179)).toBe(4)
    expect(decayBucket(180)).toBe(5)
    expect(decayBucket(1439)).toBe(5)
    expect(DECAY_LABELS[decayBucket(40)!]).toBe("30–60 min")
  })

  it("has no bucket for negative delays or a day and more", () => {
    expect(decayBucket(-1)).toBeNull()
    expect(decayBucket(1440)).toBeNull()
    expect(decayBucket(Number.NaN)).toBeNull()
  })

  it("computes the share answered within 30 min", () => {
    expect(shareWithin([1, 0, 0, 1, 0, 0], 30)).toBe(0.5)
    expect(shareWithin([2, 1, 1, 0, 0, 0], 30)).toBe(1)
    expect(shareWithin([0, 0, 0, 0, 0, 0], 30)).toBeNull()
    expect(() => shareWithin([1], 20)).toThrow(/not a bucket bound/)
  })
})

describe("length bands", () => {
  it("bands by characters, counting Thai code points", () => {
    expect(lengthBand("")).toBe("under 50 chars")
    expect(lengthBand("x".repeat(49))).toBe("under 50 chars")
    expect(lengthBand("x".repeat(50))).toBe("50–99 chars")
    expect(lengthBand("x".repeat(199))).toBe("100–199 chars")
    expect(lengthBand("x".repeat(200))).toBe("200–499 chars")
    expect(lengthBand("x".repeat(500))).toBe("500+ chars")
    expect(lengthBand("สวัสดี")).toBe("under 50 chars")
  })
})

describe("starts with the customer's name", () => {
  it("accepts the name first, after a greeting or after คุณ, in any case", () => {
    expect(startsWithName("Somchai, your order shipped", "Somchai")).toBe(true)
    expect(startsWithName("hi somchai! 10% off today", "Somchai")).toBe(true)
    expect(startsWithName("Dear Somchai, thanks", "somchai")).toBe(true)
    expect(startsWithName("สวัสดีค่ะ คุณภูมิ โค้ด VIPDEC10", "ภูมิ")).toBe(true)
    expect(startsWithName("คุณภูมิ รับส่วนลด", "ภูมิ")).toBe(true)
    expect(startsWithName('  "Somchai" look', "Somchai")).toBe(true)
  })

  it("rejects a name elsewhere, no name or no text", () => {
    expect(startsWithName("Your order shipped, Somchai", "Somchai")).toBe(false)
    expect(startsWithName("Hi there Somchai", "Somchai")).toBe(false)
    expect(startsWithName("Somchai", "")).toBe(false)
    expect(startsWithName("Somchai", null)).toBe(false)
    expect(startsWithName(null, "Somchai")).toBe(false)
  })
})

describe("rates and uplift", () => {
  it("is null without a sample or baseline", () => {
    expect(rate(1, 4)).toBe(0.25)
    expect(rate(0, 0)).toBeNull()
    expect(uplift(0.3, 0.2)).toBeCloseTo(0.5)
    expect(uplift(0.1, 0.2)).toBeCloseTo(-0.5)
    expect(uplift(0.3, 0)).toBeNull()
    expect(uplift(null, 0.2)).toBeNull()
    expect(uplift(0.3, null)).toBeNull()
  })
})

describe("slots", () => {
  it("names a slot in words", () => {
    expect(slotName(2, 19)).toBe("Tuesday 19:00–20:00")
    expect(slotName(7, 23)).toBe("Sunday 23:00–24:00")
    expect(slotName(1, 0)).toBe("Monday 00:00–01:00")
    expect(() => slotName(0, 1)).toThrow()
    expect(() => slotName(1, 24)).toThrow()
  })

  it("ranks slots by rate with a minimum sample, ties to the larger sample", () => {
    const top = topSlots(
      [
        { weekday: 1, hour: 9, n: 1, hits: 1 }, // too small
        { weekday: 2, hour: 19, n: 4, hits: 3 },
        { weekday: 3, hour: 12, n: 8, hits: 6 },
        { weekday: 5, hour: 20, n: 10, hits: 2 },
      ],
      { limit: 2, minSample: 3 }
    )
    expect(top.map((t) => t.name)).toEqual(["Wednesday 12:00–13:00", "Tuesday 19:00–20:00"])
    expect(top[0].rate).toBe(0.75)
    expect(topSlots([], {})).toEqual([])
  })
})

describe("range in the store's zone", () => {
  it("computes zone offsets", () => {
    expect(zoneOffsetMs("Asia/Bangkok", new Date("2026-12-01T00:00:00Z"))).toBe(7 * 3600_000)
    expect(zoneOffsetMs("UTC", new Date("2026-12-01T00:00:00Z"))).toBe(0)
  })

  it("finds local midnight, across DST too", () => {
    expect(localMidnight("2026-12-01", "Asia/Bangkok").toISOString()).toBe("2026-11-30T17:00:00.000Z")
    expect(localMidnight("2026-03-29", "Europe/Berlin").toISOString()).toBe("2026-03-28T23:00:00.000Z")
    expect(localMidnight("2026-03-30", "Europe/Berlin").toISOString()).toBe("2026-03-29T22:00:00.000Z")
  })

  it("takes date-only bounds as whole local days and defaults to the last 90 days", () => {
    const r = resolveRange({ from: "2026-12-01", to: "2026-12-01" }, "Asia/Bangkok", new Date())
    expect(r.from.toISOString()).toBe("2026-11-30T17:00:00.000Z")
    expect(r.to.toISOString()).toBe("2026-12-01T17:00:00.000Z")
    const dst = resolveRange({ from: "2026-03-29", to: "2026-03-29" }, "Europe/Berlin", new Date())
    expect(dst.to.getTime() - dst.from.getTime()).toBe(23 * 3600_000)
    const now = new Date("2026-12-07T12:00:00Z")
    const d = resolveRange({}, "Asia/Bangkok", now)
    expect(d.to).toEqual(now)
    expect(d.from.toISOString()).toBe("2026-09-08T12:00:00.000Z")
    const t = resolveRange({ from: "2026-12-01T10:00:00Z", to: "2026-12-02T10:00:00Z" }, "Asia/Bangkok", now)
    expect(t.from.toISOString()).toBe("2026-12-01T10:00:00.000Z")
  })
})
