import { DEFAULT_SEND_HOUR, planContacts, sendTimeOf, SendTimeSchema, summarise } from "../send-time"

const TZ = "Asia/Bangkok" // UTC+7, no DST
const NOW = new Date("2026-12-07T02:30:00Z") // 09:30 local
const hist = (hour: number, n: number) => Array.from({ length: 24 }, (_, h) => (h === hour ? n : 0))
const opts = { now: NOW, window_hours: 24, timezone: TZ, quiet_hours: null }

describe("planContacts", () => {
  it("plans a contact with history at its own hour, others at the store's, in input order", () => {
    const plans = planContacts(["a", "b", "c"], { customers: new Map([["a", hist(20, 5)]]), store: hist(14, 10) }, opts)
    expect(plans.map((p) => [p.source, p.hour, p.planned_at.toISOString()])).toEqual([
      ["customer", 20, "2026-12-07T13:00:00.000Z"],
      ["store", 14, "2026-12-07T07:00:00.000Z"],
      ["store", 14, "2026-12-07T07:00:00.000Z"],
    ])
  })

  it("falls back to the default hour when neither has enough events, and keeps out of quiet hours", () => {
    const plans = planContacts(["a"], { customers: new Map([["a", hist(3, 2)]]), store: hist(3, 2) }, opts)
    expect(plans[0]).toMatchObject({ source: "default", hour: DEFAULT_SEND_HOUR })
    const quiet = planContacts(
      ["a"],
      { customers: new Map([["a", hist(22, 9)]]), store: hist(22, 9) },
      {
        ...opts,
        quiet_hours: { start: "21:00", end: "09:00", zone: "store" },
      }
    )
    // 22:00 is quiet: the customer's and the store's hour are both out, so the default hour.
    expect(quiet[0]).toMatchObject({ source: "default", hour: DEFAULT_SEND_HOUR })
  })

  it("sends now when the current hour is the best one", () => {
    const [p] = planContacts(["a"], { customers: new Map([["a", hist(9, 4)]]), store: hist(0, 0) }, opts)
    expect(p).toMatchObject({ source: "customer", hour: 9 })
    expect(p.planned_at.getTime()).toBe(NOW.getTime())
  })
})

describe("summarise", () => {
  it("counts sends per hour slot and per source", () => {
    const plans = planContacts(["a", "b", "c"], { customers: new Map([["a", hist(20, 5)]]), store: hist(14, 10) }, opts)
    expect(summarise(plans)).toEqual({
      recipients: 3,
      spread: [
        { at: "2026-12-07T07:00:00.000Z", hour: 14, count: 2 },
        { at: "2026-12-07T13:00:00.000Z", hour: 20, count: 1 },
      ],
      sources: { customer: 1, store: 2, default: 0, now: 0 },
    })
  })
})

describe("sendTimeOf / SendTimeSchema", () => {
  it("is the spec for best_hour only; now, absent or malformed send now", () => {
    expect(sendTimeOf({ send_time: { mode: "best_hour", window_hours: 12 } })).toEqual({ mode: "best_hour", window_hours: 12 })
    expect(sendTimeOf({ send_time: { mode: "best_hour" } })).toEqual({ mode: "best_hour", window_hours: 24 })
    expect(sendTimeOf({ send_time: { mode: "now", window_hours: 12 } })).toBeNull()
    expect(sendTimeOf({ send_time: null })).toBeNull()
    expect(sendTimeOf({ send_time: { mode: "best_hour", window_hours: 0 } })).toBeNull()
    expect(SendTimeSchema.safeParse({ mode: "best_hour", window_hours: 169 }).success).toBe(false)
  })
})
