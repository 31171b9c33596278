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

describe("prepareWebhook with business-scoped user ids (usernames, 2026)", () => {
  const BSUID = "TH.13491208655302741918"
  const bsuidText = (extra: Record<string, unknown> = {}) => ({
    from_user_id: BSUID,
    id: "wamid.b1",
    timestamp: nowTs,
    type: "text",
    text: { body: "ส่วนลด" },
    ...extra,
  })

  it("keeps a message whose sender is only a BSUID, with the contact's username", () => {
    const p = prepareWebhook(body({ metadata, contacts: [{ user_id: BSUID, profile: { name: "Som", username: "@somchai" } }], messages: [bsuidText()] }), ctx)
    expect(p.notes).toEqual([])
    const v = p.payload.entry[0].changes[0].value as unknown as Value
    expect(v.messages[0]).toMatchObject({ from_user_id: BSUID, text: { body: "ส่วนลด" } })
    expect(v.messages[0].from).toBeUndefined()
    expect(v.contacts[0]).toEqual({ user_id: BSUID, profile: { name: "Som", username: "somchai" } })
  })

  it("keeps phone and BSUID together when both come", () => {
    const p = prepareWebhook(
      body({ metadata, contacts: [{ wa_id: "66812345678", user_id: BSUID }], messages: [text("66812345678", { from_user_id: BSUID })] }),
      ctx
    )
    const v = p.payload.entry[0].changes[0].value as unknown as Value
    expect(v.messages[0]).toMatchObject({ from: "66812345678", from_user_id: BSUID })
    expect(v.contacts[0]).toEqual({ wa_id: "66812345678", user_id: BSUID })
  })

  it("rejects a malformed BSUID like a bad phone, and a message with no sender at all", () => {
    const p = prepareWebhook(
      body({
        metadata,
        contacts: [{ user_id: "th.1 2" }, { profile: { name: "nobody" } }],
        messages: [bsuidText({ from_user_id: "TH.12;DROP" }), bsuidText({ from_user_id: undefined }), text("66812345678", { from_user_id: "66812345678" })],
      }),
      ctx
    )
    expect(p.applicable).toBe(0)
    expect(p.notes.map((n) => n.reason)).toEqual([
      "user_id is not a business-scoped user id",
      "a contact needs a wa_id or a user_id",
      "from_user_id is not a business-scoped user id",
      "from is not a phone number",
      "from_user_id is not a business-scoped user id",
    ])
  })

  it("keeps a failed status without contacts or recipient_id; drops only a bad recipient_user_id", () => {
    const failed = { id: "wamid.f", status: "failed", timestamp: nowTs, errors: [{ code: 131026, title: "Message undeliverable" }] }
    const p = prepareWebhook(
      body({ metadata, statuses: [failed, { ...failed, id: "wamid.g", recipient_user_id: "nope" }, { ...failed, id: "wamid.h", recipient_user_id: BSUID }] }),
      ctx
    )
    const v = p.payload.entry[0].changes[0].value as unknown as { statuses: Record<string, unknown>[] }
    expect(v.statuses.map((s) => s.id)).toEqual(["wamid.f", "wamid.g", "wamid.h"])
    expect(v.statuses[1].recipient_user_id).toBeUndefined()
    expect(v.statuses[2].recipient_user_id).toBe(BSUID)
    expect(p.notes).toEqual([
      { path: "entry[0].changes[0].value.statuses[1].recipient_user_id", kind: "rejected", reason: "recipient_user_id is not a business-scoped user id" },
    ])
  })

  it("keeps a user_changed_user_id system message without from, with its ids checked", () => {
    const sys = {
      id: "wamid.s",
      timestamp: nowTs,
      type: "system",
      system: { type: "user_changed_user_id", user_id: "TH.NEW1", previous_user_id: BSUID, body: "changed" },
    }
    const p = prepareWebhook(body({ metadata, messages: [sys, { ...sys, id: "wamid.t", system: { type: "user_changed_user_id", user_id: "bad id" } }] }), ctx)
    const v = p.payload.entry[0].changes[0].value as unknown as Value
    expect(v.messages).toHaveLength(1)
    expect(v.messages[0].system).toEqual({ type: "user_changed_user_id", body: "changed", user_id: "TH.NEW1", previous_user_id: BSUID })
    expect(p.notes[0].reason).toBe("system.user_id is not a business-scoped user id")
  })

  it("keeps user_id_update webhooks of our number with both ids checked", () => {
    const value = {
      metadata,
      user_id_update: [
        { wa_id: "66812345678", user_id: { previous: BSUID, current: "TH.NEW1" }, timestamp: nowTs },
        { user_id: { previous: BSUID, current: "nope" } },
      ],
    }
    const p = prepareWebhook(body(value, "user_id_update"), ctx)
    const v = p.payload.entry[0].changes[0].value as unknown as { user_id_update: unknown[] }
    expect(v.user_id_update).toEqual([{ wa_id: "66812345678", user_id: { previous: BSUID, current: "TH.NEW1" }, timestamp: nowTs }])
    expect(p.notes).toHaveLength(1)
    expect(prepareWebhook(body({ ...value, metadata: { phone_number_id: "999" } }, "user_id_update"), ctx).notes[0].kind).toBe("ignored")
  })

  it("accepts user_preferences of a BSUID-only user", () => {
    const p = prepareWebhook(
      body({ metadata, user_preferences: [{ user_id: BSUID, category: "marketing_messages", value: "stop", timestamp: nowTs }] }, "user_preferences"),
      ctx
    )
    const v = p.payload.entry[0].changes[0].value as unknown as { user_preferences: Record<string, unknown>[] }
    expect(v.user_preferences[0]).toMatchObject({ user_id: BSUID, value: "stop" })
  })
})
