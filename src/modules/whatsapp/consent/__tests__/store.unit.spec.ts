import { DEFAULT_CONSENT_SETTINGS } from "../domain/consent"
import { confirmationTemplate, confirmedReplyLanguage, planStoreConsent, unusableConfirmationTemplate } from "../domain/store"

const unknown = { marketing: "unknown", transactional: "unknown" } as const

describe("planStoreConsent", () => {
  it("sends marketing through double opt-in when it is on, and grants transactional at once", () => {
    expect(planStoreConsent({ marketing: true, transactional: true }, unknown, { double_opt_in: true })).toEqual([
      { purpose: "transactional", action: "grant" },
      { purpose: "marketing", action: "request_double_opt_in" },
    ])
  })
  it("grants marketing directly when double opt-in is off, or already granted (new proof of the same decision)", () => {
    expect(planStoreConsent({ marketing: true }, unknown, { double_opt_in: false })).toEqual([{ purpose: "marketing", action: "grant" }])
    expect(planStoreConsent({ marketing: true }, { ...unknown, marketing: "granted" }, { double_opt_in: true })).toEqual([
      { purpose: "marketing", action: "grant" },
    ])
  })
  it("asks again after a revocation, revokes on false and leaves unnamed purposes alone", () => {
    expect(planStoreConsent({ marketing: true }, { ...unknown, marketing: "revoked" }, { double_opt_in: true })).toEqual([
      { purpose: "marketing", action: "request_double_opt_in" },
    ])
    expect(planStoreConsent({ marketing: false, transactional: false }, unknown, { double_opt_in: true })).toEqual([
      { purpose: "transactional", action: "revoke" },
      { purpose: "marketing", action: "revoke" },
    ])
    expect(planStoreConsent({}, unknown, { double_opt_in: true })).toEqual([])
  })
})

describe("the confirmation template", () => {
  it("is optin_confirm in the shopper's language unless the merchant set one", () => {
    expect(confirmationTemplate(DEFAULT_CONSENT_SETTINGS, "en")).toEqual({ name: "optin_confirm", language: "en" })
    expect(confirmationTemplate({ confirmation_template: { name: "join_ok", language: "th" } }, "en")).toEqual({ name: "join_ok", language: "th" })
  })
  it("must be synced, approved and a utility template", () => {
    const ref = { name: "optin_confirm", language: "th" }
    expect(unusableConfirmationTemplate(null, ref)).toMatch(/not synced/)
    expect(unusableConfirmationTemplate({ status: "PENDING", category: "UTILITY" }, ref)).toMatch(/is PENDING/)
    expect(unusableConfirmationTemplate({ status: "APPROVED", category: "MARKETING" }, ref)).toMatch(/MARKETING, not UTILITY/)
    expect(unusableConfirmationTemplate({ status: "APPROVED", category: "UTILITY" }, ref)).toBeNull()
  })
})

describe("confirmedReplyLanguage", () => {
  it("follows the typed script, or the confirmation's language for a button press", () => {
    expect(confirmedReplyLanguage("ใช่", false, "en")).toBe("th")
    expect(confirmedReplyLanguage("yes", false, "th")).toBe("en")
    expect(confirmedReplyLanguage("YES", true, "en")).toBe("en")
    expect(confirmedReplyLanguage("YES", true, null)).toBe("th")
  })
})
