import { checkRegrant, isConfirmation, isExpired, expiresAt, lastCustomerStop, legacyStop, CONFIRM_PAYLOAD } from "../domain/consent"
import { csvCell, toCsv } from "../../domain/csv"

const stop = { at: new Date("2026-12-01T10:00:00Z"), source: "stop_keyword" as const }

describe("checkRegrant", () => {
  it("refuses an admin re-grant of marketing after the customer's stop without reason and proof", () => {
    const v = checkRegrant({ purpose: "marketing", next: "granted", actor: { type: "admin", id: "user_1" }, lastStop: stop })
    expect(v).toEqual({ ok: false, stopped_at: stop.at, stop_source: "stop_keyword", missing: ["reason", "proof_reference"] })
  })
  it("names only what is missing, and treats blanks as missing", () => {
    const v = checkRegrant({
      purpose: "marketing",
      next: "granted",
      actor: { type: "admin", id: "u" },
      lastStop: stop,
      reason: "asked in store",
      proof_reference: "  ",
    })
    expect(v).toMatchObject({ ok: false, missing: ["proof_reference"] })
  })
  it("accepts it with both", () => {
    expect(
      checkRegrant({ purpose: "marketing", next: "granted", actor: { type: "admin", id: "u" }, lastStop: stop, reason: "r", proof_reference: "form-12" })
    ).toEqual({ ok: true })
  })
  it("lets the customer re-grant themselves, an admin revoke, and transactional changes through", () => {
    expect(checkRegrant({ purpose: "marketing", next: "granted", actor: { type: "customer" }, lastStop: stop }).ok).toBe(true)
    expect(checkRegrant({ purpose: "marketing", next: "revoked", actor: { type: "admin", id: "u" }, lastStop: stop }).ok).toBe(true)
    expect(checkRegrant({ purpose: "transactional", next: "granted", actor: { type: "admin", id: "u" }, lastStop: stop }).ok).toBe(true)
    expect(checkRegrant({ purpose: "marketing", next: "granted", actor: { type: "admin", id: "u" }, lastStop: null }).ok).toBe(true)
  })
})

describe("lastCustomerStop", () => {
  const e = (source: string, actor_type: string, new_state: string, at: string) => ({ source, actor_type, new_state, created_at: at })
  it("is the customer's latest own revocation by a stop source", () => {
    expect(lastCustomerStop([e("admin", "admin", "granted", "2026-12-03"), e("user_preferences", "customer", "revoked", "2026-12-02")])).toEqual({
      at: new Date("2026-12-02"),
      source: "user_preferences",
    })
  })
  it("is cleared by the customer's own later grant", () => {
    expect(lastCustomerStop([e("keyword", "customer", "granted", "2026-12-03"), e("stop_keyword", "customer", "revoked", "2026-12-02")])).toBeNull()
  })
  it("ignores pending requests and a system revocation", () => {
    expect(lastCustomerStop([e("store", "customer", "pending", "2026-12-03"), e("stop_keyword", "customer", "revoked", "2026-12-02")])?.source).toBe(
      "stop_keyword"
    )
    expect(lastCustomerStop([e("whatsapp_error", "system", "revoked", "2026-12-02")])).toBeNull()
  })
})

describe("legacyStop", () => {
  it("reads a stop recorded before events from the contact's columns", () => {
    expect(legacyStop({ marketing_consent: "revoked", marketing_consent_source: "keyword:ยกเลิก", marketing_consent_at: "2026-11-01T00:00:00Z" })?.source).toBe(
      "stop_keyword"
    )
    expect(legacyStop({ marketing_consent: "revoked", marketing_consent_source: "admin:u1", marketing_consent_at: "2026-11-01T00:00:00Z" })).toBeNull()
    expect(legacyStop({ marketing_consent: "granted", marketing_consent_source: "user_preferences", marketing_consent_at: "2026-11-01T00:00:00Z" })).toBeNull()
  })
})

describe("double opt-in", () => {
  it("expires after the configured hours", () => {
    const now = new Date("2026-12-07T00:00:00Z")
    const r = { created_at: now, expires_at: expiresAt(now, 48) }
    expect(isExpired(r, new Date("2026-12-08T23:59:59Z"))).toBe(false)
    expect(isExpired(r, new Date("2026-12-09T00:00:00Z"))).toBe(true)
  })
  it("is confirmed by the button or YES in English or Thai, nothing else", () => {
    expect(isConfirmation(null, CONFIRM_PAYLOAD)).toBe(true)
    expect(isConfirmation(" Yes! ", null)).toBe(true)
    expect(isConfirmation("ใช่", null)).toBe(true)
    expect(isConfirmation("yes please stop", null)).toBe(false)
    expect(isConfirmation("no", null)).toBe(false)
    expect(isConfirmation(null, "YES_CAMPAIGN")).toBe(false)
  })
})

describe("csv", () => {
  it("quotes commas, quotes and newlines, and ends lines in CRLF", () => {
    expect(toCsv(["a", "b", "c"], [{ a: 'say "hi", ok', b: "line1\nline2", c: null }])).toBe('a,b,c\r\n"say ""hi"", ok","line1\nline2",\r\n')
  })
  it("guards cells a spreadsheet would run as a formula", () => {
    expect(csvCell('=HYPERLINK("x")')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvCell("+66812345678")).toBe("'+66812345678")
    expect(csvCell("-1")).toBe("'-1")
    expect(csvCell("@x")).toBe("'@x")
    expect(csvCell(-1)).toBe("-1")
  })
  it("writes dates as ISO and leaves Thai text alone", () => {
    expect(csvCell(new Date("2026-12-07T00:00:00Z"))).toBe("2026-12-07T00:00:00.000Z")
    expect(csvCell("ยินยอมรับข่าวสาร")).toBe("ยินยอมรับข่าวสาร")
  })
})
