/**
 * A campaign worker process for the crash / BullMQ tests: `medusa exec integration-tests/campaigns/worker.ts`
 * in the repo root boots the app from the root medusa-config.ts (plugin from source) against
 * DATABASE_URL, then does what the `whatsapp-campaign-scheduler` job does — the real job function,
 * called at start-up and every WA_WORKER.tickMs (the cron fires once a minute; a test cannot wait
 * that long) — so running campaigns are (re-)queued and this process's engine sends them.
 *
 * Input: env WA_WORKER = { campaignId, tickMs?, progress? } (JSON). With REDIS_URL set the engine
 * uses BullMQ (BullMqQueue + RedisLimiter). Exits 0 when the campaign reaches a terminal state.
 * Meant to be killed (SIGKILL) mid-way; nothing here tries to be graceful about that.
 */
import fs from "node:fs"
import type { ExecArgs } from "@medusajs/framework/types"
import schedulerJob from "../../src/jobs/whatsapp-campaign-scheduler"

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export default async function campaignWorker({ container }: ExecArgs) {
  const cfg = JSON.parse(process.env.WA_WORKER || "{}") as { campaignId: string; tickMs?: number; progress?: string }
  const say = (line: string) => cfg.progress && fs.appendFileSync(cfg.progress, `${new Date().toISOString()} [${process.pid}] ${line}\n`)
  const whatsapp: any = container.resolve("whatsapp")
  const engine = whatsapp.campaigns()
  say(`booted; queue ${engine.queue().kind}`)
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
    const c = await engine.get(cfg.campaignId)
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
