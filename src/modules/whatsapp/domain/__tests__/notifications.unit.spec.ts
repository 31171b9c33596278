import {
  DEFAULT_MAPPINGS,
  NOTIFICATION_EVENTS,
  formatMoney,
  notificationKey,
  planNotification,
  resolveParameter,
  type NotificationContext,
  type PlanInput,
} from "../notifications"
import { lintTemplate, templateVariables } from "../template-lint"

const templates = require("../../notifications/default-templates.json")

const ctx: NotificationContext = {
  store_name: "Demo Thai Store",
  customer: { id: "cus_1", first_name: "สมชาย", last_name: "ใจดี" },
  order: { id: "order_1", display_id: 1001, currency_code: "thb", total: 1250, item_count: 3 },
  fulfillment: { id: "ful_1", tracking_number: "TH1", tracking_url: "https://t.example/TH1" },
}
const base: PlanInput = {
  mapping: DEFAULT_MAPPINGS.find((m) => m.event === "order.placed")!,
  template: { status: "APPROVED", category: "UTILITY" },
  contact: { transactional_consent: "granted" },
  phone: { raw: "0812345678", valid: true },
  ctx,
}

describe("resolveParameter", () => {
  it("fills each source from the context", () => {
    expect(resolveParameter("customer.first_name", ctx, "th")).toBe("สมชาย")
    expect(resolveParameter("customer.full_name", ctx, "th")).toBe("สมชาย ใจดี")
    expect(resolveParameter("order.display_id", ctx, "th")).toBe("1001")
    expect(resolveParameter("order.item_count", ctx, "th")).toBe("3")
    expect(resolveParameter("fulfillment.tracking_url", ctx, "th")).toBe("https://t.example/TH1")
    expect(resolveParameter("store.name", ctx, "th")).toBe("Demo Thai Store")
  })
  it("treats empty values as missing", () => {
    expect(resolveParameter("customer.first_name", { customer: { id: "c", first_name: "  " } }, "th")).toBeNull()
    expect(resolveParameter("order.total", {}, "th")).toBeNull()
  })
  it("formats money in the order's currency", () => {
    expect(formatMoney(1250, "thb", "th")).toMatch(/฿\s?1,250\.00/)
    expect(formatMoney(12.5, "usd", "en_US")).toBe("$12.50")
    expect(formatMoney(3, "not-a-currency", "en")).toBe("3.00 NOT-A-CURRENCY")
  })
})

describe("planNotification", () => {
  it("fills the body parameters in order", () => {
    const plan = planNotification(base)
    expect(plan.send).toBe(true)
    if (plan.send) {
      expect(plan.components).toHaveLength(1)
      expect(plan.components[0].parameters!.map((p: any) => p.text)).toEqual(["สมชาย", "1001", expect.stringMatching(/1,250\.00/)])
    }
  })
  it.each([
    [{ mapping: null }, /^no_mapping/],
    [{ mapping: { ...base.mapping!, enabled: false } }, /^disabled/],
    [{ phone: { raw: null, valid: false } }, /^no_phone/],
    [{ phone: { raw: "123", valid: false } }, /^invalid_phone: "123"/],
    [{ contact: null }, /^no_consent/],
    [{ contact: { transactional_consent: "revoked" } }, /^no_consent/],
    [{ template: null }, /^template_missing/],
    [{ template: { status: "PAUSED" } }, /^template_not_approved.*PAUSED/],
    [{ ctx: { ...ctx, order: null } }, /^missing_data: order.display_id/],
    [{ ctx: { ...ctx, order: { ...ctx.order!, no_notification: true } } }, /^no_notification/],
    [{ ctx: { ...ctx, fulfillment: { id: "ful_1" }, event_no_notification: true } }, /^no_notification: "Send notification" was off for this fulfillment/],
    [{ mapping: null, ctx: { ...ctx, fulfillment: null, event_no_notification: true } }, /^no_notification: "Send notification" was off for this event/],
  ])("skips with a reason: %j", (patch, reason) => {
    const plan = planNotification({ ...base, ...(patch as Partial<PlanInput>) })
    expect(plan.send).toBe(false)
    if (!plan.send) expect(plan.reason).toMatch(reason)
  })
  it("uses the fallback when a source is empty", () => {
    const plan = planNotification({ ...base, ctx: { ...ctx, customer: { id: "c", first_name: null } } })
    expect(plan.send && plan.components[0].parameters![0]).toEqual({ type: "text", text: "ลูกค้า" })
  })
  it("puts button parameters in their own indexed component", () => {
    const mapping = { ...base.mapping!, parameters: [{ component: "button" as const, index: 1, source: "order.display_id" as const }] }
    const plan = planNotification({ ...base, mapping })
    expect(plan.send && plan.components).toEqual([{ type: "button", sub_type: "url", index: "1", parameters: [{ type: "text", text: "1001" }] }])
  })
})

describe("defaults", () => {
  it("map every event, and each default template exists in Thai and English with matching variables", () => {
    expect(DEFAULT_MAPPINGS.map((m) => m.event).sort()).toEqual([...NOTIFICATION_EVENTS].sort())
    for (const m of DEFAULT_MAPPINGS) {
      for (const language of ["th", "en_US"]) {
        const t = templates.find((x: any) => x.name === m.template_name && x.language === language)
        expect(t).toBeDefined()
        const body = t.components.find((c: any) => c.type === "BODY").text
        expect(templateVariables(body)).toHaveLength(m.parameters.length)
      }
    }
  })
  it("pass the linter", () => {
    for (const t of templates) expect([t.name, t.language, lintTemplate(t)]).toEqual([t.name, t.language, []])
  })
  it("key one notification per event and resource", () => {
    expect(notificationKey("order.placed", "order_1")).toBe("notify:order.placed:order_1")
  })
})

describe("planNotification for a customer known by BSUID only", () => {
  const bsuid = { ...base, phone: { raw: null, valid: false, user_id: "TH.13491208655302741918" } }
  it("sends to a username user without a phone", () => {
    expect(planNotification(bsuid).send).toBe(true)
  })
  it("still says no_phone when there is neither a phone nor a BSUID", () => {
    expect(planNotification({ ...base, phone: { raw: null, valid: false } })).toEqual({ send: false, reason: expect.stringMatching(/^no_phone/) })
  })
  it("refuses an authentication template before sending, with the reason", () => {
    const plan = planNotification({ ...bsuid, template: { status: "APPROVED", category: "AUTHENTICATION" } })
    expect(plan).toEqual({ send: false, reason: expect.stringMatching(/^131062: authentication templates need a phone number/) })
  })
  it("refuses a template with a copy-code button", () => {
    const components = [{ type: "BUTTONS", buttons: [{ type: "COPY_CODE", example: "SAVE10" }] }]
    const plan = planNotification({ ...bsuid, template: { status: "APPROVED", category: "MARKETING", components } })
    expect(plan).toEqual({ send: false, reason: expect.stringMatching(/^131062: copy-code/) })
  })
})
