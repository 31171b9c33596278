/**
 * A campaign worker process for the crash / BullMQ tests: `medusa exec integration-tests/campaigns/worker.ts`
 * in the repo root boots the app from the root medusa-config.ts (plugin from source) against
 * DATABASE_URL, then does what the `whatsapp-campaign-scheduler` job does — the real job function,
 * called at start-up and every WA_WORKER.tickMs (the cron fires once a minute; a test cannot wait
 * that long) — so running campaigns are (re-)queued and this process's engine sends them.
 *
 * Input: env WA_WORKER = { campaignId?, tickMs?, progress? } (JSON). With REDIS_URL set the engine
 * uses BullMQ (BullMqQueue + RedisLimiter), and the progress log names its BullMQ worker id and each
 * job it takes ("job active <id>"), so a test can tell which process holds which job. Exits 0 when
 * the campaign reaches a terminal state; without campaignId it runs until it is killed.
 * Meant to be killed (SIGKILL) mid-way; nothing here tries to be graceful about that.
 */
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import schedulerJob from "../../src/jobs/whatsapp-campaign-scheduler"
import { sleep } from "../helpers/time"

export default async function campaignWorker({ container }: ExecArgs) {
  const cfg = JSON.parse(process.env.WA_WORKER || "{}") as { campaignId?: string; tickMs?: number; progress?: string }
  const say = (line: string) => cfg.progress && fs.appendFileSync(cfg.progress, `${new Date().toISOString()} [${process.pid}] ${line}\n`)
  const whatsapp: any = container.resolve("whatsapp")
  const engine = whatsapp.campaigns()
  say(`booted; queue ${engine.queue().kind}`)
  // Observation only: the real BullMQ worker inside the engine's queue.
  const bull = (engine.queue() as any).worker
  if (bull) {
    say(`bullmq worker ${bull.id}`)
    bull.on("active", (job: any) => say(`job active ${job.id}`))
  }
  const tick = async () => {
    try {
      const r = await schedulerJob(container as any)
      return r
    } catch (e: any) {
      say(`tick failed: ${e.message}`)
    }
  }
  await tick()
  say("first tick done")
  let last = Date.now()
  for (;;) {
    const c = cfg.campaignId ? await engine.get(cfg.campaignId) : { status: "serving" }
    if (!c || ["completed", "canceled", "failed"].includes(c.status)) {
      say(`campaign ${c?.status ?? "missing"}`)
      break
    }
    if (Date.now() - last >= (cfg.tickMs ?? 2000)) {
      last = Date.now()
      await tick()
    }
    await sleep(200)
  }
  await engine.close().catch(() => {})
}
