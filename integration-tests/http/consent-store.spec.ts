import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createApiKeysWorkflow } from "@medusajs/medusa/core-flows"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { envelope, inboundText, metaJson, sign } from "../helpers/webhooks"
import { whatsappOf } from "../helpers/app"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, resetAppSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"
import { CONFIRMED_REPLY } from "../../src/modules/whatsapp/consent/domain/store"
import consentExpiryJob from "../../src/jobs/whatsapp-consent-expiry"

jest.setTimeout(180_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.shared)
const UA = "Mozilla/5.0 (consent-store.spec)"
const FORM = { wording: "ส่งข่าวสารและโปรโมชันทาง WhatsApp ให้ฉัน", wording_version: "checkout-2026-12", source: "checkout" }

const post = (api: any, body: unknown) => {
  const raw = metaJson(body)
  return api.post("/hooks/whatsapp", raw, {
    headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
    transformRequest: [(d: unknown) => d],
  })
}

/** The customer presses the confirmation's quick-reply button. */
const pressYes = (from: string, id: string, context: string, payload: string) =>
  envelope("messages", {
    messaging_product: "whatsapp",
    metadata: { display_phone_number: "15550000001", phone_number_id: "100000000000001" },
    contacts: [{ profile: { name: "Fon" }, wa_id: from }],
    messages: [
      {
        from,
        id,
        timestamp: String(Math.floor(Date.now() / 1000)),
        type: "button",
        context: { from: "15550000001", id: context },
        button: { payload, text: "YES" },
      },
    ],
  })

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    let key: string
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const ok = (p: Promise<any>) => p.catch((e: any) => e.response)
    const store = () => ({ headers: { "x-publishable-api-key": key, "user-agent": UA } })
    const outbound = () => [...sandbox.state.outbound.values()]
    const counts = async () => {
      const { rows } = await pg().raw(
        `SELECT (SELECT count(*) FROM whatsapp_contact)::int AS contacts, (SELECT count(*) FROM whatsapp_consent_event)::int AS events,
                (SELECT count(*) FROM whatsapp_consent_request)::int AS requests`
      )
      return rows[0]
    }
    const contactOf = async (wa_id: string) => (await whatsapp().listWhatsappContacts({ wa_id }))[0]
    const eventsOf = async (contact_id: string) =>
      (await pg().raw(`SELECT * FROM whatsapp_consent_event WHERE contact_id = ? ORDER BY created_at, id`, [contact_id])).rows

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates: require("../../sandbox/seed-templates.json") })
    })
    afterAll(async () => sandbox?.close())
    beforeEach(async () => {
      resetAppSandbox(sandbox, api)
      whatsapp().setClock(null)
      await whatsapp().syncTemplates()
      const settings = await whatsapp().getSetting("auto_reply", {})
      await whatsapp().setSetting("auto_reply", { ...settings, business_hours: null })
      const { result } = await createApiKeysWorkflow(getContainer()).run({
        input: { api_keys: [{ title: "Storefront", type: "publishable", created_by: "consent-store.spec" }] },
      })
      key = result[0].token
    })
    afterEach(() => whatsapp().setClock(null))

    it("a guest's form grants transactional at once, puts marketing on double opt-in with proof and sends optin_confirm", async () => {
      const res = await api.post("/store/whatsapp/consent", { ...FORM, phone: "081-555-0101", purposes: { marketing: true, transactional: true } }, store())
      expect(res.status).toBe(202)
      expect(res.data.consent.phone).toBe("+66815550101")
      expect(res.data.consent.transactional.state).toBe("granted")
      expect(res.data.consent.marketing.state).toBe("unknown")
      expect(res.data.consent.marketing.pending.id).toBe(res.data.double_opt_in.request_id)
      expect(res.data.double_opt_in.confirmation).toMatchObject({ sent: true, template: { name: "optin_confirm", language: "th" } })

      const sent = await waitFor(async () => outbound().find((o) => o.to === "66815550101"))
      expect(sent.type).toBe("template")
      expect(sent.template).toMatchObject({ name: "optin_confirm", language: "th", category: "UTILITY" })
      expect(JSON.stringify(sent.request)).toContain("WA_CONSENT_YES")

      const contact = await contactOf("66815550101")
      expect(contact.customer_id).toBeNull()
      const events = await eventsOf(contact.id)
      expect(events.map((e: any) => [e.purpose, e.old_state, e.new_state, e.source, e.actor_type])).toEqual([
        ["transactional", "unknown", "granted", "checkout", "customer"],
        ["marketing", "unknown", "pending", "checkout", "customer"],
      ])
      for (const e of events) expect(e).toMatchObject({ wording: FORM.wording, wording_version: FORM.wording_version, user_agent: UA })
      expect(events[0].ip).toBeTruthy()

      const read = await whatsapp().consentOf(contact)
      expect(read).toMatchObject({ transactional: { state: "granted" }, marketing: { state: "unknown" } })
      expect(read.marketing.pending.id).toBe(res.data.double_opt_in.request_id)
      // A guest cannot read any phone's consent (the publishable key is public), and nothing is created.
      const guestRead = await ok(api.get("/store/whatsapp/consent?phone=0815550199", store()))
      expect(guestRead.status).toBe(401)
      expect(await contactOf("66815550199")).toBeUndefined()
    })

    it("a bad phone, an unknown purpose, a missing field or a missing publishable key is refused and writes nothing", async () => {
      const before = await counts()
      const badPhone = await ok(api.post("/store/whatsapp/consent", { ...FORM, phone: "12345", purposes: { marketing: true } }, store()))
      expect(badPhone.status).toBe(400)
      expect(badPhone.data.message).toMatch(/^phone: /)
      const noPhone = await ok(api.post("/store/whatsapp/consent", { ...FORM, purposes: { marketing: true } }, store()))
      expect(noPhone.status).toBe(400)
      expect(noPhone.data.message).toMatch(/phone: required for a guest/)
      const badPurpose = await ok(api.post("/store/whatsapp/consent", { ...FORM, phone: "0815550102", purposes: { marketing: true, sms: true } }, store()))
      expect(badPurpose.status).toBe(400)
      expect(badPurpose.data.message).toMatch(/sms/)
      const noPurpose = await ok(api.post("/store/whatsapp/consent", { ...FORM, phone: "0815550102", purposes: {} }, store()))
      expect(noPurpose.status).toBe(400)
      expect(noPurpose.data.message).toMatch(/purposes/)
      const noWording = await ok(
        api.post("/store/whatsapp/consent", { ...FORM, wording: undefined, phone: "0815550102", purposes: { marketing: true } }, store())
      )
      expect(noWording.status).toBe(400)
      expect(noWording.data.message).toMatch(/wording/)
      const badSource = await ok(api.post("/store/whatsapp/consent", { ...FORM, source: "admin", phone: "0815550102", purposes: { marketing: true } }, store()))
      expect(badSource.status).toBe(400)
      expect(badSource.data.message).toMatch(/source/)
      const noKey = await ok(api.post("/store/whatsapp/consent", { ...FORM, phone: "0815550102", purposes: { marketing: true } }))
      expect(noKey.status).toBe(400)
      expect(noKey.data.message).toMatch(/Publishable API key required/)
      const wrongKey = await ok(
        api.post(
          "/store/whatsapp/consent",
          { ...FORM, phone: "0815550102", purposes: { marketing: true } },
          { headers: { "x-publishable-api-key": "pk_nope" } }
        )
      )
      expect(wrongKey.status).toBe(400)
      expect(await counts()).toEqual(before)
      expect(outbound()).toHaveLength(0)
    })

    it("double opt-in: pressing YES on the confirmation grants marketing (double_opt_in) and answers it instead of the discount rule", async () => {
      const res = await api.post("/store/whatsapp/consent", { ...FORM, phone: "0815550103", purposes: { marketing: true } }, store())
      const confirmation = await waitFor(async () => outbound().find((o) => o.to === "66815550103"))
      await post(api, pressYes("66815550103", "wamid.optin.yes.1", confirmation.id, "WA_CONSENT_YES"))

      const contact = await waitFor(async () => ((await contactOf("66815550103"))?.marketing_consent === "granted" ? contactOf("66815550103") : null))
      expect(contact.marketing_consent_source).toBe("double_opt_in")
      const events = await eventsOf(contact.id)
      expect(events.map((e: any) => [e.old_state, e.new_state, e.source])).toEqual([
        ["unknown", "pending", "checkout"],
        ["unknown", "granted", "double_opt_in"],
      ])
      expect(events[1]).toMatchObject({ request_id: res.data.double_opt_in.request_id, wording: FORM.wording, user_agent: UA, reference: "wamid.optin.yes.1" })
      const { rows: requests } = await pg().raw(`SELECT status FROM whatsapp_consent_request WHERE id = ?`, [res.data.double_opt_in.request_id])
      expect(requests[0].status).toBe("confirmed")

      const reply = await waitFor(async () => outbound().find((o) => o.to === "66815550103" && o.type === "text"))
      expect(reply.request.text!.body).toBe(CONFIRMED_REPLY.th)
      await new Promise((r) => setTimeout(r, 500))
      expect(outbound().filter((o) => o.to === "66815550103")).toHaveLength(2)
      expect(await getContainer().resolve(Modules.PROMOTION).listPromotions({})).toHaveLength(0)

      const read = await whatsapp().consentOf(await contactOf("66815550103"))
      expect(read.marketing).toMatchObject({ state: "granted", source: "double_opt_in", pending: null })
    })

    it("an unconfirmed request expires (job) with an event, and a late YES grants nothing", async () => {
      const res = await api.post("/store/whatsapp/consent", { ...FORM, phone: "0815550104", purposes: { marketing: true }, language: "en" }, store())
      expect(res.data.double_opt_in.confirmation.template).toEqual({ name: "optin_confirm", language: "en" })
      whatsapp().setClock(() => new Date(Date.now() + 49 * 3_600_000))
      await consentExpiryJob(getContainer())
      const { rows: requests } = await pg().raw(`SELECT status FROM whatsapp_consent_request WHERE id = ?`, [res.data.double_opt_in.request_id])
      expect(requests[0].status).toBe("expired")
      const contact = await contactOf("66815550104")
      expect((await eventsOf(contact.id)).map((e: any) => [e.new_state, e.source, e.actor_type])).toEqual([
        ["pending", "checkout", "customer"],
        ["expired", "double_opt_in", "system"],
      ])

      // Back to the real time: the request stays expired, and a YES now is only a YES.
      whatsapp().setClock(null)
      await post(api, inboundText("66815550104", "YES", { id: "wamid.optin.late.1" }))
      // The YES went on to the reply rules (it was answered), and marketing stayed as it was.
      const reply = await waitFor(async () => outbound().find((o) => o.to === "66815550104" && o.type === "text"))
      expect(reply.request.text!.body).not.toBe(CONFIRMED_REPLY.en)
      expect((await contactOf("66815550104")).marketing_consent).toBe("unknown")
      expect(await eventsOf(contact.id)).toHaveLength(2)
    })

    it("opting out from the store is the customer's own stop: an admin re-grant then needs proof (409)", async () => {
      const customer = await getContainer().resolve(Modules.CUSTOMER).createCustomers({ first_name: "Fon", phone: "0815550105", email: "fon@example.com" })
      const admin = (await adminHeaders(getContainer())).headers
      await api.post(`/admin/whatsapp/customers/${customer.id}/consent`, { purpose: "marketing", consent: "granted" }, { headers: admin })

      const out = await api.post("/store/whatsapp/consent/opt-out", { phone: "0815550105", source: "account" }, store())
      expect(out.status).toBe(200)
      expect(out.data.consent.marketing).toMatchObject({ state: "revoked", source: "store_opt_out:account" })
      const bad = await ok(api.post("/store/whatsapp/consent/opt-out", { phone: "0815550105", purposes: ["sms"] }, store()))
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/purposes/)

      const refused = await ok(api.post(`/admin/whatsapp/customers/${customer.id}/consent`, { purpose: "marketing", consent: "granted" }, { headers: admin }))
      expect(refused.status).toBe(409)
      expect(refused.data.stop_source).toBe("store_opt_out")
    })
  },
})
