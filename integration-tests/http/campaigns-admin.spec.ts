import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { whatsappOf } from "../helpers/app"
import { PROMO_PARAMS, PROMO_WITH_FOOTER as PROMO } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, resetAppSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"

jest.setTimeout(180_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.campaignsAdmin)

const WINBACK = {
  name: "winback_promo",
  language: "en",
  category: "MARKETING",
  components: [{ type: "BODY", text: "We miss you {{1}}! Come back to {{2}}.", example: { body_text: [["Ana", "the shop"]] } }],
}
const PROMO_SPEC = { template_name: "summer_promo", template_language: "th", discount_code: "SUMMER10", parameters: PROMO_PARAMS, cta: { payload: "YES" } }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    let headers: any
    let userId: string
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    const post = (path: string, body: unknown) => api.post(`/admin/whatsapp/campaigns${path}`, body, { headers, validateStatus: () => true })
    const get = (path: string) => api.get(`/admin/whatsapp/campaigns${path}`, { headers, validateStatus: () => true })

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates: [PROMO as any, WINBACK as any] })
    })
    afterAll(async () => sandbox?.close())
    beforeEach(async () => {
      resetAppSandbox(sandbox, api, { pairRate: false })
      await whatsapp().syncTemplates()
      const admin = await adminHeaders(getContainer())
      headers = admin.headers
      userId = admin.user.id
      await pg().raw(`DELETE FROM whatsapp_setting WHERE key IN ('campaigns', 'campaign_pricing')`)
      await whatsapp().setSetting("campaigns", { throughput_mps: 1000, messaging_tier: "unlimited", frequency_cap: null, slots: 2 })
    })

    /** Customers with a consented WhatsApp contact (Thai numbers); returns customers and wa_ids. */
    async function customers(names: (string | null)[], opts: { consent?: string; inboundAgoMs?: number | null } = {}) {
      const created = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers(names.map((first_name) => ({ first_name, last_name: "Tester", email: `c-${Math.random().toString(36).slice(2)}@x.test` })))
      const was: string[] = []
      for (const c of created) {
        const wa = `6681${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`
        was.push(wa)
        await pg().raw(
          `INSERT INTO whatsapp_contact (id, wa_id, customer_id, marketing_consent, marketing_consent_at, last_inbound_at)
           VALUES (?, ?, ?, ?, now() - interval '1 day', ?)`,
          [
            `wacon_t${Math.random().toString(36).slice(2)}`,
            wa,
            c.id,
            opts.consent ?? "granted",
            opts.inboundAgoMs == null ? null : new Date(Date.now() - opts.inboundAgoMs),
          ]
        )
      }
      return { customers: created, was }
    }

    async function createCampaign(body: Record<string, unknown> = {}) {
      const r = await post("", { name: "Summer", ...PROMO_SPEC, ...body })
      expect(r.status).toBe(201)
      return r.data.campaign
    }
    const untilStatus = (id: string, status: string, timeout = 60_000) =>
      waitFor(async () => ((await whatsapp().campaigns().get(id)).status === status ? true : null), { timeout })

    it("previews the message with the first consented customer's real name, or the one picked, as the sandbox renders it", async () => {
      await customers([null], { consent: "revoked" })
      const {
        customers: [somsri],
      } = await customers(["Somsri"])
      const {
        customers: [anong],
      } = await customers(["Anong"])
      const first = await post("/preview", PROMO_SPEC)
      expect(first.status).toBe(200)
      const p = first.data.preview
      // The revoked contact is created first but is not a recipient: the preview skips them.
      expect(p.customer).toMatchObject({ id: somsri.id, first_name: "Somsri", marketing_consent: "granted" })
      expect(p.candidates.map((c: any) => c.id)).toEqual(expect.arrayContaining([somsri.id, anong.id]))
      expect(p.ok).toBe(true)
      expect(p.message.body).toBe("สวัสดีคุณ Somsri ใช้โค้ด SUMMER10 รับส่วนลด")
      expect(p.message.buttons).toEqual([{ type: "QUICK_REPLY", text: "YES", payload: "YES" }])
      expect(p.warnings).toEqual([])

      const picked = (await post("/preview", { ...PROMO_SPEC, customer_id: anong.id })).data.preview
      expect(picked.customer.first_name).toBe("Anong")
      expect(picked.message.body).toContain("Anong")
      const searched = (await post("/preview", { ...PROMO_SPEC, customer_search: "anon" })).data.preview
      expect(searched.candidates.map((c: any) => c.id)).toEqual([anong.id])

      // The same request, really sent, reads the same at the other end.
      const sent = await post("/test-send", { ...PROMO_SPEC, to: "+66 81 000 0001", customer_id: anong.id })
      expect(sent.status).toBe(200)
      const out = [...sandbox.state.outbound.values()][0] as any
      expect(out.preview.body).toBe(picked.message.body)

      expect((await post("/preview", { ...PROMO_SPEC, customer_id: "cus_nope" })).status).toBe(404)
      expect((await post("/preview", { ...PROMO_SPEC, template_name: "nope" })).status).toBe(400)
      expect((await post("/preview", { template_name: "summer_promo" })).status).toBe(400)
    })

    it("test send: normalises the number, reaches the sandbox once, is recorded as campaign_test and counts in no campaign", async () => {
      const c = await createCampaign()
      const r = await post("/test-send", { ...PROMO_SPEC, to: "081-234-5678" })
      expect(r.status).toBe(200)
      expect(r.data.to).toBe("66812345678")
      expect(sandbox.state.outbound.size).toBe(1)
      const out = [...sandbox.state.outbound.values()][0] as any
      expect(out.to).toBe("66812345678")
      // No customer behind this number: the fallback fills the name.
      expect(out.preview.body).toBe("สวัสดีคุณ ลูกค้า ใช้โค้ด SUMMER10 รับส่วนลด")
      const { rows } = await pg().raw(`SELECT source, metadata, wamid FROM whatsapp_message WHERE wa_id = '66812345678'`)
      expect(rows).toHaveLength(1)
      expect(rows[0].source).toBe("campaign_test")
      expect(rows[0].metadata.campaign_id).toBeUndefined()
      expect(rows[0].wamid).toBe(out.id)
      const detail = (await get(`/${c.id}`)).data
      expect(detail.stats).toMatchObject({ recipients: 0, sent: 0 })

      // The same Idempotency-Key twice sends once.
      const key = { ...headers, "idempotency-key": "k-1" }
      await api.post("/admin/whatsapp/campaigns/test-send", { ...PROMO_SPEC, to: "0812345679" }, { headers: key })
      const again = await api.post("/admin/whatsapp/campaigns/test-send", { ...PROMO_SPEC, to: "0812345679" }, { headers: key })
      expect(again.data.duplicate).toBe(true)
      expect(sandbox.state.outbound.size).toBe(2)
    })

    it("test send refuses an invalid number, an unapproved template and free-form text outside the 24 h window", async () => {
      for (const to of ["12", "hello", "+1 555"]) {
        const r = await post("/test-send", { ...PROMO_SPEC, to })
        expect(r.status).toBe(400)
        expect(r.data.message).toMatch(/Invalid phone number/)
      }
      expect((await post("/test-send", { ...PROMO_SPEC, to: "" })).status).toBe(400)
      await pg().raw(`UPDATE whatsapp_template SET status = 'PAUSED' WHERE name = 'summer_promo'`)
      const paused = await post("/test-send", { ...PROMO_SPEC, to: "0812345678" })
      expect(paused.status).toBe(400)
      expect(paused.data.message).toMatch(/PAUSED, not APPROVED/)

      const {
        was: [outside],
      } = await customers(["Out"], { inboundAgoMs: 30 * 3600_000 })
      const {
        was: [inside],
      } = await customers(["In"], { inboundAgoMs: 3600_000 })
      const text = { message_kind: "text", text: "Hi {{first_name}}, code {{discount_code}}", discount_code: "X1" }
      const refused = await post("/test-send", { ...text, to: `+${outside}` })
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/24 hours/)
      expect(sandbox.state.outbound.size).toBe(0)
      const ok = await post("/test-send", { ...text, to: `+${inside}` })
      expect(ok.status).toBe(200)
      // The number belongs to a customer: their name is used.
      expect(([...sandbox.state.outbound.values()][0] as any).request.text.body).toBe("Hi In, code X1")
    })

    it("settings and price table round-trip, bad input is a 400 that changes nothing, and the price table prices the estimate", async () => {
      const initial = (await get("/settings")).data
      expect(initial.settings).toMatchObject({ throughput_mps: 1000, messaging_tier: null, slots: 2 })
      expect(initial.price_table.default.marketing).toBe(0.0732)

      const saved = await post("/settings", {
        settings: {
          throughput_mps: 40,
          messaging_tier: 10000,
          frequency_cap: { max: 1, days: 3 },
          quiet_hours: { start: "21:00", end: "08:30", zone: "customer" },
          pair_rate_interval_ms: 7000,
          attribution_window_days: 14,
        },
      })
      expect(saved.status).toBe(200)
      const after = (await get("/settings")).data.settings
      expect(after).toMatchObject({
        throughput_mps: 40,
        messaging_tier: 10000,
        frequency_cap: { max: 1, days: 3 },
        pair_rate_interval_ms: 7000,
        attribution_window_days: 14,
        slots: 2,
        quiet_hours: { start: "21:00", end: "08:30", zone: "customer" },
      })
      // A new campaign takes the attribution window from the settings.
      expect((await createCampaign()).attribution_window_days).toBe(14)

      for (const bad of [
        { settings: { throughput_mps: -1 } },
        { settings: { messaging_tier: 5 } },
        { settings: { quiet_hours: { start: "9am", end: "10:00", zone: "store" } } },
        { settings: { quiet_hours: { start: "10:00", end: "10:00", zone: "store" } } },
        { settings: { nonsense: 1 } },
        { price_table: { currency: "USD", default: { marketing: -2 } } },
        { price_table: { currency: "USD", default: {}, countries: { ZZ: { marketing: 1 } } } },
        {},
      ]) {
        const r = await post("/settings", bad)
        expect([bad, r.status]).toEqual([bad, 400])
      }
      expect((await get("/settings")).data.settings).toEqual(after)

      const { was } = await customers(["A", "B", "C"])
      await pg().raw(`UPDATE whatsapp_contact SET marketing_consent = 'revoked' WHERE wa_id <> ALL(?)`, [was])
      const before = (await post("/estimate", {})).data.estimate
      expect(before.cost).toMatchObject({ currency: "USD", recipients: 3, cost: 0.2196 })
      const table = await post("/settings", { price_table: { currency: "thb", default: { marketing: 2 }, countries: { th: { marketing: 1.25 } } } })
      expect(table.data.price_table).toEqual({
        currency: "THB",
        default: { marketing: 2, utility: 0.0113, authentication: 0.0113, service: 0 },
        countries: { TH: { marketing: 1.25 } },
      })
      const est = (await post("/estimate", {})).data.estimate
      expect(est.cost).toMatchObject({ currency: "THB", recipients: 3, cost: 3.75 })
      expect(est.cost.by_country).toEqual([{ country: "TH", recipients: 3, unit_price: 1.25, cost: 3.75 }])
    })

    it("edits a draft, refuses a bad edit with 400 and an edit once running with 409; deletes only drafts", async () => {
      const c = await createCampaign()
      const r = await post(`/${c.id}`, { name: "Summer v2", discount_code: "SUMMER20", template_name: "winback_promo", template_language: "en", cta: null })
      expect(r.status).toBe(200)
      expect(r.data.campaign).toMatchObject({
        name: "Summer v2",
        discount_code: "SUMMER20",
        template_name: "winback_promo",
        template_language: "en",
        cta: null,
        status: "draft",
      })
      expect((await post(`/${c.id}`, { message_kind: "text" })).status).toBe(400)
      expect((await post(`/${c.id}`, { name: "" })).status).toBe(400)
      expect((await post(`/${c.id}`, { status: "running" })).status).toBe(400)
      expect((await post(`/wacmp_missing`, { name: "x" })).status).toBe(404)
      expect((await get(`/${c.id}`)).data.campaign.name).toBe("Summer v2")

      // Running: slow enough to still be running when the edit arrives.
      await whatsapp().setSetting("campaigns", { throughput_mps: 1, messaging_tier: "unlimited", frequency_cap: null, slots: 1 })
      await customers(["R1", "R2", "R3", "R4", "R5"])
      const running = await createCampaign({ name: "Running" })
      expect((await post(`/${running.id}/start`, {})).status).toBe(200)
      const refused = await post(`/${running.id}`, { name: "Too late" })
      expect(refused.status).toBe(409)
      expect(refused.data.message).toMatch(/is running; only a draft or scheduled campaign can be edited/)
      expect((await api.delete(`/admin/whatsapp/campaigns/${running.id}`, { headers, validateStatus: () => true })).status).toBe(409)
      await post(`/${running.id}/cancel`, { reason: "test over" })
      expect((await get(`/${running.id}`)).data.campaign.name).toBe("Running")

      const del = await api.delete(`/admin/whatsapp/campaigns/${c.id}`, { headers })
      expect(del.data).toEqual({ id: c.id, object: "whatsapp_campaign", deleted: true })
      expect((await get(`/${c.id}`)).status).toBe(404)
      expect((await get("")).data.campaigns.map((x: any) => x.id)).not.toContain(c.id)
      const { rows } = await pg().raw(`SELECT actor, reason FROM whatsapp_campaign_event WHERE campaign_id = ? ORDER BY created_at DESC LIMIT 1`, [c.id])
      expect(rows[0]).toEqual({ actor: userId, reason: "deleted" })
    })

    it("unschedules a scheduled campaign back to a draft (who and why recorded); the scheduler then leaves it alone", async () => {
      await customers(["S1"])
      const c = await createCampaign()
      const at = new Date(Date.now() + 3600_000)
      expect((await post(`/${c.id}/start`, { scheduled_at: at.toISOString() })).data.campaign.status).toBe("scheduled")
      // A scheduled campaign can be edited, but keeps a future start time.
      expect((await post(`/${c.id}`, { scheduled_at: null })).status).toBe(400)
      const later = new Date(Date.now() + 7200_000)
      expect((await post(`/${c.id}`, { scheduled_at: later.toISOString(), name: "Later" })).data.campaign).toMatchObject({ status: "scheduled", name: "Later" })

      const r = await post(`/${c.id}/unschedule`, { reason: "wrong day" })
      expect(r.status).toBe(200)
      expect(r.data.campaign).toMatchObject({ status: "draft", scheduled_at: null })
      const events = (await get(`/${c.id}`)).data.events
      expect(events.at(-1)).toMatchObject({ from_status: "scheduled", to_status: "draft", actor: userId, reason: `wrong day (was ${later.toISOString()})` })

      await pg().raw(`UPDATE whatsapp_campaign SET scheduled_at = now() - interval '1 minute' WHERE id = ?`, [c.id])
      expect((await whatsapp().campaigns().tick()).started).toEqual([])
      expect((await whatsapp().campaigns().get(c.id)).status).toBe("draft")
      // Unscheduling a draft changes nothing; a running campaign cannot become a draft.
      expect((await post(`/${c.id}/unschedule`, {})).data.campaign.status).toBe("draft")
      await post(`/${c.id}/start`, {})
      const refused = await post(`/${c.id}/unschedule`, {})
      expect(refused.status).toBe(400)
      expect(refused.data.message).toMatch(/cannot become draft/)
      await untilStatus(c.id, "completed")
    })

    it("retargets the non-repliers with another template, and the follow-up sends that template", async () => {
      const { was } = await customers(["Ana", "Ben", null])
      const parent = await createCampaign()
      await post(`/${parent.id}/start`, {})
      await untilStatus(parent.id, "completed")
      expect(sandbox.state.outbound.size).toBe(3)

      const bad = await post(`/${parent.id}/retarget`, { criterion: "not_replied", template_name: "winback_promo" })
      expect(bad.status).toBe(400)
      const r = await post(`/${parent.id}/retarget`, {
        criterion: "not_replied",
        name: "Win back",
        template_name: "winback_promo",
        template_language: "en",
        parameters: [
          { component: "body", source: "customer.first_name", fallback: "friend" },
          { component: "body", source: "store.name" },
        ],
        discount_code: null,
      })
      expect(r.status).toBe(201)
      const follow = r.data.campaign
      expect(follow).toMatchObject({
        name: "Win back",
        status: "draft",
        message_kind: "template",
        template_name: "winback_promo",
        template_language: "en",
        cta: null,
        discount_code: null,
        retarget: { parent_campaign_id: parent.id, criterion: "not_replied" },
      })
      sandbox.state.outbound.clear()
      await post(`/${follow.id}/start`, {})
      await untilStatus(follow.id, "completed")
      const out = [...sandbox.state.outbound.values()] as any[]
      expect(new Set(out.map((m) => m.to))).toEqual(new Set(was))
      expect(out.every((m) => m.request.template.name === "winback_promo")).toBe(true)
      expect(out.map((m) => m.preview.body).sort()).toEqual(
        ["We miss you Ana! Come back to Test Store.", "We miss you Ben! Come back to Test Store.", "We miss you friend! Come back to Test Store."].sort()
      )

      // Free-form text instead: the kind follows from what was given.
      const text = await post(`/${parent.id}/retarget`, { criterion: "not_read", text: "Still interested, {{first_name}}?" })
      expect(text.data.campaign).toMatchObject({ message_kind: "text", text: "Still interested, {{first_name}}?", discount_code: "SUMMER10" })
    })
  },
})
