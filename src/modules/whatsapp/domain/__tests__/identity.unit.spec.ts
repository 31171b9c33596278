import { addressOf, bsuidRefusal, canonicalParentUserId, canonicalUserId, canonicalUsername, displayIdentity } from "../identity"

describe("canonicalUserId", () => {
  it("accepts Meta's BSUID form: country, dot, up to 128 alphanumerics", () => {
    expect(canonicalUserId("TH.13491208655302741918")).toBe("TH.13491208655302741918")
    expect(canonicalUserId(" US.abcDEF123 ")).toBe("US.abcDEF123")
    expect(canonicalUserId(`TH.${"a".repeat(128)}`)).not.toBeNull()
  })
  it("rejects anything looser, like a bad phone", () => {
    for (const s of ["", "TH.", "th.123", "THA.123", "TH-123", "TH.12 34", "TH.12;DROP", `TH.${"a".repeat(129)}`, "66812345678", "TH.ENT.123", null, 5, {}]) {
      expect(canonicalUserId(s)).toBeNull()
    }
  })
  it("knows parent BSUIDs apart", () => {
    expect(canonicalParentUserId("TH.ENT.99887766")).toBe("TH.ENT.99887766")
    expect(canonicalParentUserId("TH.99887766")).toBeNull()
  })
  it("keeps a username without its @ and refuses spaces", () => {
    expect(canonicalUsername("@somchai.shop")).toBe("somchai.shop")
    expect(canonicalUsername("som chai")).toBeNull()
  })
})

describe("addressOf", () => {
  it("uses to when the phone is known, recipient otherwise, never both", () => {
    expect(addressOf({ wa_id: "66812345678", user_id: "TH.1" })).toEqual({ to: "66812345678" })
    expect(addressOf({ wa_id: null, user_id: "TH.1" })).toEqual({ recipient: "TH.1" })
    expect(() => addressOf({ wa_id: null, user_id: null })).toThrow(/phone number or a business-scoped user id/)
  })
})

describe("displayIdentity", () => {
  it("shows the phone, else @username, else the BSUID", () => {
    expect(displayIdentity({ wa_id: "66812345678", username: "x", user_id: "TH.1" })).toBe("+66812345678")
    expect(displayIdentity({ wa_id: null, username: "somchai", user_id: "TH.1" })).toBe("@somchai")
    expect(displayIdentity({ wa_id: null, username: null, user_id: "TH.1" })).toBe("TH.1")
  })
})

describe("bsuidRefusal", () => {
  it("refuses authentication templates and copy-code buttons, allows the rest", () => {
    expect(bsuidRefusal({ category: "AUTHENTICATION" })).toMatch(/^131062: authentication/)
    expect(bsuidRefusal({ category: "MARKETING", request_components: [{ type: "button", sub_type: "copy_code", index: "0" }] })).toMatch(/^131062: copy-code/)
    expect(bsuidRefusal({ category: "MARKETING", components: [{ type: "BUTTONS", buttons: [{ type: "COPY_CODE" }] }] })).toMatch(/copy-code/)
    expect(bsuidRefusal({ category: "UTILITY", components: [{ type: "BODY", text: "hi" }] })).toBeNull()
    expect(bsuidRefusal({ category: "MARKETING", request_components: [{ type: "button", sub_type: "url", index: "0" }] })).toBeNull()
  })
})
