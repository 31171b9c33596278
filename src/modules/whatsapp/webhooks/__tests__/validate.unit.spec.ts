import { canonicalWaId, checkTimestamp, cleanString, prepareWebhook, type ValidationContext } from "../validate"

type Value = { messages: Record<string, unknown>[]; contacts: Record<string, unknown>[] }

const ctx: ValidationContext = { receivedAt: new Date("2026-12-07T10:00:00Z"), phoneNumberId: "100000000000001", wabaId: "200000000000001", region: "TH" }
const nowTs = String(Math.floor(ctx.receivedAt.getTime() / 1000))
const metadata = { display_phone_number: "15550000001", phone_number_id: ctx.phoneNumberId }
const body = (value: unknown, field = "messages", waba = ctx.wabaId) => ({
  object: "whatsapp_business_account",
  entry: [{ id: waba, changes: [{ field, value }] }],
})
const text = (from: unknown, extra: Record<string, unknown> = {}) => ({ from, id: "wamid.1", timestamp: nowTs, type: "text", text: { body: "hi" }, ...extra })

describe("canonicalWaId", () => {
  it("gives one id for every spelling of a Thai mobile", () => {
    for (const s of ["66812345678", "+66812345678", "+66 81-234-5678", "0812345678", "๖๖๘๑๒๓๔๕๖๗๘", "٦٦٨١٢٣٤٥٦٧٨", "۶۶۸۱۲۳۴۵۶۷۸"]) {
      expect(canonicalWaId(s, "TH")).toBe("66812345678")
    }
  })
  it("rejects what is not a phone number", () => {
    for (const s of ["__proto__", "", "1; DROP TABLE whatsapp_contact", "abc", "0", "123", null, {}, "1e308", "0812345678"]) {
      expect(canonicalWaId(s as string, s === "0812345678" ? undefined : "TH")).toBeNull()
    }
  })
})

describe("checkTimestamp", () => {
  it("keeps a plausible time and clamps the rest to the receipt time", () => {
    expect(checkTimestamp(nowTs, ctx.receivedAt)).toEqual({ at: ctx.receivedAt, clamped: false })
    for (const t of ["99999999999999", "1e308", 1e308, -5, "abc", undefined, String(Number(nowTs) + 3600), String(Number(nowTs) - 40 * 86400)]) {
      expect(checkTimestamp(t, ctx.receivedAt)).toEqual({ at: ctx.receivedAt, clamped: true })
    }
  })
})

describe("cleanString", () => {
  it("strips NUL and lone surrogates, keeps pairs and caps length", () => {
    expect(cleanString("a\u0000b\uD800c\uDC00d😀")).toBe("abcd😀")
    expect(cleanString("x".repeat(10), 4)).toBe("xxxx")
  })
})

describe("prepareWebhook", () => {
  it("keeps a valid message with its canonical sender", () => {
    const p = prepareWebhook(body({ metadata, contacts: [{ wa_id: "+66812345678", profile: { name: "Som" } }], messages: [text("0812345678")] }), ctx)
    expect(p.notes).toEqual([])
    expect(p.applicable).toBe(1)
    const v = p.payload.entry[0].changes[0].value as unknown as Value
    expect(v.messages[0].from).toBe("66812345678")
    expect(v.contacts[0]).toEqual({ wa_id: "66812345678", profile: { name: "Som" } })
  })

  it("drops bad items one by one and keeps their neighbours", () => {
    const p = prepareWebhook(
      body({ metadata, contacts: [null, { wa_id: "__proto__" }], messages: [text("__proto__"), { from: "66812345678", id: "wamid.2" }, text("66812345678")] }),
      ctx
    )
    const v = p.payload.entry[0].changes[0].value as unknown as Value
    expect(v.messages).toHaveLength(1)
    expect(p.notes.filter((n) => n.kind === "rejected")).toHaveLength(4)
  })

  it("rejects lists that are not lists", () => {
    const p = prepareWebhook(body({ metadata, contacts: "x", messages: {}, statuses: 5 }), ctx)
    expect(p.applicable).toBe(0)
    expect(p.notes.map((n) => n.reason)).toEqual(["contacts is not a list", "messages is not a list", "statuses is not a list"])
  })

  it("clamps a timestamp far in the future", () => {
    const p = prepareWebhook(body({ metadata, messages: [text("66812345678", { timestamp: "9999999999" })] }), ctx)
    const v = p.payload.entry[0].changes[0].value as unknown as Value
    expect(v.messages[0].timestamp).toBe(nowTs)
    expect(p.notes[0].kind).toBe("clamped")
  })

  it("counts a button payload only on button messages", () => {
    const p = prepareWebhook(body({ metadata, messages: [text("66812345678", { button: { payload: "DISCOUNT", text: "x" } })] }), ctx)
    expect((p.payload.entry[0].changes[0].value as unknown as Value).messages[0].button).toBeUndefined()
  })

  it("ignores another business number and another WABA", () => {
    const foreign = prepareWebhook(body({ metadata: { phone_number_id: "999" }, messages: [text("66812345678")] }), ctx)
    expect(foreign.applicable).toBe(0)
    expect(foreign.notes).toEqual([expect.objectContaining({ kind: "ignored", reason: "not our number (phone_number_id 999)" })])
    const tpl = prepareWebhook(
      body({ message_template_name: "x", message_template_language: "th", event: "REJECTED" }, "message_template_status_update", "777"),
      ctx
    )
    expect(tpl.applicable).toBe(0)
    expect(tpl.notes[0].kind).toBe("ignored")
  })

  it("refuses statuses we do not know and bodies nested too deep", () => {
    const p = prepareWebhook(body({ metadata, statuses: [{ id: "wamid.1", status: "accepted", timestamp: nowTs }] }), ctx)
    expect(p.applicable).toBe(0)
    let deep: Record<string, unknown> = {}
    for (let i = 0; i < 100; i++) deep = { a: deep }
    expect(prepareWebhook({ entry: [deep] }, ctx).notes[0].reason).toMatch(/nested deeper/)
  })
})
