import { createHmac } from "node:crypto"
import { createServer, type AddressInfo, type Socket } from "node:net"
import type { Sandbox } from "../../sandbox/src"
import { SECRET, SEED, changesOf, orderUpdate, resetAll, send, startReceiver, startSandbox, statusesOf, text, type Receiver } from "./helpers"
import { sleep, until } from "../helpers/time"

jest.setTimeout(15000)

describe("sandbox: webhooks", () => {
  let receiver: Receiver
  let sandbox: Sandbox
  const to = "66820000001"

  beforeAll(async () => {
    receiver = await startReceiver()
    sandbox = await startSandbox(receiver, { templates: SEED })
  })
  afterEach(() => resetAll(sandbox, receiver))
  afterAll(async () => {
    await sandbox.close()
    await receiver.close()
  })

  it("signs the exact raw bytes; Thai, emoji and slashes are escaped like Meta", async () => {
    const thai = "สวัสดีครับ 👍 ดูที่ https://shop.example.com/a/b"
    const res = await fetch(`${sandbox.url}/_sandbox/inbound`, {
      method: "POST",
      body: JSON.stringify({ from: to, name: "สมชาย", text: thai }),
    })
    const answer = await res.json()
    expect(answer).toEqual({ id: expect.stringMatching(/^wamid\./), webhook: { delivered: true, status: 200 } })

    const [d] = receiver.deliveries
    expect(d.signatureValid).toBe(true)
    const raw = d.raw.toString("latin1")
    expect([...d.raw].every((byte) => byte < 0x80)).toBe(true)
    expect(raw).toContain("\\u0e2a\\u0e27\\u0e31\\u0e2a\\u0e14\\u0e35")
    expect(raw).toContain("\\ud83d\\udc4d")
    expect(raw).toContain("https:\\/\\/shop.example.com\\/a\\/b")

    const change = d.body.entry[0].changes[0]
    expect(d.body.object).toBe("whatsapp_business_account")
    expect(d.body.entry[0].id).toBe(sandbox.config.wabaId)
    expect(change.field).toBe("messages")
    expect(change.value.metadata).toEqual({ display_phone_number: sandbox.config.displayPhoneNumber, phone_number_id: sandbox.config.phoneNumberId })
    expect(change.value.contacts).toEqual([{ profile: { name: "สมชาย" }, wa_id: to }])
    expect(change.value.messages[0]).toMatchObject({ from: to, id: answer.id, type: "text", text: { body: thai }, timestamp: expect.stringMatching(/^\d+$/) })

    // A receiver that re-serialises the parsed JSON cannot reproduce the signature.
    const reserialised = `sha256=${createHmac("sha256", SECRET).update(JSON.stringify(d.body)).digest("hex")}`
    expect(reserialised).not.toBe(d.signature)
  })

  it("opens the window and sends sent → delivered → read with callback data and pricing", async () => {
    // Wide gaps so arrival order cannot be blurred by connection setup on a loaded machine.
    sandbox.patchConfig({ statusDelaysMs: { sent: 10, delivered: 110, read: 210 } })
    await sandbox.inbound({ from: to, text: "hi" })
    receiver.clear()
    const res = await send(sandbox, orderUpdate(to, { biz_opaque_callback_data: "order_42" }))
    const id = res.body.messages[0].id
    await receiver.waitFor((d) => statusesOf(d, id).length >= 3)
    const statuses = statusesOf(receiver.deliveries, id)
    expect(statuses.map((s) => s.status)).toEqual(["sent", "delivered", "read"])
    expect(receiver.deliveries.every((d) => d.signatureValid && d.body.entry[0].changes[0].value.statuses.length === 1)).toBe(true)
    for (const s of statuses) expect(s).toMatchObject({ id, recipient_id: to, biz_opaque_callback_data: "order_42", timestamp: expect.stringMatching(/^\d+$/) })
    // A utility template inside an open window is free under per-message pricing.
    const pricing = { billable: false, pricing_model: "PMP", category: "utility", type: "free_customer_service" }
    expect(statuses[0]).toMatchObject({
      pricing,
      conversation: { id: expect.any(String), expiration_timestamp: expect.any(String), origin: { type: "utility" } },
    })
    expect(statuses[1]).toMatchObject({ pricing, conversation: { id: statuses[0].conversation.id } })
    expect(statuses[2].pricing).toBeUndefined()

    const marketing = await send(sandbox, {
      to,
      type: "template",
      template: { name: "promo_blast", language: { code: "th" }, components: [{ type: "body", parameters: [{ type: "text", text: "20%" }] }] },
    })
    const free = await send(sandbox, text(to, "ขอบคุณครับ"))
    await receiver.waitFor((d) => statusesOf(d, marketing.body.messages[0].id).length >= 2 && statusesOf(d, free.body.messages[0].id).length >= 2)
    expect(statusesOf(receiver.deliveries, marketing.body.messages[0].id)[0].pricing).toEqual({
      billable: true,
      pricing_model: "PMP",
      category: "marketing",
      type: "regular",
    })
    expect(statusesOf(receiver.deliveries, free.body.messages[0].id)[0].pricing).toMatchObject({ billable: false, category: "service" })
  })

  it("sends every webhook twice when duplicateRate = 1", async () => {
    sandbox.patchConfig({ duplicateRate: 1 })
    const { id } = await sandbox.inbound({ from: to, text: "dup?" })
    await receiver.waitFor((d) => d.length >= 2)
    const copies = receiver.deliveries.filter((d) => d.body.entry[0].changes[0].value.messages?.[0]?.id === id)
    expect(copies).toHaveLength(2)
    expect(copies[0].raw.equals(copies[1].raw)).toBe(true)
    expect(copies.every((c) => c.signatureValid)).toBe(true)
    // The receiver records a POST before answering it; the sandbox logs the attempt once the answer is back.
    await until(() => sandbox.state.webhookLog.length >= 2)
    expect(sandbox.state.webhookLog.filter((a) => a.duplicate)).toHaveLength(1)
  })

  it("shuffles status order when outOfOrderRate = 1, while the stored status never goes backwards", async () => {
    // Wide gaps as in the test above: a POST that needs a new connection on a loaded box can be
    // overtaken by the next one 30 ms later, which could put a shuffled order back in sequence.
    sandbox.patchConfig({ outOfOrderRate: 1, statusDelaysMs: { sent: 10, delivered: 110, read: 210 } })
    await sandbox.inbound({ from: to, text: "hi" })
    const res = await send(sandbox, text(to, "order shipped"))
    const id = res.body.messages[0].id
    await receiver.waitFor((d) => statusesOf(d, id).length >= 3)
    const order = statusesOf(receiver.deliveries, id).map((s) => s.status)
    expect([...order].sort()).toEqual(["delivered", "read", "sent"])
    expect(order).not.toEqual(["sent", "delivered", "read"])
    expect(sandbox.state.outbound.get(id)?.status).toBe("read")
  })

  it("retries with backoff when the receiver answers 500, logging every attempt", async () => {
    receiver.failNext(1, 500)
    const res = await fetch(`${sandbox.url}/_sandbox/inbound`, { method: "POST", body: JSON.stringify({ from: to, text: "retry me" }) })
    expect((await res.json()).webhook).toEqual({ delivered: false, status: 500 })
    await receiver.waitFor((d) => d.length >= 2)
    expect(receiver.deliveries.map((d) => d.answeredWith)).toEqual([500, 200])
    expect(receiver.deliveries[0].raw.equals(receiver.deliveries[1].raw)).toBe(true)
    const log = sandbox.state.webhookLog
    await until(() => log.length >= 2)
    expect(log.map((a) => [a.attempt, a.ok, a.status])).toEqual([
      [1, false, 500],
      [2, true, 200],
    ])
    expect(log[0].delivery_id).toBe(log[1].delivery_id)
  })

  it("gives up after the configured attempts when the receiver is unreachable", async () => {
    sandbox.setWebhookUrl("http://127.0.0.1:9/unreachable")
    const { webhook } = await sandbox.inbound({ from: to, text: "anyone?" })
    expect(webhook.delivered).toBe(false)
    expect(webhook.error).toEqual(expect.any(String))
    await until(() => sandbox.state.webhookLog.length >= 3)
    // A 4th attempt would be due 120 ms after the 3rd; wait well past it so its absence means something.
    await sleep(400)
    expect(sandbox.state.webhookLog.map((a) => a.attempt)).toEqual([1, 2, 3])
  })

  it("emits user_preferences and button replies with context", async () => {
    const tpl = await send(sandbox, orderUpdate(to))
    await sandbox.setUserPreference(to, "stop")
    const [pref] = changesOf(receiver.deliveries, "user_preferences")
    expect(pref.value.user_preferences).toEqual([
      { wa_id: to, detail: expect.any(String), category: "marketing_messages", value: "stop", timestamp: expect.any(Number) },
    ])
    expect(pref.value.metadata.phone_number_id).toBe(sandbox.config.phoneNumberId)

    const { id } = await sandbox.inbound({ from: to, button: { payload: "contact", text: "ติดต่อร้าน" }, context_message_id: tpl.body.messages[0].id })
    const reply = changesOf(receiver.deliveries, "messages")
      .map((c) => c.value.messages?.[0])
      .find((m) => m?.id === id)
    expect(reply).toMatchObject({ type: "button", button: { payload: "contact", text: "ติดต่อร้าน" }, context: { id: tpl.body.messages[0].id } })

    const list = await sandbox.inbound({ from: to, interactive_reply: { id: "row-1", title: "Size M", type: "list_reply" } })
    expect(sandbox.state.inbound.get(list.id)?.message.interactive).toEqual({ type: "list_reply", list_reply: { id: "row-1", title: "Size M" } })
  })

  it("does not block API responses on a receiver that never answers", async () => {
    const sockets = new Set<Socket>()
    const hanging = createServer((socket) => sockets.add(socket))
    await new Promise<void>((r) => hanging.listen(0, "127.0.0.1", r))
    try {
      // A webhook timeout far beyond the bound below: responses that waited on the hanging receiver
      // could not come in under it, so the bound can leave room for a loaded CI box.
      sandbox.patchConfig({
        webhookUrl: `http://127.0.0.1:${(hanging.address() as AddressInfo).port}/`,
        statusDelaysMs: { sent: 0, delivered: 0, read: 0 },
        webhookRetry: { timeoutMs: 60_000 },
      })
      const started = Date.now()
      const res = await fetch(`${sandbox.url}/_sandbox/inbound?async=1`, { method: "POST", body: JSON.stringify({ from: to, text: "fast" }) })
      expect(await res.json()).toEqual({ id: expect.any(String), webhook: null })
      expect((await send(sandbox, text(to))).status).toBe(200)
      await sleep(50)
      expect((await send(sandbox, text(to))).status).toBe(200)
      expect(Date.now() - started).toBeLessThan(5000)
    } finally {
      sandbox.reset()
      sockets.forEach((s) => s.destroy())
      await new Promise((r) => hanging.close(r))
    }
  })
})
