/**
 * The campaign lifecycle as Medusa workflows (src/workflows/campaigns): the admin routes run them,
 * and a failure part-way is compensated for real — no mocks:
 * - the enqueue fails: the campaign settings row is one the queue cannot read (throughput_mps 0,
 *   which the settings API refuses; written here straight into the table like a hand-edited row),
 *   so the real InProcessQueue.enqueue throws when it reads the slot count;
 * - a project's hook handler (Medusa workflow hooks) throws.
 * Each time the campaign must be back where it was, with no frozen recipients, nothing sent and an
 * event saying the step was undone; and it must then start normally.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { createCampaignWorkflow, startCampaignWorkflow } from "../../src/workflows"
import { whatsappOf } from "../helpers/app"
import { PROMO_BODY_ONLY as PROMO } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, resetAppSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"

jest.setTimeout(180_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.campaignsWorkflows)

// Hook handlers, as a project would register them (once per workflow). They refuse only the
// campaigns a test puts in these sets, so every other test runs the workflows unhindered.
const refuseStart = new Set<string>()
const refuseCreate = new Set<string>()
const startedHookSaw: any[] = []
startCampaignWorkflow.hooks.campaignStarted(async (input: any) => {
  startedHookSaw.push(input)
  if (refuseStart.has(input.campaign_id)) throw new Error(`start of ${input.campaign_id} refused by a project hook`)
})
createCampaignWorkflow.hooks.campaignCreated(async ({ campaign }: any) => {
  if (refuseCreate.has(campaign.name)) throw new Error(`draft ${campaign.name} refused by a project hook`)
})

const SETTINGS = { throughput_mps: 1000, messaging_tier: "unlimited", frequency_cap: null, slots: 2 }

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    let headers: any
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates: [PROMO as any] })
    })
    afterAll(async () => sandbox?.close())
    beforeEach(async () => {
      resetAppSandbox(sandbox, api, { pairRate: false })
      await whatsapp().syncTemplates()
      headers = (await adminHeaders(getContainer())).headers
      await whatsapp().setSetting("campaigns", SETTINGS)
    })

    async function contacts(n: number) {
      const customers = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers(Array.from({ length: n }, (_, i) => ({ first_name: `Customer${i}`, email: `w${i}-${Math.random().toString(36).slice(2)}@x.test` })))
      const ids: string[] = []
      for (let i = 0; i < n; i++) {
        const wa = `6682${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`
        ids.push(wa)
        await pg().raw(
          `INSERT INTO whatsapp_contact (id, wa_id, customer_id, marketing_consent, marketing_consent_at) VALUES (?, ?, ?, 'granted', now() - interval '1 day')`,
          [`wacon_w${Math.random().toString(36).slice(2)}`, wa, customers[i].id]
        )
      }
      return ids
    }

    async function createCampaign(body: Record<string, unknown> = {}) {
      const { data, status } = await api.post(
        "/admin/whatsapp/campaigns",
        {
          name: "Summer",
          template_name: "summer_promo",
          template_language: "th",
          discount_code: "SUMMER10",
          parameters: [
            { component: "body", source: "customer.first_name", fallback: "ลูกค้า" },
            { component: "body", source: "campaign.discount_code" },
          ],
          ...body,
        },
        { headers }
      )
      expect(status).toBe(201)
      return data.campaign
    }
    const action = (id: string, a: string, body: Record<string, unknown> = {}) =>
      api.post(`/admin/whatsapp/campaigns/${id}/${a}`, body, { headers }).catch((e: any) => e.response)
    const get = (id: string) => whatsapp().campaigns().get(id)
    const recipients = async (id: string) =>
      (await pg().raw(`SELECT count(*)::int AS n FROM whatsapp_campaign_recipient WHERE campaign_id = ?`, [id])).rows[0].n
    const events = async (id: string) => (await whatsapp().campaigns().events(id)) as any[]
    const untilStatus = (id: string, status: string, timeout = 60_000) => waitFor(async () => ((await get(id)).status === status ? true : null), { timeout })
    // The one real way the enqueue fails here: settings the queue cannot read (see the file comment).
    const breakQueueSettings = () =>
      pg().raw(`UPDATE whatsapp_setting SET value = value || '{"throughput_mps": 0}'::jsonb WHERE key = 'campaigns' AND deleted_at IS NULL`)

    it("a failed enqueue undoes the start: back to draft, frozen recipients removed, an event recorded; it then starts normally", async () => {
      const was = await contacts(5)
      const c = await createCampaign()
      await breakQueueSettings()

      const res = await action(c.id, "start")
      expect(res.status).toBe(400)
      expect(res.data).toMatchObject({ type: "invalid_data", message: expect.stringMatching(/throughput_mps must be positive/) })

      const after = await get(c.id)
      expect(after).toMatchObject({ status: "draft", frozen_at: null, started_at: null, audience_count: 0 })
      expect(await recipients(c.id)).toBe(0)
      const ev = await events(c.id)
      expect(ev.map((e) => `${e.from_status}->${e.to_status}`)).toEqual(["null->draft", "draft->running", "running->draft"])
      expect(ev[2].reason).toMatch(/^start undone/)
      expect(ev[2].actor).toBe(ev[1].actor)
      // The freeze really happened before the undo: the hook saw the audience.
      expect(startedHookSaw.find((h) => h.campaign_id === c.id)).toMatchObject({ status: "running", audience_count: 5, changed: true })
      await new Promise((r) => setTimeout(r, 500))
      expect(sandbox.state.outbound.size).toBe(0)

      // Fixed settings: the same draft starts, freezes the same audience again and sends once each.
      await whatsapp().setSetting("campaigns", SETTINGS)
      expect((await action(c.id, "start")).status).toBe(200)
      await untilStatus(c.id, "completed")
      const to = [...sandbox.state.outbound.values()].map((m: any) => m.to)
      expect(to.sort()).toEqual([...was].sort())
      expect((await events(c.id)).map((e) => e.to_status)).toEqual(["draft", "running", "draft", "running", "completed"])
    })

    it("a campaignStarted hook that throws puts a scheduled campaign back to scheduled, its time kept", async () => {
      await contacts(3)
      const c = await createCampaign()
      const at = new Date(Date.now() + 3600_000)
      const scheduled = await action(c.id, "start", { scheduled_at: at.toISOString() })
      expect(scheduled.status).toBe(200)
      expect(scheduled.data.campaign.status).toBe("scheduled")

      refuseStart.add(c.id)
      const { errors } = await startCampaignWorkflow(getContainer()).run({ input: { id: c.id, actor: "test" }, throwOnError: false })
      expect(errors.map((e: any) => e.error.message)).toEqual([`start of ${c.id} refused by a project hook`])

      const after = await get(c.id)
      expect(after).toMatchObject({ status: "scheduled", frozen_at: null, started_at: null, audience_count: 0 })
      expect(new Date(after.scheduled_at).toISOString()).toBe(at.toISOString())
      expect(await recipients(c.id)).toBe(0)
      const ev = await events(c.id)
      expect(ev.map((e) => `${e.to_status}:${e.actor}`)).toEqual([
        expect.stringMatching(/^draft:/),
        expect.stringMatching(/^scheduled:/),
        "running:test",
        "scheduled:test",
      ])
      expect(ev[3]).toMatchObject({ from_status: "running", reason: expect.stringMatching(/^start undone/) })
      expect(sandbox.state.outbound.size).toBe(0)

      // The same request through the route is a 400 and changes nothing either.
      const res = await action(c.id, "start")
      expect(res.status).toBe(400)
      expect((await get(c.id)).status).toBe("scheduled")
      refuseStart.delete(c.id)
    })

    it("a failed enqueue on resume pauses it again with the reason it had", async () => {
      sandbox.patchConfig({ throughputPerSecond: 5 })
      await whatsapp().setSetting("campaigns", { ...SETTINGS, throughput_mps: 5, slots: 1 })
      const was = await contacts(20)
      const c = await createCampaign()
      expect((await action(c.id, "start")).status).toBe(200)
      await waitFor(async () => (sandbox.state.outbound.size >= 2 ? true : null))
      const paused = await action(c.id, "pause", { reason: "checking the offer" })
      expect(paused.data.campaign).toMatchObject({ status: "paused", status_reason: "checking the offer" })
      await waitFor(async () => {
        const r = await pg().raw(`SELECT count(*)::int n FROM whatsapp_campaign_recipient WHERE campaign_id = ? AND status = 'sending'`, [c.id])
        return r.rows[0].n === 0 ? true : null
      })
      const sentAtPause = sandbox.state.outbound.size
      expect(sentAtPause).toBeLessThan(20)

      await breakQueueSettings()
      const res = await action(c.id, "resume")
      expect(res.status).toBe(400)
      expect(await get(c.id)).toMatchObject({ status: "paused", status_reason: "checking the offer" })
      // Nothing was taken away from the audience by a resume's undo.
      expect(await recipients(c.id)).toBe(20)
      const last = (await events(c.id)).slice(-3)
      expect(last.map((e) => `${e.from_status}->${e.to_status}`)).toEqual(["running->paused", "paused->running", "running->paused"])
      expect(last[2].reason).toMatch(/^resume undone/)
      await new Promise((r) => setTimeout(r, 1000))
      expect(sandbox.state.outbound.size).toBe(sentAtPause)

      await whatsapp().setSetting("campaigns", SETTINGS)
      sandbox.patchConfig({ throughputPerSecond: 1000 })
      expect((await action(c.id, "resume")).status).toBe(200)
      await untilStatus(c.id, "completed")
      const to = [...sandbox.state.outbound.values()].map((m: any) => m.to)
      expect(to.sort()).toEqual([...was].sort())
    })

    it("a campaignCreated hook that throws removes the draft again", async () => {
      refuseCreate.add("Refused draft")
      const before = (await pg().raw(`SELECT count(*)::int n FROM whatsapp_campaign`)).rows[0].n
      const { errors } = await createCampaignWorkflow(getContainer()).run({
        input: { data: { name: "Refused draft", template_name: "summer_promo", template_language: "th" }, actor: "test" },
        throwOnError: false,
      })
      expect(errors.map((e: any) => e.error.message)).toEqual(["draft Refused draft refused by a project hook"])
      expect((await pg().raw(`SELECT count(*)::int n FROM whatsapp_campaign`)).rows[0].n).toBe(before)
      const orphans = await pg().raw(
        `SELECT count(*)::int n FROM whatsapp_campaign_event e WHERE NOT EXISTS (SELECT 1 FROM whatsapp_campaign c WHERE c.id = e.campaign_id)`
      )
      expect(orphans.rows[0].n).toBe(0)
      refuseCreate.delete("Refused draft")
    })

    it("the admin routes run the workflows: create, start, pause, resume, cancel, retarget, with the same errors as before", async () => {
      sandbox.patchConfig({ throughputPerSecond: 5 })
      await whatsapp().setSetting("campaigns", { ...SETTINGS, throughput_mps: 5, slots: 1 })
      await contacts(15)
      const c = await createCampaign({ name: "Routes" })
      expect(c).toMatchObject({ name: "Routes", status: "draft" })

      const started = await action(c.id, "start")
      expect(started.status).toBe(200)
      expect(started.data.campaign).toMatchObject({ status: "running", audience_count: 15 })
      await waitFor(async () => (sandbox.state.outbound.size >= 1 ? true : null))
      expect((await action(c.id, "pause")).data.campaign).toMatchObject({ status: "paused", status_reason: "paused by merchant" })
      // Pausing a paused campaign is a no-op, as before.
      expect((await action(c.id, "pause")).data.campaign.status).toBe("paused")
      expect((await action(c.id, "resume")).data.campaign.status).toBe("running")
      const canceled = await action(c.id, "cancel", { reason: "wrong audience" })
      expect(canceled.data.campaign).toMatchObject({ status: "canceled", status_reason: "wrong audience" })

      // Canceling again is a no-op; a state-machine refusal is NOT_ALLOWED; any other failure
      // INVALID_DATA; an unknown action 404 — all as before the workflows.
      expect((await action(c.id, "cancel")).data.campaign.status).toBe("canceled")
      const refused = await action(c.id, "start", { scheduled_at: new Date(Date.now() + 3600_000).toISOString() })
      expect(refused.status).toBe(400)
      expect(refused.data).toMatchObject({ type: "not_allowed", message: expect.stringMatching(/^A canceled campaign cannot become scheduled/) })
      const missing = await action("wacmp_missing", "start")
      expect(missing.status).toBe(400)
      expect(missing.data).toMatchObject({ type: "invalid_data", message: "Campaign wacmp_missing does not exist" })
      expect((await action(c.id, "explode")).status).toBe(404)

      const follow = await action(c.id, "retarget", { criterion: "not_read", name: "Routes follow-up" })
      expect(follow.status).toBe(201)
      expect(follow.data.campaign).toMatchObject({
        name: "Routes follow-up",
        status: "draft",
        template_name: "summer_promo",
        retarget: { parent_campaign_id: c.id, criterion: "not_read" },
      })
      const ev = (await events(c.id)).map((e) => e.to_status)
      expect(ev).toEqual(["draft", "running", "paused", "running", "canceled"])
    })
  },
})
