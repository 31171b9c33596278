import type { WhatsappCampaign } from "../../../lib/campaigns"
import type { WhatsappTemplate } from "../../../lib/notifications"
import { ALL_CONTACTS, defaultMappings, draftFromCampaign, firstNameFallback, stepProblems, toMessageSpec, toPayload } from "../wizard-draft"

const TEMPLATE = {
  id: "watpl_1",
  name: "summer_promo",
  language: "th",
  category: "MARKETING",
  status: "APPROVED",
  parameter_format: "POSITIONAL",
  components: [
    { type: "BODY", text: "สวัสดีคุณ {{1}} ใช้โค้ด {{2}} รับส่วนลด" },
    {
      type: "BUTTONS",
      buttons: [
        { type: "QUICK_REPLY", text: "YES" },
        { type: "URL", text: "Shop", url: "https://shop.test/{{1}}" },
      ],
    },
  ],
} as unknown as WhatsappTemplate

const PARAMETERS = [
  { component: "body", source: "customer.first_name", fallback: "ลูกค้า" },
  { component: "body", source: "campaign.discount_code" },
  { component: "button", index: 1, source: "static", value: "sale" },
] as const

const campaign = (over: Partial<WhatsappCampaign> = {}) =>
  ({
    id: "wacmp_1",
    name: "Summer",
    status: "draft",
    segment_id: "seg_1",
    retarget: null,
    message_kind: "template",
    template_name: "summer_promo",
    template_language: "th",
    parameters: PARAMETERS,
    text: null,
    cta: { payload: "YES", button_index: 0 },
    discount_code: "SUMMER10",
    scheduled_at: null,
    attribution_window_days: 14,
    ...over,
  }) as unknown as WhatsappCampaign

const now = new Date("2026-11-25T10:00:00Z")

describe("editing a saved campaign in the wizard", () => {
  it("gives back the same campaign when saved unchanged", () => {
    const d = draftFromCampaign(campaign(), TEMPLATE, "Asia/Bangkok", now)
    expect(toPayload(d, "Asia/Bangkok")).toEqual({
      name: "Summer",
      segment_id: "seg_1",
      message_kind: "template",
      template_name: "summer_promo",
      template_language: "th",
      parameters: PARAMETERS,
      cta: { payload: "YES", button_index: 0 },
      discount_code: "SUMMER10",
      scheduled_at: null,
      timezone: "Asia/Bangkok",
      attribution_window_days: 14,
    })
    expect(toMessageSpec(d)).toMatchObject({ template_name: "summer_promo", parameters: PARAMETERS, discount_code: "SUMMER10" })
  })

  it("keeps a future start time as the store's wall time, and a campaign without a segment goes to every contact", () => {
    const at = "2026-11-26T02:00:00.000Z"
    const d = draftFromCampaign(campaign({ scheduled_at: at, segment_id: null }), TEMPLATE, "Asia/Bangkok", now)
    expect(d.when).toBe("later")
    expect(d.segmentId).toBe(ALL_CONTACTS)
    const p = toPayload(d, "Asia/Bangkok")
    expect(p.scheduled_at).toBe(at)
    expect(p.segment_id).toBeNull()
  })

  it("sends no segment for a follow-up, and needs none", () => {
    const d = draftFromCampaign(campaign({ segment_id: null, retarget: { parent_campaign_id: "wacmp_0", criterion: "not_read" } }), TEMPLATE, "UTC", now)
    expect("segment_id" in toPayload(d, "UTC")).toBe(false)
    expect(stepProblems("audience", { ...d, segmentId: "" }, { templateProblem: null, now, timeZone: "UTC" })).toEqual([])
  })

  it("a scheduled campaign being edited needs a time (unscheduling is on its page)", () => {
    const d = draftFromCampaign(campaign({ status: "scheduled" as any, scheduled_at: "2026-11-26T02:00:00.000Z" }), TEMPLATE, "UTC", now)
    const ctx = { templateProblem: null, now, timeZone: "UTC", editingScheduled: true }
    expect(stepProblems("schedule", d, ctx)).toEqual([])
    expect(stepProblems("schedule", { ...d, when: "now" }, ctx)[0]).toMatch(/pick a new time, or unschedule/)
  })

  it("reads a free-form campaign back as text", () => {
    const d = draftFromCampaign(
      campaign({ message_kind: "text", text: "Hi {{first_name}}", template_name: null, template_language: null, parameters: null, cta: null }),
      null,
      "UTC",
      now
    )
    expect(toMessageSpec(d)).toEqual({ message_kind: "text", text: "Hi {{first_name}}", cta: null, discount_code: "SUMMER10" })
  })
})

describe("the first-name fallback", () => {
  it("is in the template's language, not English in a Thai template", () => {
    expect(defaultMappings(TEMPLATE)["body:1"]).toMatchObject({ source: "customer.first_name", fallback: "ลูกค้า" })
    expect(defaultMappings({ ...TEMPLATE, language: "en_US" } as WhatsappTemplate)["body:1"]).toMatchObject({ fallback: "there" })
    expect(firstNameFallback("pt_BR")).toBe("cliente")
    expect(firstNameFallback(null)).toBe("there")
  })
})
