import { DEFAULT_PRICE_TABLE } from "../campaign-rules"
import { isCharged, messageCost, priceCategory, recipientCountry } from "../pricing"

describe("status pricing", () => {
  it("charges what pricing.type says is regular, whatever billable says", () => {
    expect(isCharged({ type: "regular", category: "marketing" })).toBe(true)
    expect(isCharged({ type: "free_customer_service", billable: true, category: "utility" })).toBe(false)
    expect(isCharged({ type: "free_entry_point", category: "marketing" })).toBe(false)
    // Older payloads without type: billable decides.
    expect(isCharged({ billable: true, pricing_model: "CBP", category: "marketing" })).toBe(true)
    expect(isCharged({ billable: false, category: "service" })).toBe(false)
    expect(isCharged(null)).toBe(false)
  })
  it("prices marketing_lite as marketing and authentication_international as authentication unless the table has them", () => {
    expect(priceCategory("marketing_lite", DEFAULT_PRICE_TABLE)).toBe("marketing")
    expect(priceCategory("authentication_international", DEFAULT_PRICE_TABLE)).toBe("authentication")
    const table = { ...DEFAULT_PRICE_TABLE, default: { ...DEFAULT_PRICE_TABLE.default, marketing_lite: 0.05 } }
    expect(messageCost({ type: "regular", category: "marketing_lite" }, table, "TH")).toBe(0.05)
    expect(messageCost({ type: "regular", category: "marketing_lite" }, DEFAULT_PRICE_TABLE, "TH")).toBe(0.0732)
    expect(messageCost({ type: "free_entry_point", category: "marketing" }, DEFAULT_PRICE_TABLE, "TH")).toBe(0)
    expect(messageCost({ type: "regular", category: "referral_conversion" }, DEFAULT_PRICE_TABLE, "TH")).toBe(0)
  })
  it("finds the recipient's country from the phone or the BSUID", () => {
    expect(recipientCountry({ wa_id: "66812345678" })).toBe("TH")
    expect(recipientCountry({ wa_id: null, user_id: "SG.1234" })).toBe("SG")
    expect(recipientCountry({})).toBeNull()
  })
})
