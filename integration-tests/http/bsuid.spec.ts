// WhatsApp's 2026 identities end to end: a username user known only by a business-scoped user id
// (BSUID) writes, is answered, merged with their phone contact when it shows up, reached by
// campaigns and notifications through `recipient`, and refused what needs a phone (131062).
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { whatsappOf } from "../helpers/app"
import { PROMO } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, resetAppSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"
import { envelope, metaJson, sign } from "../helpers/webhooks"

jest.setTimeout(180_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.shared)
const metadata = { display_phone_number: "15550000001", phone_number_id: "100000000000001" }
const AUTH = {
  name: "login_code",
  language: "th",
  category: "AUTHENTICATION",
  components: [{ type: "BODY", text: "รหัสของคุณคือ {{1}}", example: { body_text: [["123456"]] } }],
}

const bsuid = () => `TH.${String(Math.floor(Math.random() * 1e15)).padStart(15, "0")}${Math.floor(Math.random() * 1e5)}`
const phone = () => `6681${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`
const now = () => String(Math.floor(Date.now() / 1000))

/** An inbound text as Meta sends it since 2026: the sender by BSUID, and the phone only when given. */
function inbound(who: { user_id?: string; wa_id?: string; username?: string }, body: string, id = `wamid.b.${Math.random().toString(36).slice(2)}`) {
  return envelope("messages", {
    messaging_product: "whatsapp",
    metadata,
    contacts: [
      {
        profile: { name: "Somsri", ...(who.username ? { username: who.username } : {}) },
        ...(who.user_id ? { user_id: who.user_id } : {}),
        ...(who.wa_id ? { wa_id: who.wa_id } : {}),
      },
    ],
    messages: [
      { ...(who.wa_id ? { from: who.wa_id } : {}), ...(who.user_id ? { from_user_id: who.user_id } : {}), id, timestamp: now(), type: "text", text: { body } },
    ],
  })
}

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    const templates = [...require("../../src/modules/whatsapp/notifications/default-templates.json"), PROMO, AUTH]
    const outbound = () => [...sandbox.state.outbound.values()] as any[]
    const post = (body: unknown) => {
      const raw = metaJson(body)
      return api.post("/hooks/whatsapp", raw, {
        headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
        transformRequest: [(d: unknown) => d],
      })
    }
    const contactsOf = async (where: string, params: unknown[]) =>
      (await pg().raw(`SELECT * FROM whatsapp_contact WHERE deleted_at IS NULL AND (${where}) ORDER BY created_at`, params)).rows
    const processed = () =>
      waitFor(async () => ((await pg().raw(`SELECT count(*)::int n FROM whatsapp_webhook_receipt WHERE status = 'pending'`)).rows[0].n === 0 ? true : null))

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates })
    })
    afterAll(async () => sandbox?.close())
    beforeEach(async () => {
      resetAppSandbox(sandbox, api, { pairRate: false })
      await whatsapp().syncTemplates()
      const settings = await whatsapp().getSetting("auto_reply", {})
      await whatsapp().setSetting("auto_reply", { ...settings, business_hours: null })
      await whatsapp().setSetting("campaigns", { throughput_mps: 1000, messaging_tier: "unlimited", frequency_cap: null, slots: 1 })
    })

    it("a BSUID-only ส่วนลด is stored on a contact keyed by the BSUID and answered with a real code through `recipient`", async () => {
      // The sandbox's username user: its webhook names the sender by BSUID only (no from, no wa_id).
      const { id } = await sandbox.inbound({ from: phone(), username: "somsri.shop", name: "Somsri", text: "ส่วนลด" })
      const hook = JSON.parse(await waitFor(async () => sandbox.state.webhookLog.find((d) => d.body.includes(id))?.body))
      const value = hook.entry[0].changes[0].value
      expect(value.messages[0].from).toBeUndefined()
      expect(value.contacts[0].wa_id).toBeUndefined()
      const user_id = value.messages[0].from_user_id
      expect(user_id).toMatch(/^TH\.\d+$/)
      const reply = await waitFor(async () => outbound().find((o) => o.type === "text" && o.request.recipient === user_id))
      expect(reply.request.to).toBeUndefined()
      const code = reply.request.text.body.match(/WA-[A-Z0-9]{8}/)![0]
      const promos = await getContainer().resolve(Modules.PROMOTION).listPromotions({ code })
      expect(promos).toHaveLength(1)
      const [contact] = await contactsOf("user_id = ?", [user_id])
      expect(contact).toMatchObject({ wa_id: null, user_id, username: "somsri.shop", profile_name: "Somsri" })
      const { rows: msgs } = await pg().raw(`SELECT direction, wa_id, user_id, status FROM whatsapp_message WHERE contact_id = ? ORDER BY created_at`, [
        contact.id,
      ])
      expect(msgs.map((m: any) => m.direction)).toEqual(["inbound", "outbound"])
      expect(msgs[1]).toMatchObject({ wa_id: null, user_id })
      // The status webhooks name the recipient by recipient_user_id only (no recipient_id): they still apply.
      await waitFor(async () =>
        (await pg().raw(`SELECT status FROM whatsapp_message WHERE contact_id = ? AND direction = 'outbound'`, [contact.id])).rows[0].status === "read"
          ? true
          : null
      )
    })

    it("with usernameShare 1 every sandbox user is a username user: STOP opts out and is confirmed through `recipient`; user_preferences by BSUID", async () => {
      sandbox.patchConfig({ usernameShare: 1 })
      const wa = phone()
      const { id } = await sandbox.inbound({ from: wa, text: "STOP" })
      const hook = JSON.parse(sandbox.state.webhookLog.find((d) => d.body.includes(id))!.body)
      const user_id = hook.entry[0].changes[0].value.messages[0].from_user_id
      expect(hook.entry[0].changes[0].value.messages[0].from).toBeUndefined()
      const confirmed = await waitFor(async () => outbound().find((o) => o.request.recipient === user_id))
      expect(confirmed.request.to).toBeUndefined()
      const optedOut = await waitFor(async () => (await contactsOf("user_id = ? AND marketing_consent = 'revoked'", [user_id]))[0])
      expect(optedOut.wa_id).toBeNull()
      // Meta's own stop/resume (user_preferences) names the username user by BSUID too. Its
      // timestamp has whole seconds: a second later, so it is newer than the keyword's opt-out.
      await new Promise((r) => setTimeout(r, 1100))
      await sandbox.setUserPreference(wa, "resume")
      await waitFor(async () => (await contactsOf("user_id = ? AND marketing_consent = 'granted'", [user_id]))[0])
      expect(await contactsOf("user_id = ?", [user_id])).toHaveLength(1)
    })

    it("the admin shows a username user like any other: customer widget, inbox list and conversation", async () => {
      const { headers } = await adminHeaders(getContainer())
      const user_id = bsuid()
      await post(inbound({ user_id, username: "nok.shop" }, "สอบถามค่ะ"))
      await processed()
      const [contact] = await contactsOf("user_id = ?", [user_id])
      const customer = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers({ first_name: "นก", email: `a${Math.random()}@x.test` })
      await pg().raw(`UPDATE whatsapp_contact SET customer_id = ? WHERE id = ?`, [customer.id, contact.id])
      const { data: widget } = await api.get(`/admin/whatsapp/customers/${customer.id}`, { headers })
      expect(widget.wa_id).toBeNull()
      expect(widget.contact).toMatchObject({ user_id, username: "nok.shop", wa_id: null })
      expect(widget.messages).toHaveLength(1)
      // Consent can be recorded without a phone: it goes to the BSUID contact.
      const { data: consent } = await api.post(`/admin/whatsapp/customers/${customer.id}/consent`, { purpose: "marketing", consent: "granted" }, { headers })
      expect(consent.contact).toMatchObject({ id: contact.id, marketing_consent: "granted" })
      const { data: inbox } = await api.get(`/admin/whatsapp/conversations`, { headers })
      const row = inbox.conversations.find((c: any) => c.contact_id === contact.id)
      expect(row).toMatchObject({ wa_id: null, user_id, username: "nok.shop" })
      const { data: pane } = await api.get(`/admin/whatsapp/conversations/${row.id}`, { headers })
      expect(pane.contact).toMatchObject({ user_id, username: "nok.shop" })
    })

    it("a BSUID-only contact that later shows its phone is merged into the phone contact, never duplicated", async () => {
      const user_id = bsuid()
      const wa_id = phone()
      const customer = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers({ first_name: "สมศรี", phone: `+${wa_id}`, email: `m${Math.random()}@x.test` })
      await whatsapp().linkContactToCustomer(wa_id, customer.id)
      await post(inbound({ user_id }, "สวัสดี"))
      await processed()
      expect(await contactsOf("user_id = ? OR wa_id = ?", [user_id, wa_id])).toHaveLength(2)
      // The same user, now with both: one contact, the phone one, with the BSUID and both messages.
      await post(inbound({ user_id, wa_id }, "ขอบคุณ"))
      await processed()
      const live = await contactsOf("user_id = ? OR wa_id = ?", [user_id, wa_id])
      expect(live).toHaveLength(1)
      expect(live[0]).toMatchObject({ wa_id, user_id, customer_id: customer.id })
      const { rows: msgs } = await pg().raw(`SELECT contact_id, customer_id FROM whatsapp_message WHERE direction = 'inbound' AND (wa_id = ? OR user_id = ?)`, [
        wa_id,
        user_id,
      ])
      expect(msgs).toHaveLength(2)
      expect(new Set(msgs.map((m: any) => `${m.contact_id}:${m.customer_id}`))).toEqual(new Set([`${live[0].id}:${customer.id}`]))
      const { rows: conv } = await pg().raw(
        `SELECT c.id FROM whatsapp_conversation c JOIN whatsapp_contact ct ON ct.id = c.contact_id WHERE c.deleted_at IS NULL AND ct.user_id = ?`,
        [user_id]
      )
      expect(conv).toHaveLength(1)
      const { rows: gone } = await pg().raw(`SELECT metadata FROM whatsapp_contact WHERE deleted_at IS NOT NULL AND metadata->>'merged_into' = ?`, [live[0].id])
      expect(gone).toHaveLength(1)
    })

    it("a BSUID-only contact whose phone shows up is linked to the Medusa customer with that phone", async () => {
      const user_id = bsuid()
      const wa_id = phone()
      await post(inbound({ user_id }, "สวัสดี"))
      await processed()
      const customer = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers({ first_name: "ก", phone: `0${wa_id.slice(2)}`, email: `l${Math.random()}@x.test` })
      await post(inbound({ user_id, wa_id }, "อีกครั้ง"))
      const linked = await waitFor(async () => (await contactsOf("user_id = ?", [user_id])).find((c: any) => c.customer_id === customer.id))
      expect(linked.wa_id).toBe(wa_id)
      expect(await contactsOf("user_id = ? OR wa_id = ?", [user_id, wa_id])).toHaveLength(1)
    })

    it("user_id_update webhooks and user_changed_user_id system messages move the contact to its new BSUID", async () => {
      const first = bsuid()
      const second = bsuid()
      const third = bsuid()
      await post(inbound({ user_id: first }, "hi"))
      await processed()
      await post(
        envelope("user_id_update", {
          messaging_product: "whatsapp",
          metadata,
          user_id_update: [{ user_id: { previous: first, current: second }, timestamp: now() }],
        })
      )
      await processed()
      const [moved] = await contactsOf("user_id = ?", [second])
      expect(moved).toBeTruthy()
      expect(moved.metadata.previous_user_id).toBe(first)
      await post(
        envelope("messages", {
          messaging_product: "whatsapp",
          metadata,
          messages: [
            {
              id: `wamid.sys.${Date.now()}`,
              timestamp: now(),
              type: "system",
              system: { type: "user_changed_user_id", body: "changed", user_id: third, previous_user_id: second },
            },
          ],
        })
      )
      await processed()
      const [again] = await contactsOf("user_id = ?", [third])
      expect(again.id).toBe(moved.id)
      expect(await contactsOf("user_id = ANY(?)", [[first, second, third]])).toHaveLength(1)
      // A system message is not conversation: nothing was answered.
      expect(outbound().filter((o) => o.request.recipient === third || o.request.recipient === second)).toHaveLength(0)
    })

    it("user_changed_number moves the contact, its history and consent to the new number; a contact already on it is merged", async () => {
      const oldPhone = `668${String(Date.now()).slice(-8)}`
      const newPhone = `669${String(Date.now()).slice(-8)}`
      await post(inbound({ wa_id: oldPhone }, "hi"))
      await post(inbound({ wa_id: newPhone }, "hello from the new phone"))
      await processed()
      const [before] = await contactsOf("wa_id = ?", [oldPhone])
      await pg().raw(`UPDATE whatsapp_contact SET marketing_consent = 'granted', marketing_consent_at = now() WHERE id = ?`, [before.id])
      await post(
        envelope("messages", {
          messaging_product: "whatsapp",
          metadata,
          messages: [
            {
              from: oldPhone,
              id: `wamid.sysn.${Date.now()}`,
              timestamp: now(),
              type: "system",
              system: { type: "user_changed_number", body: `Somsri changed from ${oldPhone} to ${newPhone}`, wa_id: newPhone },
            },
          ],
        })
      )
      await processed()
      const live = await contactsOf("wa_id = ANY(?)", [[oldPhone, newPhone]])
      expect(live).toHaveLength(1)
      expect(live[0]).toMatchObject({ id: before.id, wa_id: newPhone, marketing_consent: "granted" })
      expect(live[0].metadata.previous_wa_id).toBe(oldPhone)
      const { rows } = await pg().raw(`SELECT count(*)::int AS n FROM whatsapp_message WHERE contact_id = ? AND direction = 'inbound'`, [before.id])
      expect(rows[0].n).toBe(2)
    })

    it("a failed status without contacts or recipient ids still fails the message", async () => {
      const user_id = bsuid()
      await post(inbound({ user_id }, "hello"))
      await processed()
      sandbox.patchConfig({ failNext: [{ code: 131026, async: true }] })
      const out = await whatsapp().sendMessage({ idempotency_key: `t:${user_id}`, user_id, request: { type: "text", text: { body: "x" } } })
      expect(out.outcome).toBe("sent")
      const failed = await waitFor(async () => {
        const { rows } = await pg().raw(`SELECT status, error_code FROM whatsapp_message WHERE id = ?`, [out.message.id])
        return rows[0].status === "failed" ? rows[0] : null
      })
      expect(failed.error_code).toBe(131026)
      const hook = sandbox.state.webhookLog.map((d) => JSON.parse(d.body)).find((b) => b.entry[0].changes[0].value.statuses?.[0]?.status === "failed")
      expect(hook.entry[0].changes[0].value.contacts).toBeUndefined()
    })

    it("a campaign reaches a BSUID-only contact through `recipient`; a 131062 answer fails that recipient once, with why, and the campaign goes on", async () => {
      const a = bsuid()
      const b = bsuid()
      for (const user_id of [a, b]) {
        await pg().raw(
          `INSERT INTO whatsapp_contact (id, user_id, marketing_consent, marketing_consent_at) VALUES (?, ?, 'granted', now() - interval '1 day')`,
          [`wacon_b${Math.random().toString(36).slice(2)}`, user_id]
        )
      }
      // Only the BSUID contacts of this test get consent: the audience is every consented contact.
      await pg().raw(`UPDATE whatsapp_contact SET marketing_consent = 'revoked' WHERE user_id IS DISTINCT FROM ? AND user_id IS DISTINCT FROM ?`, [a, b])
      const { headers } = await adminHeaders(getContainer())
      const { data } = await api.post(
        "/admin/whatsapp/campaigns",
        {
          name: "BSUID",
          template_name: "summer_promo",
          template_language: "th",
          discount_code: "SUMMER10",
          cta: { payload: "YES" },
          parameters: [
            { component: "body", source: "customer.first_name", fallback: "ลูกค้า" },
            { component: "body", source: "campaign.discount_code" },
          ],
        },
        { headers }
      )
      sandbox.patchConfig({ failNext: [{ code: 131062, async: false }] })
      await api.post(`/admin/whatsapp/campaigns/${data.campaign.id}/start`, {}, { headers })
      await waitFor(async () => ((await whatsapp().campaigns().get(data.campaign.id)).status === "completed" ? true : null), { timeout: 60_000 })
      const sent = outbound().filter((o) => o.template?.name === "summer_promo")
      expect(sent).toHaveLength(1)
      expect(sent[0].request.to).toBeUndefined()
      expect([a, b]).toContain(sent[0].request.recipient)
      const { rows } = await pg().raw(`SELECT status, reason, attempts FROM whatsapp_campaign_recipient WHERE campaign_id = ? ORDER BY status`, [
        data.campaign.id,
      ])
      expect(rows.map((r: any) => r.status)).toEqual(["failed", "sent"])
      expect(rows[0].attempts).toBe(1)
      expect(rows[0].reason).toMatch(/^131062: .*need a phone number/)
    })

    it("a notification reaches a customer known only by BSUID through `recipient`; an authentication template is refused before sending", async () => {
      const user_id = bsuid()
      const container = getContainer()
      const customer = await container.resolve(Modules.CUSTOMER).createCustomers({ first_name: "สมศรี", email: `n${Math.random()}@x.test` })
      await pg().raw(`INSERT INTO whatsapp_contact (id, user_id, customer_id, transactional_consent) VALUES (?, ?, ?, 'granted')`, [
        `wacon_n${Math.random().toString(36).slice(2)}`,
        user_id,
        customer.id,
      ])
      const regions = container.resolve(Modules.REGION)
      const region =
        (await regions.listRegions({ name: "Thailand" }))[0] ?? (await regions.createRegions({ name: "Thailand", currency_code: "thb", countries: ["th"] }))
      const { result: order } = await createOrderWorkflow(container).run({
        input: {
          region_id: region.id,
          customer_id: customer.id,
          email: customer.email,
          currency_code: "thb",
          items: [{ title: "เสื้อยืด", quantity: 1, unit_price: 450 }],
          shipping_address: { first_name: "สมศรี", country_code: "th" },
        } as any,
      })
      await container.resolve(Modules.EVENT_BUS).emit({ name: "order.placed", data: { id: order.id } })
      const msg = await waitFor(async () => outbound().find((o) => o.template?.name === "order_placed" && o.request.recipient === user_id))
      expect(msg.request.to).toBeUndefined()
      const [n] = await waitFor(async () => {
        const list = await whatsapp().listWhatsappNotifications({ order_id: order.id })
        return list[0]?.status === "sent" ? list : null
      })
      expect(n.status).toBe("sent")

      // Authentication templates need a phone (Meta 131062): refused here, nothing reaches the API.
      const before = outbound().length
      const out = await whatsapp().sendMessage({
        idempotency_key: `otp:${user_id}`,
        user_id,
        request: {
          type: "template",
          template: { name: "login_code", language: { code: "th" }, components: [{ type: "body", parameters: [{ type: "text", text: "123456" }] }] },
        },
      })
      expect(out.outcome).toBe("failed")
      expect(out.message).toMatchObject({ status: "failed", error_code: 131062 })
      expect(out.message.error_details).toMatch(/refused before sending: 131062: authentication templates need a phone number/)
      expect(outbound().length).toBe(before)
      // A resend goes to the same BSUID and is refused the same way.
      const again = await whatsapp().resendMessage(out.message.id)
      expect(again.outcome).toBe("failed")
      expect(again.message).toMatchObject({ user_id, error_code: 131062 })
      expect(outbound().length).toBe(before)
    })
  },
})
