/**
 * The BullMQ path when things go wrong or the merchant steps in, with real processes: this process is
 * the admin server (it enqueues through BullMQ on start / resume, sends nothing:
 * WHATSAPP_CAMPAIGN_WORKERS=0) and receives the sandbox's status webhooks; two worker processes
 * (`medusa exec integration-tests/campaigns/worker.ts`, REDIS_URL set) take the jobs. The workers'
 * scheduler tick runs once at boot only, so every job after that comes from the admin routes or from
 * BullMQ itself, never from the scheduler's re-enqueue.
 *
 *  - pause / resume over the admin routes: sends stop and the jobs end, resume sends the rest.
 *  - cancel: the rest is skipped (campaign_canceled), nothing is sent after it settles.
 *  - kill -9 of the worker holding the jobs: BullMQ marks them stalled and the survivor takes them.
 * Each: exactly one message per recipient at the sandbox.
 *
 * Its own Redis namespace (WHATSAPP_REDIS_PREFIX), deleted afterwards; a short job lock
 * (WHATSAPP_CAMPAIGN_LOCK_MS / _STALLED_MS) so a dead worker's jobs move within seconds.
 * Skipped, with the reason printed, only when Redis does not answer at REDIS_URL (default 127.0.0.1:6379).
 */
import fs from "node:fs"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { BULLMQ_QUEUE_NAME } from "../../src/modules/whatsapp/campaigns/queue"
import { adminHeaders } from "../helpers/admin"
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
  type WorkerProcess,
} from "./helpers"
import { whatsappOf } from "../helpers/app"
import { PROMO, PROMO_CAMPAIGN } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, startAppSandbox } from "../helpers/sandbox"
import { sleep, until } from "../helpers/time"

jest.setTimeout(90_000)

const REDIS_URL = process.env.REDIS_URL || "redis://127.0.0.1:6379"
if (requireRedis(REDIS_URL, "campaigns on BullMQ: pause/resume, cancel, stalled jobs", "bullmq-recovery.spec")) {
  const PREFIX = uniqueRedisPrefix("recovery")
  const QUEUE = BULLMQ_QUEUE_NAME
  const RATE = 50
  const SLOTS = 4
  // Lock renewed every 1.5 s; a dead worker's lock is gone ≤ 3 s later, the next two checks (1 s apart) move its jobs.
  const LOCK_MS = 3000
  const STALLED_MS = 1000
  const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.bullmqRecovery)
  process.env.WHATSAPP_CAMPAIGN_WORKERS = "0"
  process.env.REDIS_URL = REDIS_URL
  process.env.WHATSAPP_REDIS_PREFIX = PREFIX
  const dbName = uniqueDbName("bullmq-recovery")

  medusaIntegrationTestRunner({
    dbName,
    testSuite: ({ api, getContainer }) => {
      let sandbox: Sandbox
      let headers: Record<string, string>
      let workers: WorkerProcess[] = []
      const workerIds = new Map<string, WorkerProcess>() // BullMQ worker id → process
      let redis: any
      let queue: any
      let queueEvents: any
      let engine: any // this process's campaign engine: its BullMQ Queue is closed after the run
      const stalled: { id: string; at: number }[] = []
      const whatsapp = whatsappOf(getContainer)
      const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
      const logs = () => workers.map((w) => `--- worker ${w.pid}\n${tailLog(w, 40)}`).join("\n")

      const action = async (id: string, what: "start" | "pause" | "resume" | "cancel", reason?: string) => {
        const res = await api.post(`/admin/whatsapp/campaigns/${id}/${what}`, reason ? { reason } : {}, { headers })
        expect(res.status).toBe(200)
        return res.data.campaign
      }
      const sentTo = (waIds: Set<string>) => new Map([...countsByWaId(sandbox)].filter(([wa]) => waIds.has(wa)))
      const total = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0)
      /** The campaign's job ids in any live state (ids are `<campaign>-g<run generation>-<slot>`). */
      const jobIds = async (campaignId: string): Promise<string[]> =>
        (await queue.getJobs(["active", "waiting", "delayed", "prioritized", "paused", "failed"]))
          .map((j: any) => j?.id as string | undefined)
          .filter((id: string | undefined): id is string => Boolean(id?.startsWith(`${campaignId}-g`)))
      /** The campaign's BullMQ jobs that still exist (completed ones are removed), with their state. */
      const liveJobs = async (campaignId: string) => {
        const out: { id: string; state: string }[] = []
        for (const id of await jobIds(campaignId)) {
          const job = await queue.getJob(id)
          if (job) out.push({ id, state: await job.getState() })
        }
        return out.filter((j) => j.state !== "completed")
      }
      /** Which worker process holds each of the campaign's job locks (the lock value is `<worker id>:<n>`). */
      const lockHolders = async (campaignId: string) => {
        const held = new Map<WorkerProcess, string[]>()
        for (const id of await jobIds(campaignId)) {
          const token: string | null = await redis.get(`${PREFIX}:${QUEUE}:${id}:lock`)
          const w = token ? workerIds.get(token.slice(0, token.lastIndexOf(":"))) : undefined
          if (w) held.set(w, [...(held.get(w) ?? []), id])
        }
        return held
      }
      const recipients = async (campaignId: string) =>
        (
          await pg().raw(`SELECT status, reason, count(*)::int AS n FROM whatsapp_campaign_recipient WHERE campaign_id = ? GROUP BY 1, 2 ORDER BY 1, 2`, [
            campaignId,
          ])
        ).rows as { status: string; reason: string | null; n: number }[]
      const statusOf = async (id: string) => (await whatsapp().campaigns().get(id)).status as string
      /**
       * A campaign without a segment reaches every contact with consent: only this test's new ones have it. (The test
       * runner also restores the database to its state after beforeAll before each test, which ends every open
       * connection — the workers' pools reconnect — but these tests do not count on that.)
       */
      const newCampaign = async (name: string, n: number, waPrefix: string) => {
        await pg().raw(`UPDATE whatsapp_contact SET marketing_consent = 'revoked'`)
        const waIds = new Set(await seedContacts(pg(), n, waPrefix))
        const c = await whatsapp()
          .campaigns()
          .create({ ...PROMO_CAMPAIGN, name }, "test")
        return { c, waIds }
      }
      /** Every recipient sent exactly once (a send a dead worker never recorded is known from its status webhook). */
      const expectExactlyOnce = async (campaignId: string, waIds: Set<string>) => {
        const counts = sentTo(waIds)
        const dups = [...counts].filter(([, n]) => n > 1).map(([wa]) => wa)
        if (dups.length) {
          // What the rows and the sandbox say about them, for whoever reads the failure.
          const { rows } = await pg().raw(
            `SELECT r.wa_id, r.status, r.reason, r.claimed_by, r.claimed_at, r.sent_at, r.attempts, m.status AS message_status, m.wamid,
               m.created_at AS message_created_at, m.updated_at AS message_updated_at
             FROM whatsapp_campaign_recipient r LEFT JOIN whatsapp_message m ON m.idempotency_key = r.idempotency_key
             WHERE r.campaign_id = ? AND r.wa_id = ANY(?) ORDER BY r.seq`,
            [campaignId, dups]
          )
          const accepted = [...sandbox.state.outbound.values()].filter((o: any) => dups.includes(o.to)).map((o: any) => `${o.to} ${o.created_at}`)
          throw new Error(`${dups.length} recipients got 2+ messages:\n${JSON.stringify(rows, null, 1)}\nsandbox accepted:\n${accepted.join("\n")}\n${logs()}`)
        }
        expect(counts.size).toBe(waIds.size)
        const rows = await recipients(campaignId)
        expect(rows.filter((r) => r.status !== "sent" || (r.reason !== null && r.reason !== "recovered: status webhook after a crash"))).toEqual([])
        expect(rows.reduce((a, r) => a + r.n, 0)).toBe(waIds.size)
      }

      beforeAll(async () => {
        // Statuses come back here (STATUS_DELAYS_MS): after a kill -9 they are what proves a send the dead worker never recorded.
        sandbox = await startAppSandbox(
          {
            port: SANDBOX_PORT,
            templates: [PROMO as any],
            pairRate: false,
            throughputPerSecond: RATE * 2,
            readProbability: 0, // two webhooks a message, not three: this process keeps up with them under load
          },
          api
        )
        const IORedis = require("ioredis")
        redis = new IORedis(REDIS_URL, { maxRetriesPerRequest: null })
        expect(await redis.keys(`${PREFIX}:*`)).toEqual([]) // a namespace nobody else uses
        headers = (await adminHeaders(getContainer())).headers
        engine = whatsapp().campaigns()
        expect(engine.queue().kind).toBe("bullmq")
        await whatsapp().syncTemplates()
        // claim_lease_ms: how long the dead worker's Postgres claims wait before the survivor looks at them; the least the
        // admin allows (10 s). Its status webhooks must be applied by then (5 s was not always enough on a loaded box).
        await whatsapp().setSetting("campaigns", {
          throughput_mps: RATE,
          messaging_tier: "unlimited",
          frequency_cap: null,
          slots: SLOTS,
          claim_lease_ms: 10_000,
        })

        const { Queue, QueueEvents } = require("bullmq")
        const connection = { url: REDIS_URL, maxRetriesPerRequest: null }
        queue = new Queue(QUEUE, { connection, prefix: PREFIX })
        queueEvents = new QueueEvents(QUEUE, { connection, prefix: PREFIX })
        queueEvents.on("stalled", ({ jobId }: { jobId: string }) => stalled.push({ id: jobId, at: Date.now() }))
        await queueEvents.waitUntilReady()

        const env = { REDIS_URL, WHATSAPP_REDIS_PREFIX: PREFIX, WHATSAPP_CAMPAIGN_LOCK_MS: String(LOCK_MS), WHATSAPP_CAMPAIGN_STALLED_MS: String(STALLED_MS) }
        const url = databaseUrl(dbName)
        // tickMs of an hour: the scheduler runs once at boot (no campaign yet) and never re-enqueues.
        workers = [1, 2].map((i) => startWorker({ name: `recovery-${i}`, databaseUrl: url, sandboxUrl: sandbox.url, env, tickMs: 3_600_000 }))
        try {
          await until(async () => workers.every((w) => fs.readFileSync(w.log, "utf8").includes("first tick done")) || workers.some((w) => !w.running()), {
            timeout: 90_000,
            what: "both workers to boot",
          })
        } catch (e) {
          throw new Error(`${(e as Error).message}\n${logs()}`)
        }
        for (const w of workers) {
          if (!w.running()) throw new Error(`a worker exited early\n${logs()}`)
          const id = /bullmq worker (\S+)/.exec(fs.readFileSync(w.log, "utf8"))?.[1]
          if (!id) throw new Error(`worker ${w.pid} has no BullMQ worker\n${logs()}`)
          workerIds.set(id, w)
        }
      })

      afterAll(async () => {
        await stopAllWorkers()
        await queueEvents?.close()
        await queue?.close()
        await redis?.quit().catch(() => {})
        await engine?.close()
        await sandbox?.close()
        const n = await deleteRedisPrefix(REDIS_URL, PREFIX).catch(() => -1)
        console.log(`bullmq-recovery: deleted ${n} Redis keys under ${PREFIX}:`)
      })

      it("pause stops the sends and ends the BullMQ jobs; resume sends the rest, each recipient exactly once", async () => {
        const N = 200
        const { c, waIds } = await newCampaign("Pause BullMQ", N, "71")
        await action(c.id, "start")
        await until(async () => total(sentTo(waIds)) >= 50, { timeout: 30_000, what: "50 sends" }).catch((e) => {
          throw new Error(`${e.message}\n${logs()}`)
        })
        expect((await action(c.id, "pause", "test pause")).status).toBe("paused")
        // Batches in flight finish; then every job sees "paused" and returns: none is left waiting, delayed or active.
        await until(async () => (await liveJobs(c.id)).length === 0, { timeout: 15_000, what: "the jobs to end after pause" })
        const atPause = total(sentTo(waIds))
        await sleep(1500)
        expect(total(sentTo(waIds))).toBe(atPause) // flat: nothing sends while paused
        expect(await liveJobs(c.id)).toEqual([])
        const mid = await recipients(c.id)
        expect(mid.filter((r) => r.status === "sending")).toEqual([])
        expect(mid.find((r) => r.status === "sent")?.n).toBe(atPause) // every send recorded
        expect(atPause).toBeLessThan(N)

        expect((await action(c.id, "resume")).status).toBe("running")
        // The admin server's enqueue is the only way back to the workers (their scheduler does not tick).
        expect((await liveJobs(c.id)).length).toBeGreaterThan(0)
        await until(async () => (await statusOf(c.id)) === "completed", { timeout: 30_000, what: "completion after resume" }).catch((e) => {
          throw new Error(`${e.message}\n${logs()}`)
        })
        await expectExactlyOnce(c.id, waIds)
        expect((await whatsapp().campaigns().events(c.id)).map((e: any) => e.to_status)).toEqual(["draft", "running", "paused", "running", "completed"])
        console.log(`bullmq-recovery pause: ${atPause}/${N} sent at pause, flat for 1.5 s, rest after resume`)
      })

      it("cancel skips the rest with campaign_canceled and nothing is sent after it settles", async () => {
        const N = 200
        const { c, waIds } = await newCampaign("Cancel BullMQ", N, "72")
        await action(c.id, "start")
        await until(async () => total(sentTo(waIds)) >= 50, { timeout: 30_000, what: "50 sends" }).catch((e) => {
          throw new Error(`${e.message}\n${logs()}`)
        })
        const atCancel = total(sentTo(waIds))
        expect((await action(c.id, "cancel", "test cancel")).status).toBe("canceled")
        await until(async () => (await liveJobs(c.id)).length === 0, { timeout: 15_000, what: "the jobs to end after cancel" })
        const settled = total(sentTo(waIds))
        await sleep(1500)
        expect(total(sentTo(waIds))).toBe(settled)

        const counts = sentTo(waIds)
        expect([...counts].filter(([, n]) => n > 1)).toEqual([])
        const rows = await recipients(c.id)
        const sent = rows.find((r) => r.status === "sent")?.n ?? 0
        // Only batches already claimed at the cancel finished (sent); everyone else was skipped, nothing is left.
        expect(rows.map((r) => `${r.status}:${r.reason}`).sort()).toEqual(["sent:null", "skipped:campaign_canceled"])
        expect(sent).toBe(settled)
        expect(rows.find((r) => r.status === "skipped")!.n).toBe(N - sent)
        expect(sent).toBeGreaterThanOrEqual(atCancel)
        expect(sent).toBeLessThan(N)
        expect(await statusOf(c.id)).toBe("canceled")
        console.log(`bullmq-recovery cancel: ${atCancel} sent at cancel, ${settled} when settled, ${N - sent} skipped`)
      })

      it("kill -9 of the worker holding the jobs: BullMQ stalls them, the other worker takes them, each recipient exactly once", async () => {
        const N = 300
        const { c, waIds } = await newCampaign("Stalled BullMQ", N, "73")
        await action(c.id, "start")
        let held = new Map<WorkerProcess, string[]>()
        await until(
          async () => {
            held = await lockHolders(c.id)
            return total(sentTo(waIds)) >= 75 && held.size > 0
          },
          { timeout: 30_000, what: "75 sends with the jobs locked by a worker" }
        ).catch((e) => {
          throw new Error(`${e.message}\n${logs()}`)
        })
        // The victim is the process holding the most jobs (all of them, often).
        const [victim, victimJobs] = [...held].sort((a, b) => b[1].length - a[1].length)[0]
        const survivor = workers.find((w) => w !== victim && w.running())!
        const survivorLogFrom = fs.statSync(survivor.log).size
        const stalledBefore = stalled.length
        await victim.kill9()
        const killedAt = Date.now()
        const atKill = total(sentTo(waIds))
        expect(atKill).toBeLessThan(N)

        await until(async () => (await statusOf(c.id)) === "completed", { timeout: 45_000, what: "completion after the kill" }).catch((e) => {
          throw new Error(`${e.message}\nstalled: ${JSON.stringify(stalled)}\n${logs()}`)
        })
        const doneAt = Date.now()
        // Every job the dead worker held was reported stalled by BullMQ and then taken by the survivor.
        const stalledIds = stalled.slice(stalledBefore).map((s) => s.id)
        expect(stalledIds).toEqual(expect.arrayContaining(victimJobs))
        const taken = fs.readFileSync(survivor.log, "utf8").slice(survivorLogFrom)
        for (const id of victimJobs) expect(taken).toContain(`job active ${id}`)
        expect(survivor.running()).toBe(true)

        await expectExactlyOnce(c.id, waIds)
        const { rows: by } = await pg().raw(
          `SELECT split_part(claimed_by, ':', 2) AS pid, count(*)::int AS n FROM whatsapp_campaign_recipient WHERE campaign_id = ? GROUP BY 1 ORDER BY 1`,
          [c.id]
        )
        expect(by.map((r: any) => Number(r.pid))).toContain(survivor.pid)
        const firstStall = stalled.slice(stalledBefore)[0]?.at ?? NaN
        console.log(
          `bullmq-recovery stalled: killed ${victim.pid} holding ${victimJobs.join(", ")} at ${atKill}/${N} sent; ` +
            `stalled ${firstStall - killedAt} ms after the kill, completed ${doneAt - killedAt} ms after; sent by ${JSON.stringify(by)}`
        )
      })
    },
  })
}
