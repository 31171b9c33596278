import { renderCampaignMessage } from "../campaign-rules"
import { templateMessageText } from "../campaign-preview"

const PROMO = [
  { type: "HEADER", format: "TEXT", text: "Hi {{1}}" },
  { type: "BODY", text: "สวัสดีคุณ {{1}} ใช้โค้ด {{2}} รับส่วนลด" },
  { type: "FOOTER", text: "Reply STOP to opt out" },
  {
    type: "BUTTONS",
    buttons: [
      { type: "QUICK_REPLY", text: "YES" },
      { type: "URL", text: "Shop", url: "https://shop.test/{{1}}" },
    ],
  },
]

describe("templateMessageText", () => {
  it("fills the stored template's positional variables from what renderCampaignMessage sends", () => {
    const r = renderCampaignMessage(
      {
        message_kind: "template",
        template_name: "summer_promo",
        template_language: "th",
        discount_code: "SUMMER10",
        cta: { payload: "YES", button_index: 0 },
        parameters: [
          { component: "header", source: "customer.first_name" },
          { component: "body", source: "customer.first_name", fallback: "ลูกค้า" },
          { component: "body", source: "campaign.discount_code" },
          { component: "button", index: 1, source: "static", value: "sale" },
        ],
      },
      { customer: { id: "cus_1", first_name: "Somchai" } }
    )
    if (!r.ok || r.request.type !== "template") throw new Error("render failed")
    const m = templateMessageText(PROMO, r.request.template)
    expect(m.header).toBe("Hi Somchai")
    expect(m.body).toBe("สวัสดีคุณ Somchai ใช้โค้ด SUMMER10 รับส่วนลด")
    expect(m.footer).toBe("Reply STOP to opt out")
    expect(m.buttons).toEqual([
      { type: "QUICK_REPLY", text: "YES", payload: "YES" },
      { type: "URL", text: "Shop", url: "https://shop.test/sale" },
    ])
    expect(m.missing).toEqual([])
    expect(m.extra).toEqual([])
    expect(m.text).toBe("Hi Somchai\n\nสวัสดีคุณ Somchai ใช้โค้ด SUMMER10 รับส่วนลด\n\nReply STOP to opt out\n\n[YES] [Shop → https://shop.test/sale]")
  })

  it("names the variables left without a value and the values with no variable", () => {
    const short = templateMessageText(PROMO.slice(1, 2), { components: [{ type: "body", parameters: [{ type: "text", text: "Ana" }] }] })
    expect(short.body).toBe("สวัสดีคุณ Ana ใช้โค้ด {{2}} รับส่วนลด")
    expect(short.missing).toEqual(["body {{2}}"])
    const long = templateMessageText([{ type: "BODY", text: "Hi {{1}}" }], {
      components: [
        {
          type: "body",
          parameters: [
            { type: "text", text: "Ana" },
            { type: "text", text: "x" },
          ],
        },
      ],
    })
    expect(long.extra).toEqual(["body: 1 value(s) too many"])
  })

  it("fills named variables by parameter_name and shows a media header as its kind", () => {
    const m = templateMessageText(
      [
        { type: "HEADER", format: "IMAGE" },
        { type: "BODY", text: "Hello {{first_name}}, code {{code}}" },
      ],
      {
        components: [
          {
            type: "body",
            parameters: [
              { type: "text", text: "X1", parameter_name: "code" },
              { type: "text", text: "Ana", parameter_name: "first_name" },
            ],
          },
        ],
      }
    )
    expect(m.body).toBe("Hello Ana, code X1")
    expect(m.header_format).toBe("IMAGE")
    expect(m.text).toBe("[image]\n\nHello Ana, code X1")
  })

  it("reads a template with no stored components as empty, listing nothing as missing", () => {
    expect(templateMessageText(null, { components: [] })).toMatchObject({ body: "", missing: [], buttons: [] })
  })
})
