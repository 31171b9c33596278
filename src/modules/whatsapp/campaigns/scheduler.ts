/**
 * The scheduler tick and the reactions to webhooks (template paused, quality RED): the campaign
 * changes nobody asked for in the admin.
 */
import { messageOf } from "../domain/errors"
import type { EngineContext } from "./context"
import { resume, start } from "./lifecycle"

/** Template PAUSED/DISABLED (webhook or 132015/132016): pause every active campaign using it. */
export async function pauseForTemplate(ctx: EngineContext, name: string, language: string | null, reason: string): Promise<string[]> {
  const ids = await ctx.store.runningCampaignIdsUsingTemplate(name, language)
  for (const id of ids) await ctx.store.transition(id, "paused", "webhook", reason, { from: ["running"] })
  return ids
}

/** Quality RED or 131048 (spam limit): every running campaign on the number stops. */
export async function pauseAll(ctx: EngineContext, reason: string, actor = "webhook"): Promise<string[]> {
  const ids = await ctx.store.runningCampaignIds()
  for (const id of ids) await ctx.store.transition(id, "paused", actor, reason, { from: ["running"] })
  return ids
}

/**
 * The scheduler tick: starts due scheduled campaigns, resumes tier-paused ones whose window
 * has room again, and re-enqueues running ones (after a restart nobody else would).
 */
export async function tick(ctx: EngineContext, now = new Date()) {
  const due = await ctx.store.dueScheduledCampaignIds(now)
  const started: string[] = []
  for (const id of due) {
    try {
      const c = await start(ctx, id, "scheduler", { requireScheduled: true })
      if (c?.status === "running") started.push(id)
    } catch (e) {
      await ctx.store.transition(id, "canceled", "scheduler", `could not start: ${messageOf(e)}`).catch(() => {})
    }
  }
  const tier = await ctx.store.tierPausedCampaignIdsDue(now)
  const resumed: string[] = []
  for (const id of tier) {
    await resume(ctx, id, "scheduler", "tier window has room again")
    resumed.push(id)
  }
  const running = await ctx.store.runningCampaignIds()
  for (const id of running) await ctx.enqueue(id)
  return { started, resumed, running: running.length }
}
