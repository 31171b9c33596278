import { DEFAULT_PRICE_TABLE, estimateCost } from "../../domain/campaign-rules"
import { CampaignSettingsPatchSchema, PriceTableSchema, completePriceTable, mergeCampaignSettings, normalizeCampaignSettings } from "../settings"

describe("campaign settings patch", () => {
  it("accepts a partial patch and merges it over the stored document, keeping other keys", () => {
    const patch = CampaignSettingsPatchSchema.parse({ throughput_mps: 40, quiet_hours: { start: "21:00", end: "09:00", zone: "customer" } })
    const merged = mergeCampaignSettings({ slots: 3, frequency_cap: null }, patch)
    expect(merged).toEqual({ slots: 3, frequency_cap: null, throughput_mps: 40, quiet_hours: { start: "21:00", end: "09:00", zone: "customer" } })
    expect(normalizeCampaignSettings(merged)).toMatchObject({ throughput_mps: 40, slots: 3, frequency_cap: null, messaging_tier: 2000 })
  })

  it("stores an unlimited tier in the form the loader reads", () => {
    const merged = mergeCampaignSettings({}, CampaignSettingsPatchSchema.parse({ messaging_tier: null }))
    expect(merged.messaging_tier).toBe("unlimited")
    expect(normalizeCampaignSettings(merged).messaging_tier).toBeNull()
  })

  it.each([
    [{ throughput_mps: 0 }, "throughput_mps"],
    [{ throughput_mps: 5000 }, "throughput_mps"],
    [{ messaging_tier: 3000 }, "messaging_tier"],
    [{ frequency_cap: { max: 0, days: 7 } }, "frequency_cap"],
    [{ quiet_hours: { start: "25:00", end: "09:00", zone: "store" } }, "quiet_hours"],
    [{ error_rate_threshold: 1.5 }, "error_rate_threshold"],
    [{ slots: 2.5 }, "slots"],
    [{ allow_unbounded_throughput: true }, ""],
    [{ throughput: 10 }, ""],
  ])("refuses %j", (input, path) => {
    const r = CampaignSettingsPatchSchema.safeParse(input)
    expect(r.success).toBe(false)
    expect(r.error!.issues[0].path.join(".")).toContain(path)
  })

  it("refuses quiet hours that start and end at the same time", () => {
    expect(() => mergeCampaignSettings({}, { quiet_hours: { start: "09:00", end: "09:00", zone: "store" } })).toThrow(/same time/)
  })
})

describe("price table", () => {
  it("fills left-out categories with the defaults, upper-cases codes, and prices the estimate", () => {
    const table = completePriceTable(PriceTableSchema.parse({ currency: "thb", default: { marketing: 1.5 }, countries: { th: { marketing: 0.9 } } }))
    expect(table).toEqual({
      currency: "THB",
      default: { ...DEFAULT_PRICE_TABLE.default, marketing: 1.5 },
      countries: { TH: { marketing: 0.9 } },
    })
    const est = estimateCost(table, "marketing", [
      { country: "TH", n: 10 },
      { country: "US", n: 2 },
    ])
    expect(est.cost).toBeCloseTo(10 * 0.9 + 2 * 1.5)
  })

  it.each([
    [{ currency: "BAHT", default: {} }, "currency"],
    [{ currency: "USD", default: { marketing: -1 } }, "default.marketing"],
    [{ currency: "USD", default: { promo: 1 } }, "default"],
    [{ currency: "USD", default: {}, countries: { XX: { marketing: 1 } } }, "countries.XX"],
    [{ currency: "USD", default: {}, countries: { THA: { marketing: 1 } } }, "countries.THA"],
  ])("refuses %j", (input, path) => {
    const r = PriceTableSchema.safeParse(input)
    expect(r.success).toBe(false)
    expect(r.error!.issues[0].path.join(".")).toBe(path)
  })
})
