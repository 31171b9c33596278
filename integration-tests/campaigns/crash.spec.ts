/**
 * Crash safety with a real process: the campaign runs in a separate worker process
 * (`medusa exec integration-tests/campaigns/worker.ts`, the plugin booted from source against this
 * test's database) and is `kill -9`ed mid-way; a new worker process resumes it (the scheduler job
 * re-queues running campaigns) and every recipient gets exactly one message.
 *
 * This process is the Medusa app that receives the sandbox's webhooks (as the HTTP server would in
 * production while workers send); its own engine never sends (WHATSAPP_CAMPAIGN_WORKERS=0).
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { countsByWaId, databaseUrl, seedContacts, startWorker, stopAllWorkers, tailLog, uniqueDbName } from "./helpers"
import { whatsappOf } from "../helpers/app"
import { PROMO, PROMO_CAMPAIGN } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, startAppSandbox } from "../helpers/sandbox"
import { sleep, until } from "../helpers/time"

jest.setTimeout(150_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.crash)
process.env.WHATSAPP_CAMPAIGN_WORKERS = "0"
const dbName = uniqueDbName("crash")

const RECIPIENTS = 300
const RATE = 25

medusaIntegrationTestRunner({
  dbName,
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates: [PROMO as any], pairRate: false, throughputPerSecond: RATE * 2 }, api)
    })
    afterAll(async () => {
      await stopAllWorkers()
      await sandbox?.close()
    })

    it("kill -9 of the worker mid-campaign: a new worker resumes from the checkpoint, every recipient gets exactly one message", async () => {
      await whatsapp().syncTemplates()
      // A short lease so the restarted worker takes the dead one's claims back within the test.
      await whatsapp().setSetting("campaigns", { throughput_mps: RATE, messaging_tier: "unlimited", frequency_cap: null, slots: 2, claim_lease_ms: 6000 })
      const waIds = await seedContacts(pg(), RECIPIENTS, "90")
      const c = await whatsapp().campaigns().create(PROMO_CAMPAIGN, "test")
      await whatsapp().campaigns().start(c.id, "test")
      expect((await whatsapp().campaigns().get(c.id)).audience_count).toBe(RECIPIENTS)
      await sleep(300)
      expect(sandbox.state.outbound.size).toBe(0) // this process does not send

      const url = databaseUrl(dbName)
      const first = startWorker({ name: "crash-1", databaseUrl: url, sandboxUrl: sandbox.url, campaignId: c.id })
      try {
        await until(async () => sandbox.state.outbound.size >= 90 || !first.running(), { timeout: 60_000, what: "90 sends by the first worker" })
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${tailLog(first)}`)
      }
      expect(first.running()).toBe(true)
      await first.kill9()
      const atKill = sandbox.state.outbound.size
      const { rows: mid } = await pg().raw(
        `SELECT r.status, m.status AS message_status, count(*)::int AS n FROM whatsapp_campaign_recipient r
         LEFT JOIN whatsapp_message m ON m.idempotency_key = r.idempotency_key WHERE r.campaign_id = ? GROUP BY 1, 2 ORDER BY 1, 2`,
        [c.id]
      )
      // Nothing sends while no worker runs.
      await sleep(1500)
      expect(sandbox.state.outbound.size).toBe(atKill)
      expect(atKill).toBeLessThan(RECIPIENTS)
      const claimedByDead = mid.filter((r: any) => r.status === "sending").reduce((s: number, r: any) => s + r.n, 0)

      const second = startWorker({ name: "crash-2", databaseUrl: url, sandboxUrl: sandbox.url, campaignId: c.id })
      const exit = await Promise.race([second.exited, sleep(75_000).then(() => null)])
      if (!exit || exit.code !== 0) throw new Error(`second worker did not finish the campaign (${JSON.stringify(exit)})\n${tailLog(second)}`)

      const campaign = await whatsapp().campaigns().get(c.id)
      expect(campaign.status).toBe("completed")
      const counts = countsByWaId(sandbox)
      const duplicates = [...counts].filter(([, n]) => n > 1)
      expect(duplicates).toEqual([])
      expect(counts.size).toBe(RECIPIENTS)
      expect(new Set(counts.keys())).toEqual(new Set(waIds))
      const { rows } = await pg().raw(
        `SELECT r.status, count(*)::int AS n, count(*) FILTER (WHERE r.reason LIKE 'recovered:%')::int AS recovered,
           count(DISTINCT m.wamid)::int AS wamids
         FROM whatsapp_campaign_recipient r JOIN whatsapp_message m ON m.id = r.message_id WHERE r.campaign_id = ? GROUP BY 1`,
        [c.id]
      )
      expect(rows).toEqual([expect.objectContaining({ status: "sent", n: RECIPIENTS, wamids: RECIPIENTS })])
      const events = (await whatsapp().campaigns().events(c.id)).map((e: any) => e.to_status)
      expect(events).toEqual(["draft", "running", "completed"])
      // For the record (visible with --verbose): what the kill left behind and how it was recovered.
      console.log(
        `crash: ${atKill}/${RECIPIENTS} sent when killed; rows then ${JSON.stringify(mid)}; ${claimedByDead} claimed by the dead worker; ` +
          `recovered after restart: ${rows[0].recovered}`
      )
    })
  },
})
