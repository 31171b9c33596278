/**
 * Workflow steps and their undo. For src/workflows/campaigns: when a later step fails (the
 * enqueue, a hook handler), Medusa runs the compensation of the steps before it, and these put
 * the campaign back.
 */
import type { EngineContext } from "./context"
import { mustGet, validateSendable } from "./lifecycle"
import type { CampaignRunFields } from "./store"
import type { CampaignRow } from "./store"

/** The fields start/resume change; JSON-safe, as workflow compensation input is stored. */
export type CampaignSnapshot = CampaignRunFields

/** Checks what start needs before anything changes; returns what an undo restores. A future time only schedules. */
export async function validateStart(ctx: EngineContext, id: string, opts: { scheduled_at?: Date | null } = {}): Promise<CampaignSnapshot> {
  const c = await mustGet(ctx, id)
  if (!(opts.scheduled_at && opts.scheduled_at.getTime() > Date.now())) await validateSendable(ctx, c)
  return snapshotOf(c)
}

/** The state an undo of resume restores. */
export async function snapshot(ctx: EngineContext, id: string): Promise<CampaignSnapshot> {
  return snapshotOf(await mustGet(ctx, id))
}

/** resume() without the enqueue; null when the campaign was not paused. */
export function markResumed(ctx: EngineContext, id: string, actor: string, reason: string | null = null) {
  return ctx.store.transition(id, "running", actor, reason ?? "resumed", { from: ["paused"] })
}

/**
 * Puts the campaign back as `before` if it is still `now` (what the undone step made it; a later
 * change by someone else is left alone), with an event saying why. Not a state-machine move:
 * running → draft undoes a start that never took effect. `unfreeze` deletes the frozen recipients
 * (deleted, not soft-deleted: the next start freezes again and (campaign, contact) is unique) —
 * only while none has left 'queued'; if a worker already took some, what went cannot be
 * unsent, so the campaign is paused instead.
 */
export async function revertTransition(
  ctx: EngineContext,
  before: CampaignSnapshot,
  now: string,
  actor: string,
  reason: string,
  opts: { unfreeze?: boolean } = {}
): Promise<"reverted" | "paused" | "unchanged"> {
  const taken = Symbol("taken")
  let n = 0
  try {
    return await ctx.store.transaction(async (tx) => {
      if ((await tx.lockCampaignStatus(before.id)) !== now) return "unchanged" as const
      if (opts.unfreeze) {
        // Queued rows are locked by the DELETE, so a worker's SKIP LOCKED claim cannot take them meanwhile.
        n = await tx.deleteQueuedRecipients(before.id)
        if (n > 0) throw taken
      }
      await tx.restoreCampaignRunFields(before)
      await tx.recordCampaignEvent(before.id, now, before.status, actor, reason)
      return "reverted" as const
    })
  } catch (e) {
    if (e !== taken) throw e
    await ctx.store.transition(before.id, "paused", actor, `${reason}; ${n} recipient(s) already taken by a worker, so paused instead`, {
      from: ["running"],
    })
    return "paused"
  }
}

/** Undo of create/retarget: a draft nobody started goes, with its events. */
export function discardDraft(ctx: EngineContext, id: string): Promise<boolean> {
  return ctx.store.deleteUnstartedDraft(id)
}

const iso = (d: unknown) => (d == null ? null : new Date(d as string | number | Date).toISOString())
const snapshotOf = (c: CampaignRow): CampaignSnapshot => ({
  id: c.id,
  status: c.status,
  status_reason: c.status_reason ?? null,
  resume_after: iso(c.resume_after),
  scheduled_at: iso(c.scheduled_at),
  segment_rules: c.segment_rules ?? null,
  frozen_at: iso(c.frozen_at),
  started_at: iso(c.started_at),
  audience_count: Number(c.audience_count ?? 0),
  checkpoint_seq: Number(c.checkpoint_seq ?? 0),
})
