import type { Sandbox } from "../../sandbox/src"
import {
  PHONE_ID,
  SEED,
  bodyParams,
  changesOf,
  graph,
  orderUpdate,
  resetAll,
  send,
  startReceiver,
  startSandbox,
  statusesOf,
  template,
  text,
  type Receiver,
} from "./helpers"

jest.setTimeout(15000)

/** Fakes only Date: the clock stands still while I/O and timers keep running. */
const freezeDate = () =>
  jest.useFakeTimers({
    now: Date.now(),
    doNotFake: [
      "hrtime",
      "nextTick",
      "performance",
      "queueMicrotask",
      "requestAnimationFrame",
      "cancelAnimationFrame",
      "requestIdleCallback",
      "cancelIdleCallback",
      "setImmediate",
      "clearImmediate",
      "setInterval",
      "clearInterval",
      "setTimeout",
      "clearTimeout",
    ],
  })

describe("sandbox: Graph API validation", () => {
  let receiver: Receiver
  let sandbox: Sandbox
  const to = "66810000001"

  beforeAll(async () => {
    receiver = await startReceiver()
    sandbox = await startSandbox(receiver, { templates: SEED })
  })
  afterEach(() => resetAll(sandbox, receiver))
  afterAll(async () => {
    await sandbox.close()
    await receiver.close()
  })

  const expectError = (res: { status: number; body: any }, code: number, status = 400) => {
    expect(res.status).toBe(status)
    expect(res.body.error).toMatchObject({ code, type: expect.any(String), fbtrace_id: expect.any(String) })
    expect(res.body.error.message).toEqual(expect.any(String))
    return res.body.error
  }

  it("rejects a missing or wrong token with 401 / 190", async () => {
    for (const token of [null, "wrong"]) {
      const err = expectError(await graph(sandbox, "POST", `/v23.0/${PHONE_ID}/messages`, text(to), token), 190, 401)
      expect(err.type).toBe("OAuthException")
    }
  })

  it("answers code 100 for a bad body, a wrong messaging_product and an unknown phone number id", async () => {
    expectError(await graph(sandbox, "POST", `/v23.0/${PHONE_ID}/messages`, "{not json"), 100)
    expectError(await graph(sandbox, "POST", `/v23.0/${PHONE_ID}/messages`, { to, type: "text", text: { body: "x" } }), 100)
    expectError(await graph(sandbox, "POST", `/v23.0/${PHONE_ID}/messages`, { messaging_product: "sms", ...text(to) }), 100)
    const unknown = expectError(await graph(sandbox, "POST", `/v23.0/999/messages`, { messaging_product: "whatsapp", ...text(to) }), 100)
    expect(unknown.error_subcode).toBe(33)
    expectError(await send(sandbox, text(to, "x".repeat(4097))), 100)
  })

  it("validates the recipient, the type and interactive payloads", async () => {
    expectError(await send(sandbox, text("12ab")), 131009)
    expectError(await send(sandbox, { to, type: "carrier_pigeon", carrier_pigeon: {} }), 131051)
    const tooLong = { type: "reply", reply: { id: "a", title: "x".repeat(21) } }
    expectError(await send(sandbox, { to, type: "interactive", interactive: { type: "button", body: { text: "hi" }, action: { buttons: [tooLong] } } }), 131009)
    // A leading + is accepted and normalised away in wa_id.
    sandbox.upsertUser({ wa_id: to, last_inbound_at: new Date().toISOString() })
    const ok = await send(sandbox, text(`+${to}`))
    expect(ok.status).toBe(200)
    expect(ok.body.contacts).toEqual([{ input: `+${to}`, wa_id: to }])
    expect(ok.body.messages[0]).toEqual({ id: expect.stringMatching(/^wamid\./), message_status: "accepted" })
  })

  it("serves the Marketing Messages API: marketing templates only, held_for_quality_assessment at heldShare", async () => {
    const mm = (message: Record<string, unknown>) =>
      graph(sandbox, "POST", `/v23.0/${PHONE_ID}/marketing_messages`, { messaging_product: "whatsapp", recipient_type: "individual", ...message })
    const promo = template(to, "promo_blast", "th", [bodyParams("20%")])
    const ok = await mm(promo)
    expect(ok.status).toBe(200)
    expect(ok.body.messages[0]).toEqual({ id: expect.stringMatching(/^wamid\./), message_status: "accepted" })
    expect(expectError(await mm(orderUpdate(to)), 100).message).toMatch(/marketing templates only; this is a UTILITY template/)
    expect(expectError(await mm(text(to)), 100).message).toMatch(/marketing templates only; this is a text message/)
    sandbox.patchConfig({ heldShare: 1 })
    expect((await mm(promo)).body.messages[0].message_status).toBe("held_for_quality_assessment")
    // /messages never holds: pacing is reported on the Marketing Messages API only.
    expect((await send(sandbox, promo)).body.messages[0].message_status).toBe("accepted")
  })

  it("answers 132001 for an unknown template name, an unknown language and a template not approved", async () => {
    expectError(await send(sandbox, template(to, "no_such_template", "th")), 132001)
    expectError(await send(sandbox, template(to, "promo_blast", "en_US", [bodyParams("20%")])), 132001)
    sandbox.seedTemplates([{ ...SEED[1], name: "still_pending", status: "PENDING" }])
    expectError(await send(sandbox, template(to, "still_pending", "th", [bodyParams("20%")])), 132001)
  })

  it("answers 132000 when the parameter count does not match the template", async () => {
    const err = expectError(await send(sandbox, template(to, "promo_blast", "th", [bodyParams("20%", "extra")])), 132000)
    expect(err.error_data).toEqual({ messaging_product: "whatsapp", details: expect.stringContaining("body") })
    expectError(await send(sandbox, template(to, "promo_blast", "th")), 132000)
    // The URL button of order_update has a variable: leaving its parameter out is a mismatch too.
    const noButton = orderUpdate(to) as any
    noButton.template.components = noButton.template.components.slice(0, 2)
    expectError(await send(sandbox, noButton), 132000)
    expect((await send(sandbox, orderUpdate(to))).status).toBe(200)
  })

  it("answers 132015 / 132016 for paused / disabled templates and announces the change by webhook", async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/templates/promo_blast/status`, {
      method: "POST",
      body: JSON.stringify({ status: "PAUSED" }),
    })
    expect(res.status).toBe(200)
    expectError(await send(sandbox, template(to, "promo_blast", "th", [bodyParams("20%")])), 132015)
    const updates = () => changesOf(receiver.deliveries, "message_template_status_update")
    await receiver.waitFor(() => updates().length >= 1)
    expect(updates()[0]).toMatchObject({ field: "message_template_status_update", value: { event: "PAUSED", message_template_name: "promo_blast" } })
    await sandbox.setTemplateStatus("promo_blast", { status: "DISABLED" })
    expectError(await send(sandbox, template(to, "promo_blast", "th", [bodyParams("20%")])), 132016)
    await sandbox.setTemplateStatus("promo_blast", { status: "APPROVED" })
  })

  it("accepts free-form text outside the 24 h window, then fails it with 131047 by webhook", async () => {
    const stale = new Date(Date.now() - 25 * 3600 * 1000).toISOString()
    await fetch(`${sandbox.url}/_sandbox/users`, { method: "POST", body: JSON.stringify({ wa_id: to, last_inbound_at: stale }) })
    const res = await send(sandbox, text(to, "are you there?", { biz_opaque_callback_data: "cb-1" }))
    expect(res.status).toBe(200)
    const id = res.body.messages[0].id
    await receiver.waitFor((d) => statusesOf(d, id).length >= 1)
    const [failed] = statusesOf(receiver.deliveries, id)
    expect(failed).toMatchObject({ status: "failed", recipient_id: to, biz_opaque_callback_data: "cb-1" })
    expect(failed.errors[0]).toMatchObject({ code: 131047, title: "Re-engagement message", error_data: { details: expect.any(String) } })
    // Never messaged at all counts as outside the window too; a template is fine.
    const never = await send(sandbox, text("66810000099"))
    await receiver.waitFor((d) => statusesOf(d, never.body.messages[0].id).some((s) => s.status === "failed"))
    const tpl = await send(sandbox, orderUpdate("66810000099"))
    await receiver.waitFor((d) => statusesOf(d, tpl.body.messages[0].id).some((s) => s.status === "delivered"))
  })

  it("fails a MARKETING template to a user who stopped marketing with 131050, utility still delivers", async () => {
    const pref = await fetch(`${sandbox.url}/_sandbox/users/${to}/preferences`, { method: "POST", body: JSON.stringify({ value: "stop" }) })
    expect((await pref.json()).webhook).toMatchObject({ delivered: true, status: 200 })
    const marketing = await send(sandbox, template(to, "promo_blast", "th", [bodyParams("20%")]))
    const utility = await send(sandbox, orderUpdate(to))
    expect([marketing.status, utility.status]).toEqual([200, 200])
    // Wait for "delivered" itself: the first two status POSTs to arrive can be sent and read.
    await receiver.waitFor(
      (d) => statusesOf(d, marketing.body.messages[0].id).length >= 1 && statusesOf(d, utility.body.messages[0].id).some((s) => s.status === "delivered")
    )
    expect(statusesOf(receiver.deliveries, marketing.body.messages[0].id)[0].errors[0].code).toBe(131050)
    expect(statusesOf(receiver.deliveries, utility.body.messages[0].id).map((s) => s.status)).toEqual(expect.arrayContaining(["sent", "delivered"]))
  })

  it("answers 130429 with HTTP 400 past the per-number throughput", async () => {
    sandbox.patchConfig({ throughputPerSecond: 5 })
    // The window is 1 s of Date.now(): hold the clock so all ten fall into it even when a loaded
    // box takes longer than a second to serve them (timers stay real).
    freezeDate()
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => send(sandbox, orderUpdate(`6681000010${i}`)))).finally(() => jest.useRealTimers())
    const limited = results.filter((r) => r.status === 400)
    expect(results.filter((r) => r.status === 200)).toHaveLength(5)
    expect(limited).toHaveLength(5)
    for (const r of limited) expect(r.body.error.code).toBe(130429)
  })

  it("answers 131056 past the pair rate for one recipient only", async () => {
    sandbox.patchConfig({ pairRate: { burst: 2, perSeconds: 60 } })
    expect((await send(sandbox, orderUpdate(to))).status).toBe(200)
    expect((await send(sandbox, orderUpdate(to))).status).toBe(200)
    expectError(await send(sandbox, orderUpdate(to)), 131056)
    expect((await send(sandbox, orderUpdate("66810000002"))).status).toBe(200)
  })

  it("injects failNext errors: 131000 once, then success; async codes arrive by webhook", async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/config`, {
      method: "PATCH",
      body: JSON.stringify({ failNext: [{ code: 131000, times: 1 }, { code: 131026 }] }),
    })
    expect(res.status).toBe(200)
    const err = expectError(await send(sandbox, orderUpdate(to)), 131000)
    expect(err.message).toBe("(#131000) Something went wrong")
    expect(err.error_data.messaging_product).toBe("whatsapp")
    const undeliverable = await send(sandbox, orderUpdate(to))
    expect(undeliverable.status).toBe(200)
    expect((await send(sandbox, orderUpdate(to))).status).toBe(200)
    await receiver.waitFor((d) => statusesOf(d, undeliverable.body.messages[0].id).length >= 1)
    expect(statusesOf(receiver.deliveries, undeliverable.body.messages[0].id)[0].errors[0].code).toBe(131026)
  })

  it("rejects bad config patches with 400", async () => {
    const res = await fetch(`${sandbox.url}/_sandbox/config`, { method: "PATCH", body: JSON.stringify({ duplicateRate: 2 }) })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toMatch(/duplicateRate/)
  })

  it("marks inbound messages read and answers 100 for unknown ids", async () => {
    const { id } = await sandbox.inbound({ from: to, text: "hi" })
    const read = await graph(sandbox, "POST", `/v23.0/${PHONE_ID}/messages`, { messaging_product: "whatsapp", status: "read", message_id: id })
    expect(read).toEqual({ status: 200, body: { success: true } })
    expect(sandbox.state.inbound.get(id)?.read_by_business).toBe(true)
    expectError(await graph(sandbox, "POST", `/v23.0/${PHONE_ID}/messages`, { messaging_product: "whatsapp", status: "read", message_id: "wamid.nope" }), 100)
  })
})
