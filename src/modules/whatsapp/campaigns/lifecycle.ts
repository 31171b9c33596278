/**
 * A campaign's lifecycle: create, edit, start, pause, resume, cancel, unschedule, delete and
 * retarget. Each state change goes through the state machine (store transition), recorded with
 * who and why.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import type { EngineContext } from "./context"
import { CampaignNotEditableError } from "./errors"
import { planFrozenAudience, sendTimeOf } from "./send-time"
import type { CampaignRow } from "./store"

/** Nothing is frozen or sent yet: the merchant may still change anything. */
const EDITABLE = ["draft", "scheduled"]
const UPDATABLE = [
  "name",
  "segment_id",
  "message_kind",
  "template_name",
  "template_language",
  "parameters",
  "text",
  "cta",
  "discount_code",
  "scheduled_at",
  "timezone",
  "attribution_window_days",
  "send_time",
]
const JSON_COLUMNS = ["parameters", "cta", "send_time"]

export async function create(ctx: EngineContext, input: Record<string, any>, actor: string) {
  const id = generateEntityId(undefined, "wacmp")
  const settings = await ctx.settings()
  await ctx.store.insertCampaign({
    id,
    name: input.name,
    segment_id: input.segment_id ?? null,
    segment_rules: input.segment_rules,
    retarget: input.retarget,
    message_kind: input.message_kind ?? "template",
    template_name: input.template_name ?? null,
    template_language: input.template_language ?? null,
    template_category: input.template_category ?? null,
    parameters: input.parameters,
    text: input.text ?? null,
    cta: input.cta,
    discount_code: input.discount_code ?? null,
    scheduled_at: input.scheduled_at ?? null,
    timezone: input.timezone ?? null,
    attribution_window_days: input.attribution_window_days ?? settings.attribution_window_days,
    send_time: input.send_time ?? null,
    created_by: actor,
    metadata: input.metadata,
  })
  await ctx.store.recordCampaignEvent(id, null, "draft", actor, "created")
  return get(ctx, id)
}

export function get(ctx: EngineContext, id: string) {
  return ctx.store.getCampaign(id)
}

export async function list(ctx: EngineContext, { limit = 50, offset = 0 } = {}) {
  const { rows, count } = await ctx.store.listCampaigns({ limit, offset })
  return {
    campaigns: rows.map((c) => ({ ...c, progress: c.audience_count ? c.processed / c.audience_count : 0 })),
    count,
  }
}

export function events(ctx: EngineContext, id: string) {
  return ctx.store.listCampaignEvents(id)
}

/**
 * draft → scheduled (at a time) or → running now: the audience is frozen in the same transaction.
 * requireScheduled (the scheduler): only a campaign still scheduled starts, so one unscheduled
 * since the tick read it stays a draft.
 */
export async function start(
  ctx: EngineContext,
  id: string,
  actor: string,
  opts: { scheduled_at?: Date | null; requireScheduled?: boolean; enqueue?: boolean } = {}
) {
  let c = await mustGet(ctx, id)
  if (opts.scheduled_at && opts.scheduled_at.getTime() > Date.now()) {
    await ctx.store.transition(id, "scheduled", actor, `scheduled for ${opts.scheduled_at.toISOString()}`, { patch: { scheduled_at: opts.scheduled_at } })
    return get(ctx, id)
  }
  const started = await ctx.store.transition(id, "running", actor, c.status === "scheduled" ? "scheduled time reached" : "started", {
    from: opts.requireScheduled ? ["scheduled"] : ["draft", "scheduled"],
    inTrx: async (tx) => {
      // Read again under the row lock: an edit between the read above and now is what is sent.
      c = await tx.rereadCampaign(id)
      await validateSendable(ctx, c)
      if (c.segment_id && !c.segment_rules) {
        c.segment_rules = await tx.segmentRules(c.segment_id)
        if (!c.segment_rules) throw new Error(`Segment ${c.segment_id} does not exist`)
        await tx.setCampaignSegmentRules(id, c.segment_rules)
      }
      const now = new Date()
      const n = await tx.freezeAudience(c, now)
      // Best hour: each recipient's planned time, which the claim waits for (not_before).
      const bestHour = sendTimeOf(c)
      if (n && bestHour) {
        await planFrozenAudience(tx, id, {
          now,
          window_hours: bestHour.window_hours,
          timezone: c.timezone || ctx.storeTimezone,
          quiet_hours: (await ctx.settings()).quiet_hours,
        })
      }
      await tx.markCampaignFrozen(id, n)
    },
  })
  // enqueue: false — startCampaignWorkflow queues in a step of its own, so that failing undoes the start.
  if (opts.enqueue !== false && (started || !opts.requireScheduled)) await ctx.enqueue(id)
  return get(ctx, id)
}

/**
 * Edits a draft or a scheduled campaign (nothing is frozen yet). Under the row lock, so it
 * cannot interleave with a start; the result must still be a complete message.
 */
export async function update(ctx: EngineContext, id: string, patch: Record<string, any>, actor: string) {
  await ctx.store.transaction(async (tx) => {
    const c = await tx.lockCampaign(id)
    if (!c) throw new Error(`Campaign ${id} does not exist`)
    if (!EDITABLE.includes(c.status)) throw new CampaignNotEditableError(id, c.status, "edited")
    const next = { ...c, ...patch }
    if (next.message_kind === "template" ? !next.template_name || !next.template_language : !next.text) {
      throw new Error("a template campaign needs template_name and template_language; a text campaign needs text")
    }
    if ("segment_id" in patch && c.retarget && patch.segment_id) throw new Error("A follow-up goes to its parent's recipients; it has no segment")
    if (c.status === "scheduled" && "scheduled_at" in patch && !(patch.scheduled_at instanceof Date && patch.scheduled_at.getTime() > Date.now())) {
      throw new Error("A scheduled campaign needs a start time in the future; unschedule it to make it a draft")
    }
    const cols: Record<string, unknown> = {}
    for (const k of UPDATABLE) if (k in patch) cols[k] = JSON_COLUMNS.includes(k) ? json(patch[k]) : patch[k]
    // A new segment is read again at start; a new template's category is not known until then.
    if ("segment_id" in patch) cols.segment_rules = null
    if ("template_name" in patch || "template_language" in patch) cols.template_category = null
    if (!Object.keys(cols).length) return
    await tx.updateCampaignColumns(id, cols)
    if (c.status === "scheduled" && patch.scheduled_at) {
      await tx.recordCampaignEvent(id, "scheduled", "scheduled", actor, `rescheduled for ${patch.scheduled_at.toISOString()}`)
    }
  })
  return get(ctx, id)
}

/** scheduled → draft: it will not start by itself; the time it had is kept in the event's reason. */
export async function unschedule(ctx: EngineContext, id: string, actor: string, reason: string | null) {
  const c = await mustGet(ctx, id)
  const was = c.scheduled_at ? ` (was ${new Date(c.scheduled_at).toISOString()})` : ""
  await ctx.store.transition(id, "draft", actor, `${reason?.trim() || "unscheduled by merchant"}${was}`, { patch: { scheduled_at: null } })
  return get(ctx, id)
}

/** Soft-deletes a draft; the event says who. Anything that ever ran keeps its results: cancel it instead. */
export function remove(ctx: EngineContext, id: string, actor: string): Promise<boolean> {
  return ctx.store.transaction(async (tx) => {
    const status = await tx.lockCampaignStatus(id)
    if (!status) return false
    if (status !== "draft") throw new CampaignNotEditableError(id, status, "deleted")
    await tx.softDeleteCampaign(id)
    await tx.recordCampaignEvent(id, "draft", "draft", actor, "deleted")
    return true
  })
}

export async function pause(ctx: EngineContext, id: string, actor: string, reason: string | null) {
  await ctx.store.transition(id, "paused", actor, reason ?? "paused by merchant", { from: ["running"] })
  return get(ctx, id)
}

export async function resume(ctx: EngineContext, id: string, actor: string, reason: string | null = null) {
  const r = await ctx.store.transition(id, "running", actor, reason ?? "resumed", { from: ["paused"] })
  if (r) await ctx.enqueue(id)
  return get(ctx, id)
}

export async function cancel(ctx: EngineContext, id: string, actor: string, reason: string | null) {
  await ctx.store.transition(id, "canceled", actor, reason ?? "canceled by merchant", {
    inTrx: (tx) => tx.skipQueuedRecipients(id),
  })
  return get(ctx, id)
}

/** A follow-up to the parent's recipients who did not read / did not reply. */
export async function retarget(ctx: EngineContext, parentId: string, criterion: "not_read" | "not_replied", overrides: Record<string, any>, actor: string) {
  const p = await mustGet(ctx, parentId)
  return create(
    ctx,
    {
      name: overrides.name ?? `${p.name} — retarget (${criterion.replace("_", " ")})`,
      message_kind: overrides.message_kind ?? p.message_kind,
      template_name: overrides.template_name ?? p.template_name,
      template_language: overrides.template_language ?? p.template_language,
      template_category: overrides.template_name ? null : p.template_category,
      // "in": an explicit null (no CTA, no code) overrides too.
      parameters: "parameters" in overrides ? overrides.parameters : p.parameters,
      text: overrides.text ?? p.text,
      cta: "cta" in overrides ? overrides.cta : p.cta,
      discount_code: "discount_code" in overrides ? overrides.discount_code : p.discount_code,
      retarget: { parent_campaign_id: parentId, criterion },
    },
    actor
  )
}

/** Throws unless the campaign is a complete message: an APPROVED MARKETING template, or text. Reads with the pool, not a caller's transaction. */
export async function validateSendable(ctx: EngineContext, c: CampaignRow) {
  if (c.message_kind === "template") {
    if (!c.template_name || !c.template_language) throw new Error("A template campaign needs template_name and template_language")
    const t = await ctx.store.templateStatus(c.template_name, c.template_language)
    if (!t) throw new Error(`Template ${c.template_name} (${c.template_language}) is not in the WABA; sync templates`)
    if (t.status !== "APPROVED") throw new Error(`Template ${c.template_name} (${c.template_language}) is ${t.status}, not APPROVED`)
    if (String(t.category).toUpperCase() !== "MARKETING") throw new Error(`Template ${c.template_name} is ${t.category}; campaigns use MARKETING templates`)
  } else if (!c.text) {
    throw new Error("A free-form campaign needs text")
  }
}

export async function mustGet(ctx: EngineContext, id: string) {
  const c = await get(ctx, id)
  if (!c) throw new Error(`Campaign ${id} does not exist`)
  return c
}

const json = (v: unknown) => (v == null ? null : JSON.stringify(v))
