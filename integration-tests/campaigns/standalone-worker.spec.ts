/**
 * bin/whatsapp-campaign-worker.js, the campaign engine without Medusa, as a merchant runs it: this
 * process is the Medusa app (admin + webhooks, WHATSAPP_CAMPAIGN_WORKERS=0 so it never sends) and
 * the worker is a separate node process on DATABASE_URL. SIGTERM mid-campaign stops it cleanly
 * (exit 0, every claim recorded, nothing left "sending"); a second worker picks the campaign up
 * and finishes it; every recipient gets exactly one message. Runs the built plugin (`npm test`
 * builds it first).
 */
import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { ROOT, countsByWaId, databaseUrl, seedContacts, startWorker, stopAllWorkers, tailLog, uniqueDbName } from "./helpers"
import { whatsappOf } from "../helpers/app"
import { PROMO, PROMO_CAMPAIGN } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, startAppSandbox } from "../helpers/sandbox"
import { sleep, until } from "../helpers/time"

jest.setTimeout(120_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.standalone)
process.env.WHATSAPP_CAMPAIGN_WORKERS = "0"
const dbName = uniqueDbName("standalone")
const RECIPIENTS = 200
const RATE = 40

medusaIntegrationTestRunner({
  dbName,
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

    beforeAll(async () => {
      const built = path.join(ROOT, ".medusa", "server", "src", "modules", "whatsapp", "campaigns", "worker-process.js")
      if (!fs.existsSync(built)) throw new Error(`${built} is missing: run \`npx medusa plugin:build\` (npm test does)`)
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates: [PROMO as any], pairRate: false, throughputPerSecond: RATE * 2 }, api)
    })
    afterAll(async () => {
      await stopAllWorkers()
      await sandbox?.close()
    })

    it("refuses to start without its configuration, naming what is missing", async () => {
      const w = startWorker({ name: "standalone-bad", databaseUrl: "", sandboxUrl: sandbox.url, standalone: true, env: { WHATSAPP_PHONE_NUMBER_ID: "" } })
      const exit = await w.exited
      expect(exit.code).toBe(1)
      const log = tailLog(w)
      expect(log).toMatch(/DATABASE_URL/)
    })

    it("sends a campaign started from the app; SIGTERM stops it cleanly; a second worker finishes it exactly once", async () => {
      await whatsapp().syncTemplates()
      await whatsapp().setSetting("campaigns", { throughput_mps: RATE, messaging_tier: "unlimited", frequency_cap: null, slots: 2 })
      const waIds = await seedContacts(pg(), RECIPIENTS, "95")
      const c = await whatsapp()
        .campaigns()
        .create({ ...PROMO_CAMPAIGN, name: "Standalone" }, "test")
      await whatsapp().campaigns().start(c.id, "test")
      await sleep(300)
      expect(sandbox.state.outbound.size).toBe(0) // the app does not send

      const url = databaseUrl(dbName)
      const first = startWorker({ name: "standalone-1", databaseUrl: url, sandboxUrl: sandbox.url, standalone: true })
      try {
        await until(async () => sandbox.state.outbound.size >= 60 || !first.running(), { timeout: 60_000, what: "60 sends by the first worker" })
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${tailLog(first)}`)
      }
      expect(first.running()).toBe(true)
      await first.stop(15_000)
      expect(await first.exited).toEqual({ code: 0, signal: null })
      expect(tailLog(first)).toMatch(/SIGTERM: finishing in-flight batches/)
      const atStop = sandbox.state.outbound.size
      const { rows: mid } = await pg().raw(`SELECT status, count(*)::int AS n FROM whatsapp_campaign_recipient WHERE campaign_id = ? GROUP BY 1`, [c.id])
      const by = Object.fromEntries(mid.map((r: any) => [r.status, r.n]))
      // A clean stop records every send it made and leaves no claim behind.
      expect(by.sending ?? 0).toBe(0)
      expect(by.sent).toBe(atStop)
      expect(atStop).toBeLessThan(RECIPIENTS)
      await sleep(1000)
      expect(sandbox.state.outbound.size).toBe(atStop)

      const second = startWorker({ name: "standalone-2", databaseUrl: url, sandboxUrl: sandbox.url, standalone: true })
      try {
        await until(async () => (await whatsapp().campaigns().get(c.id)).status === "completed", {
          timeout: 60_000,
          what: "campaign completed by the second worker",
        })
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${tailLog(second)}`)
      }
      await second.stop(15_000)
      const counts = countsByWaId(sandbox)
      expect(waIds.filter((w) => counts.get(w) !== 1)).toEqual([])
      expect(sandbox.state.outbound.size).toBe(RECIPIENTS)
    })
  },
})
