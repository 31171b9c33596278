import { CUSTOMER_SERVICE_WINDOW_MS, isWindowOpen, waitingClockStart, windowClosesAt } from "../window"

const LAST = new Date("2025-03-01T10:00:00.000Z")
const at = (ms: number) => new Date(LAST.getTime() + ms)

describe("customer-service window", () => {
  it("is 24 hours", () => {
    expect(CUSTOMER_SERVICE_WINDOW_MS).toBe(86_400_000)
  })

  it.each([
    ["at the inbound message", 0, true],
    ["one hour later", 3_600_000, true],
    ["1 ms before 24 h", CUSTOMER_SERVICE_WINDOW_MS - 1, true],
    ["at exactly 24 h", CUSTOMER_SERVICE_WINDOW_MS, false],
    ["1 ms after 24 h", CUSTOMER_SERVICE_WINDOW_MS + 1, false],
    ["a week later", 7 * CUSTOMER_SERVICE_WINDOW_MS, false],
    ["slightly before (clock skew)", -5_000, true],
  ])("%s → open=%s", (_, offset, open) => {
    expect(isWindowOpen(LAST, at(offset as number))).toBe(open)
  })

  it("accepts ISO strings with offsets", () => {
    expect(isWindowOpen("2025-03-01T17:00:00+07:00", at(CUSTOMER_SERVICE_WINDOW_MS - 1))).toBe(true)
    expect(isWindowOpen("2025-03-01T17:00:00+07:00", at(CUSTOMER_SERVICE_WINDOW_MS))).toBe(false)
  })

  it("is closed when there was never an inbound message or the time is unreadable", () => {
    for (const value of [null, undefined, "", "not a date", "1700000000"]) {
      expect(isWindowOpen(value, LAST)).toBe(false)
      expect(windowClosesAt(value)).toBeNull()
    }
    expect(isWindowOpen(new Date(Number.NaN), LAST)).toBe(false)
  })

  it("closes 24 h after the last inbound message", () => {
    expect(windowClosesAt(LAST)?.toISOString()).toBe("2025-03-02T10:00:00.000Z")
    expect(windowClosesAt("2025-03-01T10:00:00Z")?.toISOString()).toBe("2025-03-02T10:00:00.000Z")
  })

  it("defaults now to the current time", () => {
    expect(isWindowOpen(new Date(Date.now() - 1000))).toBe(true)
    expect(isWindowOpen(new Date(Date.now() - CUSTOMER_SERVICE_WINDOW_MS - 1000))).toBe(false)
  })
})

describe("waitingClockStart", () => {
  const stored = new Date("2026-12-07T10:00:00Z")
  it("counts from the customer's own send time when the webhook came late", () => {
    expect(waitingClockStart("2026-12-07T09:40:00Z", stored)).toEqual(new Date("2026-12-07T09:40:00Z"))
  })
  it("uses the time we stored it for a timestamp older than Meta's retry horizon, in the future, or missing", () => {
    expect(waitingClockStart("2025-06-16T10:00:00Z", stored)).toEqual(stored)
    expect(waitingClockStart("2026-12-07T10:05:00Z", stored)).toEqual(stored)
    expect(waitingClockStart(null, stored)).toEqual(stored)
    expect(waitingClockStart("not a date", stored)).toEqual(stored)
  })
})
