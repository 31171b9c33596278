import { candidateSlots, planSendTime, spreadByHour } from "../send-time"

const TZ = "Asia/Bangkok" // UTC+7, no DST
const hist = (entries: Record<number, number>) => Array.from({ length: 24 }, (_, h) => entries[h] ?? 0)
// 2026-12-07 10:20 Bangkok = 03:20 UTC
const now = new Date("2026-12-07T03:20:00Z")
const base = { now, window_hours: 24, timezone: TZ, store: null, default_hour: 19, min_events: 3 }

describe("candidateSlots", () => {
  it("is now, then every local hour start inside the window", () => {
    const s = candidateSlots(now, 24, TZ)
    expect(s).toHaveLength(25)
    expect(s[0]).toEqual({ at: now, hour: 10 })
    expect(s[1]).toEqual({ at: new Date("2026-12-07T04:00:00Z"), hour: 11 })
    expect(s[24]).toEqual({ at: new Date("2026-12-08T03:00:00Z"), hour: 10 })
  })
  it("leaves out quiet hours (21:00–09:00 store time)", () => {
    const s = candidateSlots(now, 24, TZ, { start: "21:00", end: "09:00", zone: "store" })
    expect(s.map((x) => x.hour)).toEqual([10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 9, 10])
  })
})

describe("planSendTime", () => {
  it("the customer's own best hour: most reads at 20:00 → today 20:00 Bangkok", () => {
    const p = planSendTime({ ...base, customer: hist({ 8: 1, 20: 5, 13: 2 }) })
    expect(p).toEqual({ planned_at: new Date("2026-12-07T13:00:00Z"), hour: 20, source: "customer" })
  })
  it("an hour already past today is planned tomorrow (inside the window)", () => {
    const p = planSendTime({ ...base, customer: hist({ 8: 6 }) })
    expect(p.planned_at.toISOString()).toBe("2026-12-08T01:00:00.000Z")
    expect(p.hour).toBe(8)
  })
  it("the current hour is sent now, not at the next one", () => {
    const p = planSendTime({ ...base, customer: hist({ 10: 4 }) })
    expect(p.planned_at).toEqual(now)
  })
  it("too little history falls back to the store's best slot, then to the default hour", () => {
    const store = hist({ 12: 40, 19: 10 })
    expect(planSendTime({ ...base, customer: hist({ 22: 2 }), store })).toMatchObject({ hour: 12, source: "store" })
    expect(planSendTime({ ...base, customer: null, store: hist({ 12: 1 }) })).toMatchObject({ hour: 19, source: "default" })
  })
  it("a best hour outside a short window falls back (store, here)", () => {
    const p = planSendTime({ ...base, window_hours: 4, customer: hist({ 20: 9 }), store: hist({ 12: 5 }) })
    expect(p).toMatchObject({ hour: 12, source: "store" })
  })
  it("never plans inside quiet hours, even the customer's favourite hour", () => {
    const p = planSendTime({ ...base, customer: hist({ 23: 10, 18: 3 }), quiet_hours: { start: "21:00", end: "09:00", zone: "store" } })
    expect(p).toMatchObject({ hour: 18, source: "customer" })
  })
  it("ties go to the earliest slot", () => {
    const p = planSendTime({ ...base, customer: hist({ 15: 3, 12: 3 }) })
    expect(p.hour).toBe(12)
  })
})

describe("spreadByHour", () => {
  it("counts plans per hour slot in time order", () => {
    const plans = [
      planSendTime({ ...base, customer: hist({ 20: 5 }) }),
      planSendTime({ ...base, customer: hist({ 12: 5 }) }),
      planSendTime({ ...base, customer: hist({ 20: 3 }) }),
    ]
    expect(spreadByHour(plans)).toEqual([
      { at: "2026-12-07T05:00:00.000Z", hour: 12, count: 1 },
      { at: "2026-12-07T13:00:00.000Z", hour: 20, count: 2 },
    ])
  })
})
