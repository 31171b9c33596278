/**
 * Campaign operations the module service delegates to: lifecycle (each change through the state
 * machine, recorded with who and why), the queue, estimates, results and the reactions to
 * webhooks (template paused, quality RED). The send loop itself is pipeline.ts.
 */
import { hostname } from "node:os"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import { TERMINAL_STATES, type CampaignState } from "../domain/campaign-rules"
import type { WhatsAppProvider } from "../channels/provider"
import { CampaignNotEditableError } from "./errors"
import { localLimiterFor, RedisLimiterCache, type Limiter } from "./limiter"
import type { PipelineDeps } from "./pipeline"
import { BullMqQueue, InProcessQueue, type CampaignQueue } from "./queue"
import type { CampaignQueueEnv } from "./queue-env"
import { campaignStats, estimateCampaign } from "./results"
import { loadCampaignSettings, loadPriceTable, type CampaignSettings } from "./settings"
import { PgCampaignStore, type CampaignRunFields, type CampaignStore } from "./store"
import { messageOf } from "../domain/errors"

// Still imported from here by the module service and the admin campaign route.
export { CampaignNotEditableError } from "./errors"
export { campaignQueueEnv, type CampaignQueueEnv } from "./queue-env"

export interface EngineOptions {
  pg: Knex
  provider: () => WhatsAppProvider
  phoneNumberId: string
  storeTimezone: string
  storeName?: string | null
  logger?: PipelineDeps["logger"]
  /** REDIS_URL: BullMQ path; otherwise in-process. */
  redisUrl?: string | null
  /** false: this process enqueues but does not send (separate worker processes do). */
  runWorker?: boolean
  /** BullMQ tuning, from the environment (see campaignQueueEnv). */
  bullmq?: CampaignQueueEnv
}

const ACTIVE = ["scheduled", "running", "paused"]
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
]
const JSON_COLUMNS = ["parameters", "cta"]

export class CampaignEngine {
  private queue_: CampaignQueue | null = null
  private redis_: any = null
  readonly workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`

  private readonly db: Knex
  private readonly store: CampaignStore

  constructor(private readonly o: EngineOptions) {
    this.db = o.pg
    this.store = new PgCampaignStore(o.pg)
  }

  /** What "store.name" parameters resolve to (previews render like the sender). */
  get storeName(): string | null {
    return this.o.storeName ?? null
  }

  pipelineDeps(): PipelineDeps {
    return {
      store: this.store,
      provider: this.o.provider,
      limiter: (s) => this.limiter(s),
      settings: () => loadCampaignSettings(this.db),
      storeTimezone: this.o.storeTimezone,
      storeName: this.o.storeName,
      workerId: this.workerId,
      logger: this.o.logger,
      pauseForTemplate: (name, reason) => this.pauseForTemplate(name, null, reason).then(() => {}),
    }
  }

  private limiter(s: CampaignSettings): Limiter {
    if (this.o.redisUrl) {
      if (!this.redis_) {
        const IORedis = require("ioredis")
        this.redis_ = new IORedis(this.o.redisUrl, { maxRetriesPerRequest: null })
      }
      return new RedisLimiterCache(this.redis_, `${this.o.bullmq?.prefix ?? "wa"}:bucket:${this.o.phoneNumberId}`).get(s.throughput_mps)
    }
    return localLimiterFor(this.o.phoneNumberId, s.throughput_mps)
  }

  queue(): CampaignQueue {
    if (!this.queue_) {
      const slots = async () => (await loadCampaignSettings(this.db)).slots
      const onError = (e: Error) => this.o.logger?.error(`whatsapp: campaign worker failed: ${e.message}`)
      this.queue_ = this.o.redisUrl
        ? new BullMqQueue(this.pipelineDeps(), {
            redisUrl: this.o.redisUrl,
            prefix: this.o.bullmq?.prefix,
            lockDuration: this.o.bullmq?.lockDurationMs,
            stalledInterval: this.o.bullmq?.stalledIntervalMs,
            slots,
            startWorker: this.o.runWorker !== false,
            onError,
          })
        : this.o.runWorker === false
          ? { kind: "in-process", enqueue: async () => {}, close: async () => {} }
          : new InProcessQueue(this.pipelineDeps(), slots, onError)
    }
    return this.queue_
  }

  async close() {
    await this.queue_?.close()
    await this.redis_?.quit().catch(() => {})
  }

  // ---------------------------------------------------------------- lifecycle

  async create(input: Record<string, any>, actor: string) {
    const id = generateEntityId(undefined, "wacmp")
    const settings = await loadCampaignSettings(this.db)
    await this.store.insertCampaign({
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
      created_by: actor,
      metadata: input.metadata,
    })
    await this.store.recordCampaignEvent(id, null, "draft", actor, "created")
    return this.get(id)
  }

  async get(id: string) {
    return this.store.getCampaign(id)
  }

  async list({ limit = 50, offset = 0 } = {}) {
    const { rows, count } = await this.store.listCampaigns({ limit, offset })
    return {
      campaigns: rows.map((c) => ({ ...c, progress: c.audience_count ? c.processed / c.audience_count : 0 })),
      count,
    }
  }

  async events(id: string) {
    return this.store.listCampaignEvents(id)
  }

  /**
   * draft → scheduled (at a time) or → running now: the audience is frozen in the same transaction.
   * requireScheduled (the scheduler): only a campaign still scheduled starts, so one unscheduled
   * since the tick read it stays a draft.
   */
  async start(id: string, actor: string, opts: { scheduled_at?: Date | null; requireScheduled?: boolean; enqueue?: boolean } = {}) {
    let c = await this.mustGet(id)
    if (opts.scheduled_at && opts.scheduled_at.getTime() > Date.now()) {
      await this.store.transition(id, "scheduled", actor, `scheduled for ${opts.scheduled_at.toISOString()}`, { patch: { scheduled_at: opts.scheduled_at } })
      return this.get(id)
    }
    const started = await this.store.transition(id, "running", actor, c.status === "scheduled" ? "scheduled time reached" : "started", {
      from: opts.requireScheduled ? ["scheduled"] : ["draft", "scheduled"],
      inTrx: async (tx) => {
        // Read again under the row lock: an edit between the read above and now is what is sent.
        c = await tx.rereadCampaign(id)
        await this.validateSendable(c)
        if (c.segment_id && !c.segment_rules) {
          c.segment_rules = await tx.segmentRules(c.segment_id)
          if (!c.segment_rules) throw new Error(`Segment ${c.segment_id} does not exist`)
          await tx.setCampaignSegmentRules(id, c.segment_rules)
        }
        const n = await tx.freezeAudience(c, new Date())
        await tx.markCampaignFrozen(id, n)
      },
    })
    // enqueue: false — startCampaignWorkflow queues in a step of its own, so that failing undoes the start.
    if (opts.enqueue !== false && (started || !opts.requireScheduled)) await this.queue().enqueue(id)
    return this.get(id)
  }

  /**
   * Edits a draft or a scheduled campaign (nothing is frozen yet). Under the row lock, so it
   * cannot interleave with a start; the result must still be a complete message.
   */
  async update(id: string, patch: Record<string, any>, actor: string) {
    await this.store.transaction(async (tx) => {
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
    return this.get(id)
  }

  /** scheduled → draft: it will not start by itself; the time it had is kept in the event's reason. */
  async unschedule(id: string, actor: string, reason: string | null) {
    const c = await this.mustGet(id)
    const was = c.scheduled_at ? ` (was ${new Date(c.scheduled_at).toISOString()})` : ""
    await this.store.transition(id, "draft", actor, `${reason?.trim() || "unscheduled by merchant"}${was}`, { patch: { scheduled_at: null } })
    return this.get(id)
  }

  /** Soft-deletes a draft; the event says who. Anything that ever ran keeps its results: cancel it instead. */
  async remove(id: string, actor: string): Promise<boolean> {
    return this.store.transaction(async (tx) => {
      const status = await tx.lockCampaignStatus(id)
      if (!status) return false
      if (status !== "draft") throw new CampaignNotEditableError(id, status, "deleted")
      await tx.softDeleteCampaign(id)
      await tx.recordCampaignEvent(id, "draft", "draft", actor, "deleted")
      return true
    })
  }

  async pause(id: string, actor: string, reason: string | null) {
    await this.store.transition(id, "paused", actor, reason ?? "paused by merchant", { from: ["running"] })
    return this.get(id)
  }

  async resume(id: string, actor: string, reason: string | null = null) {
    const r = await this.store.transition(id, "running", actor, reason ?? "resumed", { from: ["paused"] })
    if (r) await this.queue().enqueue(id)
    return this.get(id)
  }

  async cancel(id: string, actor: string, reason: string | null) {
    await this.store.transition(id, "canceled", actor, reason ?? "canceled by merchant", {
      inTrx: (tx) => tx.skipQueuedRecipients(id),
    })
    return this.get(id)
  }

  /** A follow-up to the parent's recipients who did not read / did not reply. */
  async retarget(parentId: string, criterion: "not_read" | "not_replied", overrides: Record<string, any>, actor: string) {
    const p = await this.mustGet(parentId)
    return this.create(
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

  private async validateSendable(c: any) {
    if (c.message_kind === "template") {
      if (!c.template_name || !c.template_language) throw new Error("A template campaign needs template_name and template_language")
      const t = await this.store.templateStatus(c.template_name, c.template_language)
      if (!t) throw new Error(`Template ${c.template_name} (${c.template_language}) is not in the WABA; sync templates`)
      if (t.status !== "APPROVED") throw new Error(`Template ${c.template_name} (${c.template_language}) is ${t.status}, not APPROVED`)
      if (String(t.category).toUpperCase() !== "MARKETING") throw new Error(`Template ${c.template_name} is ${t.category}; campaigns use MARKETING templates`)
    } else if (!c.text) {
      throw new Error("A free-form campaign needs text")
    }
  }

  private async mustGet(id: string) {
    const c = await this.get(id)
    if (!c) throw new Error(`Campaign ${id} does not exist`)
    return c
  }

  // ---------------------------------------------------------------- reactions

  /** Template PAUSED/DISABLED (webhook or 132015/132016): pause every active campaign using it. */
  async pauseForTemplate(name: string, language: string | null, reason: string): Promise<string[]> {
    const ids = await this.store.runningCampaignIdsUsingTemplate(name, language)
    for (const id of ids) await this.store.transition(id, "paused", "webhook", reason, { from: ["running"] })
    return ids
  }

  /** Quality RED or 131048 (spam limit): every running campaign on the number stops. */
  async pauseAll(reason: string, actor = "webhook"): Promise<string[]> {
    const ids = await this.store.runningCampaignIds()
    for (const id of ids) await this.store.transition(id, "paused", actor, reason, { from: ["running"] })
    return ids
  }

  /**
   * The scheduler tick: starts due scheduled campaigns, resumes tier-paused ones whose window
   * has room again, and re-enqueues running ones (after a restart nobody else would).
   */
  async tick(now = new Date()) {
    const due = await this.store.dueScheduledCampaignIds(now)
    const started: string[] = []
    for (const id of due) {
      try {
        const c = await this.start(id, "scheduler", { requireScheduled: true })
        if (c?.status === "running") started.push(id)
      } catch (e) {
        await this.store.transition(id, "canceled", "scheduler", `could not start: ${messageOf(e)}`).catch(() => {})
      }
    }
    const tier = await this.store.tierPausedCampaignIdsDue(now)
    const resumed: string[] = []
    for (const id of tier) {
      await this.resume(id, "scheduler", "tier window has room again")
      resumed.push(id)
    }
    const running = await this.store.runningCampaignIds()
    for (const id of running) await this.queue().enqueue(id)
    return { started, resumed, running: running.length }
  }

  // ---------------------------------------------------------------- numbers

  async estimate(input: Record<string, any>) {
    const rules = input.segment_rules ?? (input.segment_id ? await this.store.segmentRules(input.segment_id) : null)
    return estimateCampaign(
      this.db,
      { segment_rules: rules, message_kind: input.message_kind ?? "template" },
      await loadPriceTable(this.db),
      await loadCampaignSettings(this.db)
    )
  }

  async stats(id: string) {
    const c = await this.mustGet(id)
    return campaignStats(this.db, c, await loadPriceTable(this.db))
  }

  static isActive(status: string) {
    return ACTIVE.includes(status) && !TERMINAL_STATES.includes(status as CampaignState)
  }

  // ---------------------------------------------------------------- workflow steps and their undo
  // For src/workflows/campaigns: when a later step fails (the enqueue, a hook handler), Medusa runs
  // the compensation of the steps before it, and these put the campaign back.

  /** Checks what start needs before anything changes; returns what an undo restores. A future time only schedules. */
  async validateStart(id: string, opts: { scheduled_at?: Date | null } = {}): Promise<CampaignSnapshot> {
    const c = await this.mustGet(id)
    if (!(opts.scheduled_at && opts.scheduled_at.getTime() > Date.now())) await this.validateSendable(c)
    return snapshotOf(c)
  }

  /** The state an undo of resume restores. */
  async snapshot(id: string): Promise<CampaignSnapshot> {
    return snapshotOf(await this.mustGet(id))
  }

  /** resume() without the enqueue; null when the campaign was not paused. */
  markResumed(id: string, actor: string, reason: string | null = null) {
    return this.store.transition(id, "running", actor, reason ?? "resumed", { from: ["paused"] })
  }

  async enqueue(id: string) {
    await this.queue().enqueue(id)
  }

  /**
   * Puts the campaign back as `before` if it is still `now` (what the undone step made it; a later
   * change by someone else is left alone), with an event saying why. Not a state-machine move:
   * running → draft undoes a start that never took effect. `unfreeze` deletes the frozen recipients
   * (deleted, not soft-deleted: the next start freezes again and (campaign, contact) is unique) —
   * only while none has left 'queued'; if a worker already took some, what went cannot be
   * unsent, so the campaign is paused instead.
   */
  async revertTransition(
    before: CampaignSnapshot,
    now: string,
    actor: string,
    reason: string,
    opts: { unfreeze?: boolean } = {}
  ): Promise<"reverted" | "paused" | "unchanged"> {
    const taken = Symbol("taken")
    let n = 0
    try {
      return await this.store.transaction(async (tx) => {
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
      await this.store.transition(before.id, "paused", actor, `${reason}; ${n} recipient(s) already taken by a worker, so paused instead`, {
        from: ["running"],
      })
      return "paused"
    }
  }

  /** Undo of create/retarget: a draft nobody started goes, with its events. */
  async discardDraft(id: string): Promise<boolean> {
    return this.store.deleteUnstartedDraft(id)
  }
}

/** The fields start/resume change; JSON-safe, as workflow compensation input is stored. */
export type CampaignSnapshot = CampaignRunFields

const iso = (d: unknown) => (d == null ? null : new Date(d as any).toISOString())
const snapshotOf = (c: any): CampaignSnapshot => ({
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

const json = (v: unknown) => (v == null ? null : JSON.stringify(v))
