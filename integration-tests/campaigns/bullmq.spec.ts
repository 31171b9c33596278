/**
 * The BullMQ path: two worker processes (each `medusa exec integration-tests/campaigns/worker.ts`
 * with REDIS_URL set: its own BullMQ worker, its own Postgres pool, the shared RedisLimiter) run
 * ONE campaign against a sandbox that enforces the same throughput the plugin is configured for.
 * No duplicates, everybody sent, the shared limit held (no 130429, measured rate ≤ limit).
 *
 * Runs when Redis answers at REDIS_URL (default redis://127.0.0.1:6379); otherwise it is skipped
 * with the reason printed.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import { createSandbox, type Sandbox } from "../../sandbox/src"
import {
  countsByWaId,
  databaseUrl,
  deleteRedisPrefix,
  requireRedis,
  seedContacts,
  startWorker,
  stopAllWorkers,
  tailLog,
  uniqueDbName,
  uniqueRedisPrefix,
} from "./helpers"
import fs from "node:fs"
import { whatsappOf } from "../helpers/app"
import { PROMO, PROMO_CAMPAIGN } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox } from "../helpers/sandbox"
import { sleep, until } from "../helpers/time"

jest.setTimeout(150_000)

const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379"

if (requireRedis(REDIS_URL, "campaigns on BullMQ (two worker processes)", "bullmq.spec")) {
  const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.bullmq)
  // This process only receives webhooks and starts the campaign; the two workers send.
  process.env.WHATSAPP_CAMPAIGN_WORKERS = "0"
  delete process.env.REDIS_URL
  const dbName = uniqueDbName("bullmq")
  // Queue and limiter keys of this run only: another run on the same Redis neither takes its jobs nor shares its bucket.
  const PREFIX = uniqueRedisPrefix("bullmq")
  const LIMIT = 40
  const RECIPIENTS = 400

  medusaIntegrationTestRunner({
    dbName,
    testSuite: ({ api, getContainer }) => {
      let sandbox: Sandbox
      const whatsapp = whatsappOf(getContainer)
      const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

      beforeAll(async () => {
        // No webhook target: nothing here needs statuses, and processing 3 webhooks per message in this
        // process (where the sandbox also runs) would stall the sandbox's event loop and skew the
        // arrival times it rate-limits on.
        sandbox = await createSandbox({ port: SANDBOX_PORT, templates: [PROMO as any], pairRate: false, throughputPerSecond: LIMIT })
        void api
      })
      afterAll(async () => {
        await stopAllWorkers()
        await sandbox?.close()
        await deleteRedisPrefix(REDIS_URL, PREFIX).catch(() => {})
      })

      it(`two BullMQ worker processes send one campaign: no duplicates, all sent, the shared ${LIMIT} msg/s limit holds`, async () => {
        await whatsapp().syncTemplates()
        await whatsapp().setSetting("campaigns", { throughput_mps: LIMIT, messaging_tier: "unlimited", frequency_cap: null, slots: 4 })
        const waIds = await seedContacts(pg(), RECIPIENTS, "91")
        const c = await whatsapp()
          .campaigns()
          .create({ ...PROMO_CAMPAIGN, name: "BullMQ" }, "test")

        const url = databaseUrl(dbName)
        const env = { REDIS_URL, WHATSAPP_REDIS_PREFIX: PREFIX }
        const workers = [1, 2].map((i) => startWorker({ name: `bullmq-${i}`, databaseUrl: url, sandboxUrl: sandbox.url, campaignId: c.id, env, tickMs: 1000 }))
        // Both booted (and polling the queue) before there is anything to take.
        try {
          await until(async () => workers.every((w) => fs.readFileSync(w.log, "utf8").includes("first tick done")) || workers.some((w) => !w.running()), {
            timeout: 90_000,
            what: "both workers to boot",
          })
        } catch (e) {
          throw new Error(`${(e as Error).message}\n${workers.map((w) => tailLog(w)).join("\n---\n")}`)
        }
        for (const w of workers) if (!w.running()) throw new Error(`a worker exited early\n${tailLog(w)}`)
        expect(fs.readFileSync(workers[0].log, "utf8")).toContain("queue bullmq")

        await whatsapp().campaigns().start(c.id, "test") // enqueued by the workers' next scheduler tick
        const exits = await Promise.race([Promise.all(workers.map((w) => w.exited)), sleep(80_000).then(() => null)])
        if (!exits || exits.some((x) => x.code !== 0))
          throw new Error(`workers did not finish (${JSON.stringify(exits)})\n${workers.map((w) => tailLog(w)).join("\n---\n")}`)

        expect((await whatsapp().campaigns().get(c.id)).status).toBe("completed")
        const counts = countsByWaId(sandbox)
        expect([...counts].filter(([, n]) => n > 1)).toEqual([])
        expect(counts.size).toBe(RECIPIENTS)
        expect(new Set(counts.keys())).toEqual(new Set(waIds))

        // No 130429 (nor any other error): every message went in one attempt.
        const { rows } = await pg().raw(`SELECT count(*)::int n, max(attempts) a, count(error_code)::int e FROM whatsapp_message WHERE source = 'campaign'`)
        const { rows: errors } = await pg().raw(`SELECT error_code, count(*)::int n FROM whatsapp_message WHERE error_code IS NOT NULL GROUP BY 1`)
        expect({ ...rows[0], errors }).toEqual({ n: RECIPIENTS, a: 1, e: 0, errors: [] })
        // Both processes sent part of it.
        const { rows: by } = await pg().raw(
          `SELECT split_part(claimed_by, ':', 2) AS pid, count(*)::int AS n FROM whatsapp_campaign_recipient WHERE campaign_id = ? AND status = 'sent' GROUP BY 1`,
          [c.id]
        )
        expect(by.map((r: any) => Number(r.pid)).sort()).toEqual(workers.map((w) => w.pid).sort())

        // The rate the sandbox saw: overall and in the busiest sliding second.
        const at = [...sandbox.state.outbound.values()].map((m: any) => Date.parse(m.created_at)).sort((a, b) => a - b)
        const overall = ((at.length - 1) / (at[at.length - 1] - at[0])) * 1000
        let busiest = 0
        for (let i = 0, j = 0; i < at.length; i++) {
          while (at[i] - at[j] >= 1000) j++
          busiest = Math.max(busiest, i - j + 1)
        }
        console.log(`bullmq: ${RECIPIENTS} sent by ${JSON.stringify(by)}; overall ${overall.toFixed(1)} msg/s, busiest 1 s window ${busiest} (limit ${LIMIT})`)
        expect(overall).toBeLessThanOrEqual(LIMIT * 1.05)
        expect(busiest).toBeLessThanOrEqual(LIMIT)
        expect(overall).toBeGreaterThan(LIMIT * 0.6) // paced, not stalled
      })
    },
  })
}
