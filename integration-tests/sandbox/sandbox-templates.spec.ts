import type { Sandbox } from "../../sandbox/src"
import { WABA_ID, bodyParams, changesOf, graph, resetAll, send, startReceiver, startSandbox, template, type Receiver } from "./helpers"

jest.setTimeout(15000)

const PATH = `/v23.0/${WABA_ID}/message_templates`

const body = (text: string, examples?: string[]) => ({ type: "BODY", text, ...(examples ? { example: { body_text: [examples] } } : {}) })
const create = (sandbox: Sandbox, name: string, components: unknown[], category = "UTILITY", language = "th") =>
  graph(sandbox, "POST", PATH, { name, language, category, components })

describe("sandbox: message templates", () => {
  let receiver: Receiver
  let sandbox: Sandbox

  beforeAll(async () => {
    receiver = await startReceiver()
    sandbox = await startSandbox(receiver)
  })
  afterEach(async () => {
    sandbox.reset({ templates: true, config: true })
    await resetAll(sandbox, receiver)
  })
  afterAll(async () => {
    await sandbox.close()
    await receiver.close()
  })

  const statusUpdate = async (name: string) => {
    await receiver.waitFor(() => changesOf(receiver.deliveries, "message_template_status_update").some((c) => c.value.message_template_name === name))
    return changesOf(receiver.deliveries, "message_template_status_update").find((c) => c.value.message_template_name === name).value
  }

  it("pages like Graph: 25 by default, absolute `next` links, filters", async () => {
    sandbox.seedTemplates(
      Array.from({ length: 30 }, (_, i) => ({
        name: `seeded_${String(i).padStart(2, "0")}`,
        language: i % 2 ? "en_US" : "th",
        category: i < 10 ? ("MARKETING" as const) : ("UTILITY" as const),
        components: [{ type: "BODY" as const, text: `Template number ${i} for paging` }],
      }))
    )
    const first = await graph(sandbox, "GET", PATH)
    expect(first.status).toBe(200)
    expect(first.body.data).toHaveLength(25)
    expect(first.body.data[0]).toMatchObject({
      id: expect.any(String),
      name: "seeded_00",
      language: "th",
      status: "APPROVED",
      category: "MARKETING",
      components: [{ type: "BODY", text: "Template number 0 for paging" }],
    })
    expect(first.body.paging.cursors).toEqual({ before: expect.any(String), after: expect.any(String) })
    expect(first.body.paging.next).toMatch(new RegExp(`^${sandbox.url}/v23\\.0/${WABA_ID}/message_templates\\?`))

    const second = await graph(sandbox, "GET", first.body.paging.next)
    expect(second.body.data).toHaveLength(5)
    expect(second.body.paging.next).toBeUndefined()
    expect(second.body.paging.previous).toEqual(expect.any(String))
    const names = [...first.body.data, ...second.body.data].map((t: { name: string }) => t.name)
    expect(new Set(names).size).toBe(30)

    const small = await graph(sandbox, "GET", `${PATH}?limit=4&category=MARKETING&language=th`)
    expect(small.body.data.map((t: { name: string }) => t.name)).toEqual(["seeded_00", "seeded_02", "seeded_04", "seeded_06"])
    const rest = await graph(sandbox, "GET", small.body.paging.next)
    expect(rest.body.data.map((t: { name: string }) => t.name)).toEqual(["seeded_08"])
    expect((await graph(sandbox, "GET", `${PATH}?name=seeded_1&status=APPROVED`)).body.data).toHaveLength(10)
    expect((await graph(sandbox, "GET", `${PATH}?status=REJECTED`)).body).toEqual({ data: [] })
  })

  it("creates PENDING, then approves by webhook and allows sending", async () => {
    // The suite's 20 ms review is shorter than two requests on a loaded CI box; this test sends while PENDING.
    sandbox.patchConfig({ templateReviewDelayMs: 1500 })
    const res = await create(sandbox, "order_shipped", [
      { type: "HEADER", format: "TEXT", text: "Order shipped" },
      body("Hello {{1}}, your order {{2}} is on its way to you today.", ["Somchai", "1024"]),
      { type: "FOOTER", text: "Sandbox Store" },
    ])
    expect(res).toEqual({ status: 200, body: { id: expect.stringMatching(/^\d+$/), status: "PENDING", category: "UTILITY" } })
    expect((await graph(sandbox, "GET", `${PATH}?name=order_shipped`)).body.data[0].status).toBe("PENDING")
    expect((await send(sandbox, template("66830000001", "order_shipped", "th", [bodyParams("a", "b")]))).body.error.code).toBe(132001)

    const update = await statusUpdate("order_shipped")
    expect(update).toEqual({
      event: "APPROVED",
      message_template_id: Number(res.body.id),
      message_template_name: "order_shipped",
      message_template_language: "th",
      reason: null,
    })
    expect(receiver.deliveries.every((d) => d.signatureValid && d.body.entry[0].id === WABA_ID)).toBe(true)
    expect((await graph(sandbox, "GET", `${PATH}?name=order_shipped`)).body.data[0].status).toBe("APPROVED")
    expect((await send(sandbox, template("66830000001", "order_shipped", "th", [bodyParams("a", "b")]))).status).toBe(200)
  })

  it.each([
    ["starts_with_var", "UTILITY", body("{{1}} your order has shipped and will arrive soon.", ["Somchai"]), "INVALID_FORMAT"],
    ["ends_with_var", "UTILITY", body("Your order has shipped, tracking number {{1}}", ["TH1"]), "INVALID_FORMAT"],
    ["adjacent_vars", "UTILITY", body("Hello {{1}} {{2}}, your order has shipped today.", ["A", "B"]), "INVALID_FORMAT"],
    ["missing_examples", "UTILITY", body("Hello {{1}}, your order has shipped today."), "INVALID_FORMAT"],
    ["too_many_vars", "MARKETING", body("Hi {{1}}, {{2}} and {{3}} now.", ["a", "b", "c"]), "INVALID_FORMAT"],
    ["promo_utility", "UTILITY", body("Hello {{1}}, get 20% off your next order with this coupon.", ["A"]), "INCORRECT_CATEGORY"],
    ["promo_utility_th", "UTILITY", body("สวัสดีคุณ {{1}} รับส่วนลดพิเศษสำหรับคำสั่งซื้อถัดไป", ["สมชาย"]), "INCORRECT_CATEGORY"],
  ])("rejects %s by webhook with a reason", async (name, category, component, reason) => {
    const res = await create(sandbox, name, [component], category)
    expect(res.body.status).toBe("PENDING")
    expect(await statusUpdate(name)).toMatchObject({ event: "REJECTED", reason })
    expect((await graph(sandbox, "GET", `${PATH}?name=${name}`)).body.data[0]).toMatchObject({ status: "REJECTED", rejected_reason: reason })
  })

  it("approves Thai text without spaces (word counting is segmenter-based)", async () => {
    await create(sandbox, "thai_ok", [body("สวัสดีคุณ {{1}} คำสั่งซื้อของคุณจัดส่งแล้ว ขอบคุณที่ใช้บริการ", ["สมชาย"])])
    expect((await statusUpdate("thai_ok")).event).toBe("APPROVED")
  })

  it("refuses a duplicate name + language with subcode 2388024, and malformed input with 100", async () => {
    const components = [body("Hello {{1}}, your order has shipped today.", ["A"])]
    expect((await create(sandbox, "dup_me", components)).status).toBe(200)
    const dup = await create(sandbox, "dup_me", components)
    expect(dup.status).toBe(400)
    expect(dup.body.error).toMatchObject({ code: 100, error_subcode: 2388024, error_user_msg: expect.stringContaining("dup_me") })
    expect((await create(sandbox, "dup_me", components, "UTILITY", "en_US")).status).toBe(200)

    expect((await create(sandbox, "Bad Name", components)).body.error.code).toBe(100)
    expect((await create(sandbox, "no_body", [{ type: "FOOTER", text: "x" }])).body.error.code).toBe(100)
    expect((await create(sandbox, "bad_category", components, "PROMO")).body.error.code).toBe(100)
  })

  it("deletes by name", async () => {
    sandbox.seedTemplates([{ name: "old_one", language: "th", category: "UTILITY", components: [{ type: "BODY", text: "Old template text here" }] }])
    expect(await graph(sandbox, "DELETE", `${PATH}?name=old_one`)).toEqual({ status: 200, body: { success: true } })
    expect((await graph(sandbox, "GET", `${PATH}?name=old_one`)).body.data).toEqual([])
    expect((await graph(sandbox, "DELETE", `${PATH}?name=old_one`)).body.error.code).toBe(100)
  })
})
