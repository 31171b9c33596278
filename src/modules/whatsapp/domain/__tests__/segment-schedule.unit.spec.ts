import { hourIn, isNightlyRecomputeDue } from "../segment-schedule"

// 19:30 UTC = 02:30 in Bangkok (UTC+7).
const NOW = new Date("2026-06-01T19:30:00.000Z")
const due = (over: Partial<Parameters<typeof isNightlyRecomputeDue>[0]> = {}) =>
  isNightlyRecomputeDue({ now: NOW, timeZone: "Asia/Bangkok", enabled: true, hour: 2, lastFullAt: null, ...over })

describe("nightly recompute schedule", () => {
  it("reads the hour in the store's time zone", () => {
    expect(hourIn(NOW, "Asia/Bangkok")).toBe(2)
    expect(hourIn(NOW, "UTC")).toBe(19)
    expect(hourIn(new Date("2026-06-01T17:00:00.000Z"), "Asia/Bangkok")).toBe(0)
  })

  it("runs in the chosen hour when there was no full run yet", () => {
    expect(due()).toBe(true)
    expect(due({ hour: 3 })).toBe(false)
    expect(due({ timeZone: "UTC" })).toBe(false)
  })

  it("does not run twice in a night, but runs again the next night", () => {
    expect(due({ lastFullAt: new Date(NOW.getTime() - 30 * 60_000) })).toBe(false)
    expect(due({ lastFullAt: new Date(NOW.getTime() - 19 * 3_600_000).toISOString() })).toBe(false)
    expect(due({ lastFullAt: new Date(NOW.getTime() - 24 * 3_600_000) })).toBe(true)
    expect(due({ lastFullAt: "garbage" })).toBe(true)
  })

  it("is off when the merchant turned it off", () => {
    expect(due({ enabled: false })).toBe(false)
  })
})
