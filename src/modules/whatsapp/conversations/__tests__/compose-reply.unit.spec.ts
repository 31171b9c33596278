import { composeReply, faqTitles, withinWindow, type ComposeInput } from "../compose-reply"
import { CAMPAIGN_CODE_REPLY, fillReply, localizedDate } from "../defaults"

const base: ComposeInput = { actions: [], vars: {}, faqAnswers: {}, windowOpen: true, fallbackTemplate: null }

describe("composeReply", () => {
  it("fills the discount code into the text and keeps the rule order of effects", () => {
    const r = composeReply({
      ...base,
      actions: [
        { type: "issue_discount" },
        { type: "add_tag", tag: "promo" },
        { type: "reply_text", text: "โค้ดของคุณ {{code}} หมดอายุ {{expires}}" },
        { type: "opt_in" },
      ],
      vars: { code: "WA-ABCD2345", expires: "7 ธ.ค. 2569" },
    })
    expect(r.text).toBe("โค้ดของคุณ WA-ABCD2345 หมดอายุ 7 ธ.ค. 2569")
    expect(r.effects).toEqual([{ type: "add_tag", tag: "promo" }, { type: "opt_in" }])
    expect(r.done).toEqual(["issue_discount", "add_tag", "reply_text", "opt_in"])
    expect(r.template).toBeNull()
  })

  it("leaves an unknown placeholder as written", () => {
    expect(composeReply({ ...base, actions: [{ type: "reply_text", text: "Hi {{first_name}} {{nope}}" }], vars: { first_name: "Anan" } }).text).toBe(
      "Hi Anan {{nope}}"
    )
  })

  it("joins FAQ answers and texts with a blank line; a missing FAQ adds nothing", () => {
    const r = composeReply({
      ...base,
      actions: [
        { type: "faq", faq_title: "Shipping" },
        { type: "faq", faq_title: "Gone" },
        { type: "reply_text", text: "Anything else?" },
      ],
      faqAnswers: { Shipping: "2–3 days" },
    })
    expect(r.text).toBe("2–3 days\n\nAnything else?")
  })

  it("STOP revokes consent and hands over without a message when the rule says nothing", () => {
    const r = composeReply({ ...base, actions: [{ type: "opt_out" }, { type: "handover" }] })
    expect(r).toMatchObject({ effects: [{ type: "opt_out" }], handover: true, text: null, template: null })
  })

  it("a template reply carries filled parameters", () => {
    const r = composeReply({
      ...base,
      actions: [{ type: "reply_template", template_name: "promo_code", language: "th", parameters: ["{{code}}", "x"] }],
      vars: { code: "WA-1" },
    })
    expect(r.template).toEqual({ name: "promo_code", language: "th", parameters: ["WA-1", "x"] })
  })

  it("outside the 24 h window text becomes the fallback template", () => {
    const r = composeReply({ ...base, actions: [{ type: "reply_text", text: "hi" }], windowOpen: false, fallbackTemplate: { name: "hello", language: "en" } })
    expect(r.text).toBeNull()
    expect(r.template).toEqual({ name: "hello", language: "en", parameters: [] })
  })

  it("outside the window the rule's own template wins over the fallback, and with neither nothing is sent", () => {
    const own = { type: "reply_template" as const, template_name: "own", language: "en" }
    const r = composeReply({
      ...base,
      actions: [{ type: "reply_text", text: "hi" }, own],
      windowOpen: false,
      fallbackTemplate: { name: "hello", language: "en" },
    })
    expect(r.template?.name).toBe("own")
    expect(withinWindow("hi", null, { windowOpen: false, fallbackTemplate: null })).toEqual({ text: null, template: null })
  })
})

describe("faqTitles", () => {
  it("lists each FAQ a rule names once", () => {
    expect(faqTitles([{ type: "faq", faq_title: "A" }, { type: "opt_out" }, { type: "faq", faq_title: "A" }, { type: "faq", faq_title: "B" }])).toEqual([
      "A",
      "B",
    ])
  })
})

describe("fillReply with a date in two languages", () => {
  const expires = localizedDate(new Date("2026-12-14T05:00:00Z"), "Asia/Bangkok")

  it("writes the Thai half in the Buddhist calendar and the English half in the Gregorian one", () => {
    const out = fillReply(CAMPAIGN_CODE_REPLY, { code: "VIP10", expires })
    expect(out).toBe("โค้ดส่วนลดของคุณคือ VIP10 ใช้ได้ถึง 14 ธ.ค. 2569 / Your discount code is VIP10, valid until 14 Dec 2026.")
  })

  it("follows a template's language when one is named, and leaves unknown placeholders", () => {
    expect(fillReply("{{expires}}", { expires }, "th")).toBe("14 ธ.ค. 2569")
    expect(fillReply("{{expires}}", { expires }, "en_US")).toBe("14 Dec 2026")
    expect(fillReply("{{nope}} {{code}}", { code: "A" })).toBe("{{nope}} A")
  })
})
