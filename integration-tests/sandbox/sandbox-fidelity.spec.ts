/** An unmodified third-party client (whatsapp-api-js) against the sandbox, both directions. */
import type { Sandbox } from "../../sandbox/src"
import { PHONE_ID, SECRET, SEED, TOKEN, resetAll, startReceiver, startSandbox, statusesOf, type Receiver } from "./helpers"

jest.setTimeout(15000)

// whatsapp-api-js is ESM-only and swc turns `import()` into `require()`, so import through a
// Function the transform cannot see (works because the suite runs with --experimental-vm-modules).
const importEsm = new Function("specifier", "return import(specifier)") as (s: string) => Promise<any>

describe("sandbox: fidelity with whatsapp-api-js", () => {
  let receiver: Receiver
  let sandbox: Sandbox
  let wa: any
  let msgs: any
  const to = "66840000001"

  beforeAll(async () => {
    receiver = await startReceiver()
    sandbox = await startSandbox(receiver, { templates: SEED })
    const { WhatsAppAPI } = await importEsm("whatsapp-api-js")
    msgs = await importEsm("whatsapp-api-js/messages")
    wa = new WhatsAppAPI({
      token: TOKEN,
      appSecret: SECRET,
      v: "v23.0",
      ponyfill: {
        // The library hardcodes https://graph.facebook.com; its fetch ponyfill is the supported
        // seam, so point it at the sandbox by rewriting the origin and leave the rest untouched.
        fetch: (url: string | URL, init?: RequestInit) => fetch(String(url).replace(/^https:\/\/graph\.facebook\.com/, sandbox.url), init),
      },
    })
  })
  afterEach(() => resetAll(sandbox, receiver))
  afterAll(async () => {
    await sandbox.close()
    await receiver.close()
  })

  it("sends a template and a text and gets wamids back", async () => {
    const { Template, HeaderComponent, HeaderParameter, BodyComponent, BodyParameter, URLComponent, PayloadComponent, Text } = msgs
    const tpl = new Template(
      "order_update",
      "th",
      new HeaderComponent(new HeaderParameter("1024")),
      new BodyComponent(new BodyParameter("สมชาย"), new BodyParameter("฿100")),
      new URLComponent("1024"),
      new PayloadComponent("contact")
    )
    const sent = await wa.sendMessage(PHONE_ID, to, tpl, undefined, "campaign-7")
    expect(sent).toEqual({
      messaging_product: "whatsapp",
      contacts: [{ input: to, wa_id: to }],
      messages: [{ id: expect.stringMatching(/^wamid\./), message_status: "accepted" }],
    })
    const stored = sandbox.state.outbound.get(sent.messages[0].id)!
    expect(stored.preview).toMatchObject({ header: "คำสั่งซื้อ #1024", body: "สวัสดีคุณ สมชาย ยอดรวม ฿100 ขอบคุณค่ะ" })
    expect(stored.preview.buttons).toEqual([
      { kind: "url", text: "ดูคำสั่งซื้อ", url: "https://shop.example.com/o/1024" },
      { kind: "quick_reply", text: "ติดต่อร้าน", payload: "contact" },
    ])

    await sandbox.inbound({ from: to, text: "hi" })
    const text = await wa.sendMessage(PHONE_ID, to, new Text("ได้รับแล้วครับ"))
    expect(text.messages[0].id).toMatch(/^wamid\./)
    await receiver.waitFor((d) => statusesOf(d, text.messages[0].id).some((s) => s.status === "delivered"))

    // Errors come back in Graph's envelope, which the library hands through untouched.
    const bad = await wa.sendMessage(PHONE_ID, to, new Template("nope", "th"))
    expect(bad.error).toMatchObject({ code: 132001, type: "OAuthException" })
  })

  it("verifies and parses sandbox webhooks (raw body + X-Hub-Signature-256)", async () => {
    const onMessage = jest.fn()
    const onStatus = jest.fn()
    wa.on.message = onMessage
    wa.on.status = onStatus

    const { id } = await sandbox.inbound({ from: to, name: "สมหญิง", text: "สั่งของได้ไหม 🙏 https://x.y/z" })
    const inbound = receiver.deliveries[0]
    const raw = inbound.raw.toString("utf8")
    expect(await wa.verifyRequestSignature(raw, inbound.signature)).toBe(true)
    await wa.post(JSON.parse(raw), raw, inbound.signature)
    expect(onMessage).toHaveBeenCalledTimes(1)
    const args = onMessage.mock.calls[0][0]
    expect(args).toMatchObject({ phoneID: PHONE_ID, from: to, name: "สมหญิง" })
    expect(args.message).toMatchObject({ id, type: "text", text: { body: "สั่งของได้ไหม 🙏 https://x.y/z" } })
    expect(await args.received()).toEqual({ success: true })
    expect(sandbox.state.inbound.get(id)?.read_by_business).toBe(true)

    const tampered = raw.replace("\\u0e2a", "\\u0e2b")
    expect(await wa.verifyRequestSignature(tampered, inbound.signature)).toBe(false)
    await expect(wa.post(JSON.parse(tampered), tampered, inbound.signature)).rejects.toThrow()

    const sent = await wa.sendMessage(PHONE_ID, to, new msgs.Text("ok"), undefined, "ticket-9")
    await receiver.waitFor((d) => statusesOf(d, sent.messages[0].id).length >= 1)
    const statusDelivery = receiver.deliveries.find((d) => statusesOf([d], sent.messages[0].id).length)!
    const rawStatus = statusDelivery.raw.toString("utf8")
    await wa.post(JSON.parse(rawStatus), rawStatus, statusDelivery.signature)
    expect(onStatus).toHaveBeenCalledWith(expect.objectContaining({ id: sent.messages[0].id, phone: to, status: "sent", biz_opaque_callback_data: "ticket-9" }))
  })
})
