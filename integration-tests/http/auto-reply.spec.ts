import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Modules } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { envelope, inboundText, metaJson, sign } from "../helpers/webhooks"
import { whatsappOf } from "../helpers/app"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, resetAppSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"

jest.setTimeout(120_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.shared)

const post = (api: any, body: unknown) => {
  const raw = metaJson(body)
  return api.post("/hooks/whatsapp", raw, {
    headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
    transformRequest: [(d: unknown) => d],
  })
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const templates = require("../../src/modules/whatsapp/notifications/default-templates.json")
    const outbound = () => [...sandbox.state.outbound.values()]
    const promotions = () => getContainer().resolve(Modules.PROMOTION).listPromotions({})
    const conversationOf = async (wa_id: string) => {
      const [contact] = await whatsapp().listWhatsappContacts({ wa_id })
      return contact ? (await whatsapp().listWhatsappConversations({ contact_id: contact.id }))[0] : undefined
    }
    /** The sandbox has the reply before the workflow records it on the conversation (markAnswered). */
    const answered = (wa_id: string) => waitFor(async () => ((await conversationOf(wa_id))?.waiting_since === null ? true : null))
    /** The message reached the auto-reply workflow: its first step starts the waiting clock. Only
     * from here does a grace period for "no reply" mean something on a slow box. */
    const waiting = (wa_id: string) => waitFor(async () => ((await conversationOf(wa_id))?.waiting_since ? true : null))

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates })
    })
    afterAll(async () => sandbox?.close())
    beforeEach(async () => {
      resetAppSandbox(sandbox, api)
      await whatsapp().syncTemplates()
      // Business hours off unless a test sets them: the away message is tested on its own.
      const settings = await whatsapp().getSetting("auto_reply", {})
      await whatsapp().setSetting("auto_reply", { ...settings, business_hours: null })
      whatsapp().setClock(null)
    })

    it("ขอส่วนลดหน่อยครับ gets one real Medusa promotion code; the same webhook again changes nothing; asking again gets the same code", async () => {
      const customer = await getContainer().resolve(Modules.CUSTOMER).createCustomers({ first_name: "สมชาย", phone: "0812345678", email: "s@example.com" })
      await whatsapp().linkContactToCustomer("66812345678", customer.id)
      const body = inboundText("66812345678", "ขอส่วนลดหน่อยครับ", { id: "wamid.discount.1" })
      await post(api, body)
      await post(api, body)
      const reply = await waitFor(async () => outbound().find((o) => o.type === "text"))
      const code = reply.request.text!.body.match(/WA-[A-Z0-9]{8}/)![0]
      const promos = await promotions()
      expect(promos).toHaveLength(1)
      expect(promos[0].code).toBe(code)
      expect(promos[0].status).toBe("active")
      const full = await getContainer()
        .resolve(Modules.PROMOTION)
        .retrievePromotion(promos[0].id, { relations: ["rules", "rules.values", "application_method"] })
      expect(full.application_method!.type).toBe("percentage")
      expect(full.rules!.find((r: any) => r.attribute === "customer_id")!.values!.map((v: any) => v.value)).toEqual([customer.id])
      await new Promise((r) => setTimeout(r, 500))
      expect(outbound()).toHaveLength(1)

      // A different message asking again: same still-valid code, no second promotion.
      await post(api, inboundText("66812345678", "discount please", { id: "wamid.discount.2" }))
      await waitFor(async () => outbound().length === 2)
      expect(outbound()[1].request.text!.body).toContain(code)
      expect(await promotions()).toHaveLength(1)

      // The conversation was answered by a rule: no longer waiting.
      await answered("66812345678")
      const [conv] = await whatsapp().listWhatsappConversations({})
      expect(conv.waiting_since).toBeNull()
      expect(conv.response_count).toBeGreaterThanOrEqual(1)
    })

    it("the issued code applies at checkout for that customer", async () => {
      const container = getContainer()
      const customer = await container.resolve(Modules.CUSTOMER).createCustomers({ first_name: "Mali", phone: "0812349999", email: "mali@example.com" })
      await whatsapp().linkContactToCustomer("66812349999", customer.id)
      await post(api, inboundText("66812349999", "ขอส่วนลดหน่อยค่ะ", { id: "wamid.checkout.1" }))
      const reply = await waitFor(async () => outbound().find((o) => o.to === "66812349999"))
      const code = reply.request.text!.body.match(/WA-[A-Z0-9]{8}/)![0]

      const { createCartWorkflow, updateCartPromotionsWorkflow } = require("@medusajs/medusa/core-flows")
      const regions = container.resolve(Modules.REGION)
      const region =
        (await regions.listRegions({ name: "Thailand" }))[0] ?? (await regions.createRegions({ name: "Thailand", currency_code: "thb", countries: ["th"] }))
      const { result: cart } = await createCartWorkflow(container).run({
        input: {
          region_id: region.id,
          customer_id: customer.id,
          email: customer.email,
          currency_code: "thb",
          items: [{ title: "ผ้าไหม", quantity: 1, unit_price: 1000 }],
        },
      })
      await updateCartPromotionsWorkflow(container).run({ input: { cart_id: cart.id, promo_codes: [code], action: "add" } })
      const query = container.resolve("query")
      const { data } = await query.graph({ entity: "cart", fields: ["id", "total", "discount_total", "promotions.code"], filters: { id: cart.id } })
      expect(data[0].promotions.map((p: any) => p.code)).toEqual([code])
      expect(Number(data[0].discount_total)).toBeCloseTo(100) // 10% of 1,000 by default

      // Someone else's cart cannot use it: the promotion is limited to this customer.
      const other = await container.resolve(Modules.CUSTOMER).createCustomers({ email: "other@example.com" })
      const { result: cart2 } = await createCartWorkflow(container).run({
        input: {
          region_id: region.id,
          customer_id: other.id,
          email: other.email,
          currency_code: "thb",
          items: [{ title: "ผ้าไหม", quantity: 1, unit_price: 1000 }],
        },
      })
      await updateCartPromotionsWorkflow(container)
        .run({ input: { cart_id: cart2.id, promo_codes: [code], action: "add" } })
        .catch(() => undefined)
      const { data: d2 } = await query.graph({ entity: "cart", fields: ["id", "discount_total", "promotions.code"], filters: { id: cart2.id } })
      expect(Number(d2[0].discount_total ?? 0)).toBe(0)
    })

    it("two discount requests from one customer at the same moment get one code", async () => {
      await Promise.all([
        post(api, inboundText("66810000009", "ส่วนลด", { id: "wamid.race.1" })),
        post(api, inboundText("66810000009", "discount", { id: "wamid.race.2" })),
        post(api, inboundText("66810000009", "โค้ดส่วนลด", { id: "wamid.race.3" })),
      ])
      await waitFor(async () => outbound().length === 3, { timeout: 15_000 })
      const codes = new Set(outbound().map((o) => o.request.text!.body.match(/WA-[A-Z0-9]{8}/)![0]))
      expect(codes.size).toBe(1)
      expect(await promotions()).toHaveLength(1)
    })

    it("a campaign's YES quick reply issues a code too", async () => {
      await post(
        api,
        envelope("messages", {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "15550000001", phone_number_id: "100000000000001" },
          contacts: [{ profile: { name: "Nok" }, wa_id: "66810000001" }],
          messages: [
            {
              from: "66810000001",
              id: "wamid.yes.1",
              timestamp: String(Math.floor(Date.now() / 1000)),
              type: "button",
              button: { payload: "YES", text: "Yes, send my code" },
            },
          ],
        })
      )
      const reply = await waitFor(async () => outbound()[0])
      expect(reply.request.text!.body).toMatch(/WA-[A-Z0-9]{8}/)
    })

    it("a quick reply to a campaign message earns that campaign's code", async () => {
      const contact = await whatsapp().upsertContactByWaId("66810000010", null)
      await getContainer()
        .resolve("__pg_connection__")
        .raw(
          `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, wamid, type, status, source, metadata)
         VALUES ('wamsg_cmp1', 'campaign:wacmp_test:x', 'outbound', ?, '66810000010', 'wamid.campaign.out.1', 'template', 'read', 'campaign', '{"campaign_id":"wacmp_test"}')`,
          [contact.id]
        )
      await post(
        api,
        envelope("messages", {
          messaging_product: "whatsapp",
          metadata: { display_phone_number: "15550000001", phone_number_id: "100000000000001" },
          contacts: [{ profile: { name: "Ploy" }, wa_id: "66810000010" }],
          messages: [
            {
              from: "66810000010",
              id: "wamid.cmp.yes.1",
              timestamp: String(Math.floor(Date.now() / 1000)),
              type: "button",
              context: { from: "15550000001", id: "wamid.campaign.out.1" },
              button: { payload: "YES", text: "YES" },
            },
          ],
        })
      )
      await waitFor(async () => outbound().length === 1)
      const [code] = await whatsapp().listWhatsappDiscountCodes({ contact_id: contact.id })
      expect(code.campaign_id).toBe("wacmp_test")
      expect(code.scope).toBe("wacmp_test")
    })

    it("ยกเลิก opts the contact out of marketing with a confirmation; START opts back in", async () => {
      await post(api, inboundText("66820000002", "ยกเลิก", { id: "wamid.stop.1" }))
      const c = await waitFor(async () => {
        const [row] = await whatsapp().listWhatsappContacts({ wa_id: "66820000002" })
        return row?.marketing_consent === "revoked" ? row : null
      })
      expect(c.marketing_consent_source).toBe("keyword:ยกเลิก")
      await waitFor(async () => outbound().find((o) => o.request.text?.body.includes("START")))
      await post(api, inboundText("66820000002", "START", { id: "wamid.start.1" }))
      await waitFor(async () => (await whatsapp().listWhatsappContacts({ wa_id: "66820000002" }))[0].marketing_consent === "granted")
    })

    it("fuzzy typo matches above the threshold and not below", async () => {
      await whatsapp().createWhatsappReplyRules({
        name: "Size chart",
        keywords: ["size chart"],
        match_mode: "fuzzy",
        fuzzy_threshold: 0.85,
        priority: 5,
        enabled: true,
        actions: [{ type: "reply_text", text: "Our size chart: https://shop.example/sizes" }],
      })
      await post(api, inboundText("66830000003", "where is the size chrt?", { id: "wamid.fuzzy.1" }))
      await waitFor(async () => outbound().find((o) => o.request.text?.body.includes("size chart")))
      await post(api, inboundText("66830000004", "where is the sz chat?", { id: "wamid.fuzzy.2" }))
      await waiting("66830000004")
      await new Promise((r) => setTimeout(r, 800))
      expect(outbound().filter((o) => o.to === "66830000004")).toHaveLength(0)
    })

    it("outside the 24 h window the reply goes as a template", async () => {
      await whatsapp().createWhatsappReplyRules({
        name: "Late hello",
        keywords: ["hello late"],
        match_mode: "contains",
        priority: 5,
        enabled: true,
        actions: [
          { type: "reply_text", text: "Hello!" },
          { type: "reply_template", template_name: "welcome", language: "en_US", parameters: ["friend", "Test Store"] },
        ],
      })
      // Meta redelivered a message from two days ago: the window it opened has closed.
      const old = Math.floor(Date.now() / 1000) - 2 * 86400
      await post(api, inboundText("66840000005", "hello late", { id: "wamid.old.1", timestamp: old }))
      const sent = await waitFor(async () => outbound().find((o) => o.to === "66840000005"))
      expect(sent.type).toBe("template")
      expect(sent.template?.name).toBe("welcome")
    })

    it("the red flag appears after N minutes and clears on an agent reply; VIP conversations sort first", async () => {
      const customers = getContainer().resolve(Modules.CUSTOMER)
      const vip = await customers.createCustomers({ first_name: "VIP", phone: "0850000006", email: "vip@example.com" })
      await whatsapp().linkContactToCustomer("66850000006", vip.id)
      await whatsapp().segmentation().addManualTag(vip.id, "vip")
      const t0 = Date.now()
      await post(api, inboundText("66860000007", "สอบถามหน่อยครับ", { id: "wamid.wait.1", timestamp: Math.floor(t0 / 1000) - 60 }))
      await post(api, inboundText("66850000006", "มีของไหมครับ", { id: "wamid.wait.2", timestamp: Math.floor(t0 / 1000) }))
      const { headers } = await adminHeaders(getContainer())
      const inbox = async () => (await api.get("/admin/whatsapp/conversations", { headers })).data.conversations
      await waitFor(async () => (await inbox()).length === 2)

      let list = await inbox()
      expect(list.map((c: any) => c.wa_id)).toEqual(["66850000006", "66860000007"]) // VIP first though it waited less
      expect(list.every((c: any) => !c.flagged)).toBe(true)

      whatsapp().setClock(() => new Date(t0 + 16 * 60_000))
      list = await inbox()
      expect(list.every((c: any) => c.flagged)).toBe(true)

      const target = list.find((c: any) => c.wa_id === "66860000007")
      const res = await api.post(`/admin/whatsapp/conversations/${target.id}/reply`, { text: "มีครับ" }, { headers })
      expect(res.data.conversation.waiting_since).toBeNull()
      expect(res.data.conversation.last_response_ms).toBeGreaterThan(15 * 60_000)
      list = await inbox()
      expect(list.find((c: any) => c.wa_id === "66860000007").flagged).toBe(false)
      expect(list.find((c: any) => c.wa_id === "66850000006").flagged).toBe(true)

      // Outside the window an agent must use a template.
      whatsapp().setClock(() => new Date(t0 + 25 * 3600_000))
      const refused = await api.post(`/admin/whatsapp/conversations/${target.id}/reply`, { text: "hello?" }, { headers }).catch((e: any) => e.response)
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/24-hour window/)
    })

    it("away message outside business hours, at most once per conversation per day", async () => {
      const settings = await whatsapp().getSetting("auto_reply", {})
      await whatsapp().setSetting("auto_reply", { ...settings, business_hours: { start: "09:00", end: "18:00" } })
      whatsapp().setClock(() => new Date("2026-11-25T15:00:00Z")) // 22:00 in Bangkok
      await post(api, inboundText("66870000008", "สวัสดีครับ", { id: "wamid.away.1" }))
      await waitFor(async () => outbound().length === 1)
      await answered("66870000008")
      await post(api, inboundText("66870000008", "อยู่ไหมครับ", { id: "wamid.away.2" }))
      await waiting("66870000008")
      await new Promise((r) => setTimeout(r, 800))
      expect(outbound()).toHaveLength(1)
      expect(outbound()[0].request.text!.body).toMatch(/นอกเวลาทำการ/)
    })

    it("a handover stops auto-replies until the conversation is resolved", async () => {
      await post(api, inboundText("66880000009", "ขอคุยกับแอดมินครับ", { id: "wamid.ho.1" }))
      await waitFor(async () => outbound().length === 1)
      await answered("66880000009")
      const [conv] = await whatsapp().listWhatsappConversations({})
      expect(conv.handover).toBe(true)
      await post(api, inboundText("66880000009", "ขอส่วนลดด้วย", { id: "wamid.ho.2" }))
      await waiting("66880000009")
      await new Promise((r) => setTimeout(r, 800))
      expect(outbound()).toHaveLength(1)
      const { headers } = await adminHeaders(getContainer())
      await api.post(`/admin/whatsapp/conversations/${conv.id}`, { status: "resolved" }, { headers })
      await post(api, inboundText("66880000009", "ขอส่วนลดด้วยครับ", { id: "wamid.ho.3" }))
      await waitFor(async () => outbound().length === 2)
    })

    it("rejects an invalid rule with a clear message", async () => {
      const { headers } = await adminHeaders(getContainer())
      const res = await api
        .post("/admin/whatsapp/reply-rules", { name: "bad", keywords: ["(oops"], match_mode: "regex", actions: [{ type: "opt_out" }] }, { headers })
        .catch((e: any) => e.response)
      expect(res.status).toBe(400)
      expect(res.data.message).toMatch(/invalid regular expression/)
    })

    it("refuses at save a regex RE2 cannot run, naming the rule and why; ^(a+)+$ saves and stays harmless", async () => {
      const { headers } = await adminHeaders(getContainer())
      const save = (name: string, keywords: string[]) =>
        api
          .post("/admin/whatsapp/reply-rules", { name, keywords, match_mode: "regex", actions: [{ type: "opt_out" }] }, { headers })
          .catch((e: any) => e.response)
      const backref = await save("Repeated letters", ["^ok$", "(a)\\1"])
      expect(backref.status).toBe(400)
      expect(backref.data.message).toMatch(/Repeated letters/)
      expect(backref.data.message).toMatch(/keyword 2/)
      expect(backref.data.message).toMatch(/backreferences are not supported/)
      const lookahead = await save("Not after no", ["discount(?!s)"])
      expect(lookahead.status).toBe(400)
      expect(lookahead.data.message).toMatch(/Not after no.*lookahead and lookbehind are not supported/)

      const evil = await save("Evil", ["^(a+)+$"])
      expect(evil.status).toBe(200)
      const rule = evil.data.rule
      // The message that froze the server for seconds under V8's RegExp is answered at once.
      await post(api, inboundText("66890000011", "a".repeat(4095) + "b", { id: "wamid.evil.1" }))
      await waiting("66890000011")
      await post(api, inboundText("66890000011", "aaaa", { id: "wamid.evil.2" }))
      await waitFor(async () => ((await whatsapp().listWhatsappContacts({ wa_id: "66890000011" }))[0]?.marketing_consent === "revoked" ? true : null))
      await api.delete(`/admin/whatsapp/reply-rules/${rule.id}`, { headers })
    })

    it("the test-a-message route says which rule would fire and why, with the inbound path's matcher", async () => {
      const { headers } = await adminHeaders(getContainer())
      await api.post(
        "/admin/whatsapp/reply-rules",
        {
          name: "Size chart (typo-tolerant)",
          keywords: ["size chart"],
          match_mode: "fuzzy",
          fuzzy_threshold: 0.85,
          priority: 5,
          actions: [{ type: "reply_text", text: "Sizes: https://shop.example/sizes" }],
        },
        { headers }
      )
      const test = (body: Record<string, unknown>) => api.post("/admin/whatsapp/auto-reply/test-message", body, { headers }).then((r: any) => r.data)

      const thai = await test({ text: "ขอส่วนลดหน่อยครับ" })
      expect(thai.match).toMatchObject({ mode: "contains", keyword: "ส่วนลด" })
      expect(thai.match.rule_name).toBeTruthy()
      expect(thai.rules.find((r: any) => r.rule_id === thai.match.rule_id)).toMatchObject({ matched: true, reason: "the message contains “ส่วนลด”" })

      const typo = await test({ text: "where is the size chrt?" })
      expect(typo.match).toMatchObject({ rule_name: "Size chart (typo-tolerant)", mode: "fuzzy" })
      expect(typo.rules.find((r: any) => r.rule_name === "Size chart (typo-tolerant)").reason).toMatch(/90% similar \(threshold 85%\)/)

      const miss = await test({ text: "where is the sz chat?" })
      expect(miss.match).toBeNull()
      expect(miss.rules.find((r: any) => r.rule_name === "Size chart (typo-tolerant)").reason).toMatch(/below 85% similar/)

      const long = await test({ text: "x".repeat(4096) + " ส่วนลด" })
      expect(long.truncated).toBe(true)
      expect(long.match).toBeNull()

      // The same message through the webhook gets the rule the box named.
      await post(api, inboundText("66890000012", "where is the size chrt?", { id: "wamid.testbox.1" }))
      await waitFor(async () => outbound().find((o) => o.to === "66890000012" && o.request.text?.body.includes("shop.example/sizes")))

      const bad = await api.post("/admin/whatsapp/auto-reply/test-message", { text: 42 }, { headers }).catch((e: any) => e.response)
      expect(bad.status).toBe(400)
    })
  },
})
