import {
  assertTransition,
  canTransition,
  decideRecipient,
  estimateCost,
  estimateDurationSeconds,
  isAttributed,
  quietHoursDeferral,
  renderCampaignMessage,
  type SendPolicy,
} from "../campaign-rules"

describe("campaign state machine", () => {
  it("allows the documented transitions only", () => {
    expect(canTransition("draft", "running")).toBe(true)
    expect(canTransition("running", "paused")).toBe(true)
    expect(canTransition("paused", "running")).toBe(true)
    expect(canTransition("completed", "running")).toBe(false)
    expect(canTransition("canceled", "paused")).toBe(false)
    expect(canTransition("draft", "paused")).toBe(false)
    expect(() => assertTransition("completed", "running")).toThrow(/completed campaign cannot become running/)
  })
  it("unschedules a scheduled campaign back to a draft, and nothing else", () => {
    expect(canTransition("scheduled", "draft")).toBe(true)
    for (const from of ["running", "paused", "completed", "canceled", "failed"] as const) expect(canTransition(from, "draft")).toBe(false)
    expect(() => assertTransition("running", "draft")).toThrow(/running campaign cannot become draft/)
  })
})

describe("quiet hours", () => {
  const q = { start: "21:00", end: "09:00" }
  it("defers to the end of an overnight quiet period in the store's zone", () => {
    // 23:30 in Bangkok (UTC+7) = 16:30 UTC → 09:00 Bangkok = 02:00 UTC next day.
    const at = quietHoursDeferral(q, new Date("2026-01-10T16:30:00Z"), "Asia/Bangkok")
    expect(at?.toISOString()).toBe("2026-01-11T02:00:00.000Z")
    // 05:15 Bangkok
    expect(quietHoursDeferral(q, new Date("2026-01-10T22:15:20Z"), "Asia/Bangkok")?.toISOString()).toBe("2026-01-11T02:00:00.000Z")
  })
  it("does nothing outside quiet hours", () => {
    expect(quietHoursDeferral(q, new Date("2026-01-10T05:00:00Z"), "Asia/Bangkok")).toBeNull()
    expect(quietHoursDeferral(null, new Date(), "UTC")).toBeNull()
  })
})

describe("recipient decision at send time", () => {
  const now = new Date("2026-01-10T05:00:00Z") // 12:00 Bangkok
  const policy: SendPolicy = {
    message_kind: "template",
    frequency_cap: { max: 2, days: 7 },
    quiet_hours: null,
    store_timezone: "Asia/Bangkok",
    pair_rate_interval_ms: 6000,
  }
  const facts = { marketing_consent: "granted", last_inbound_at: null, last_outbound_at: null, recent_marketing: 0 }
  it("sends to a consented contact", () => expect(decideRecipient(facts, policy, now)).toEqual({ action: "send" }))
  it("skips a revoked or unknown consent", () => {
    expect(decideRecipient({ ...facts, marketing_consent: "revoked" }, policy, now)).toEqual({ action: "skip", reason: "no_consent" })
    expect(decideRecipient({ ...facts, marketing_consent: "unknown" }, policy, now).action).toBe("skip")
  })
  it("refuses free-form text outside the 24 h window, allows it inside", () => {
    const text = { ...policy, message_kind: "text" as const }
    expect(decideRecipient(facts, text, now)).toMatchObject({ action: "skip", reason: expect.stringMatching(/^outside_window/) })
    expect(decideRecipient({ ...facts, last_inbound_at: new Date(now.getTime() - 3600_000) }, text, now)).toEqual({ action: "send" })
  })
  it("skips at the frequency cap", () => {
    expect(decideRecipient({ ...facts, recent_marketing: 2 }, policy, now)).toMatchObject({ action: "skip", reason: expect.stringMatching(/^frequency_cap/) })
  })
  it("defers in quiet hours, in the customer's zone when asked", () => {
    const p = { ...policy, quiet_hours: { start: "21:00", end: "09:00", zone: "customer" as const } }
    // 12:00 in Bangkok but 06:00 in London → quiet for the customer.
    const d = decideRecipient({ ...facts, timezone: "Europe/London" }, p, now)
    expect(d).toMatchObject({ action: "defer", reason: "quiet_hours (Europe/London)" })
    expect((d as any).until.toISOString()).toBe("2026-01-10T09:00:00.000Z")
    expect(decideRecipient(facts, p, now)).toEqual({ action: "send" })
  })
  it("defers for the pair rate", () => {
    const d = decideRecipient({ ...facts, last_outbound_at: new Date(now.getTime() - 1000) }, policy, now)
    expect(d).toMatchObject({ action: "defer", reason: "pair_rate" })
    expect((d as any).until.getTime()).toBe(now.getTime() + 5000)
  })
})

describe("rendering", () => {
  it("fills the first name with a fallback, static links, the discount code and the quick-reply payload", () => {
    const spec = {
      message_kind: "template" as const,
      template_name: "promo",
      template_language: "th",
      discount_code: "SALE10",
      cta: { payload: "YES", button_index: 1 },
      parameters: [
        { component: "body" as const, source: "customer.first_name" as const, fallback: "ลูกค้า" },
        { component: "body" as const, source: "campaign.discount_code" as const },
        { component: "button" as const, index: 0, source: "static" as const, value: "collections/summer" },
      ],
    }
    const r = renderCampaignMessage(spec, { customer: { id: "c", first_name: null } })
    expect(r.ok).toBe(true)
    const comps = (r as any).request.template.components
    expect(comps[0].parameters.map((p: any) => p.text)).toEqual(["ลูกค้า", "SALE10"])
    expect(comps[1]).toMatchObject({ type: "button", sub_type: "url", index: "0", parameters: [{ text: "collections/summer" }] })
    expect(comps[2]).toMatchObject({ type: "button", sub_type: "quick_reply", index: "1", parameters: [{ type: "payload", payload: "YES" }] })
    const named = renderCampaignMessage(spec, { customer: { id: "c", first_name: "Anan" } })
    expect((named as any).request.template.components[0].parameters[0].text).toBe("Anan")
  })
  it("refuses when a parameter has no data and no fallback", () => {
    const r = renderCampaignMessage(
      { message_kind: "template", template_name: "p", template_language: "en", parameters: [{ component: "body", source: "customer.last_name" }] },
      { customer: { id: "c" } }
    )
    expect(r).toEqual({ ok: false, reason: "missing_data: customer.last_name is empty and has no fallback" })
  })
})

describe("estimates and attribution", () => {
  it("prices by category and country override", () => {
    const e = estimateCost({ currency: "USD", default: { marketing: 0.07 }, countries: { TH: { marketing: 0.05 } } }, "MARKETING", [
      { country: "TH", n: 100 },
      { country: "US", n: 10 },
    ])
    expect(e.cost).toBeCloseTo(5.7)
    expect(e.recipients).toBe(110)
  })
  it("duration includes the tier waits", () => {
    expect(estimateDurationSeconds(800, 80, null)).toBe(10)
    expect(estimateDurationSeconds(600, 80, 250)).toBe(8 + 2 * 86400)
  })
  it("counts an order inside the window after read, not outside, and a code use", () => {
    const read_at = new Date("2026-01-01T00:00:00Z")
    const base = { read_at, window_days: 7, used_campaign_code: false, sent_at: read_at }
    expect(isAttributed({ ...base, order_at: new Date("2026-01-07T23:00:00Z") })).toBe(true)
    expect(isAttributed({ ...base, order_at: new Date("2026-01-08T00:00:01Z") })).toBe(false)
    expect(isAttributed({ ...base, order_at: new Date("2025-12-31T00:00:00Z") })).toBe(false)
    expect(isAttributed({ ...base, read_at: null, used_campaign_code: true, order_at: new Date("2026-02-01T00:00:00Z") })).toBe(true)
  })

  it("counts a click like a read: the window also opens at the first click", () => {
    const sent_at = new Date("2026-01-01T00:00:00Z")
    const clicked_at = new Date("2026-01-03T00:00:00Z")
    const base = { sent_at, read_at: null, clicked_at, window_days: 7, used_campaign_code: false }
    expect(isAttributed({ ...base, order_at: new Date("2026-01-09T23:00:00Z") })).toBe(true)
    expect(isAttributed({ ...base, order_at: new Date("2026-01-10T00:00:01Z") })).toBe(false)
    expect(isAttributed({ ...base, order_at: new Date("2026-01-02T00:00:00Z") })).toBe(false)
    expect(isAttributed({ ...base, clicked_at: null, order_at: new Date("2026-01-04T00:00:00Z") })).toBe(false)
    // Read early, clicked later: an order after the read window but inside the click's counts.
    expect(isAttributed({ ...base, read_at: sent_at, order_at: new Date("2026-01-09T00:00:00Z") })).toBe(true)
  })
})
