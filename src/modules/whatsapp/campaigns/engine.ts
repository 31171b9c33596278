/**
 * The campaign engine the module service delegates to. It composes the parts, each in its own
 * file: lifecycle.ts (each change through the state machine, recorded with who and why),
 * scheduler.ts (the tick and the reactions to webhooks: template paused, quality RED), undo.ts
 * (what workflow compensations call), and here the queue, the limiter and the numbers. The send
 * loop itself is pipeline.ts; all SQL is behind store/.
 */
import { allRecipients, attributionByCustomer, countRecipients, recipientPage } from "./recipient-report"
import { hostname } from "node:os"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { TERMINAL_STATES, type CampaignState } from "../domain/campaign-rules"
import type { WhatsAppProvider } from "../channels/provider"
import type { EngineContext } from "./context"
import * as lifecycle from "./lifecycle"
import { localLimiterFor, RedisLimiterCache, type Limiter } from "./limiter"
import type { PipelineDeps } from "./pipeline"
import { BullMqQueue, InProcessQueue, type CampaignQueue } from "./queue"
import type { CampaignQueueEnv } from "./queue-env"
import { campaignStats, estimateCampaign } from "./results"
import * as scheduler from "./scheduler"
import * as sendTime from "./send-time"
import { loadCampaignSettings, loadPriceTable, type CampaignSettings } from "./settings"
import { PgCampaignStore, type CampaignStore } from "./store"
import * as undo from "./undo"
import type { CampaignSnapshot } from "./undo"

// Imported from this path by the module service, the admin campaign route and the workflows.
export { CampaignNotEditableError } from "./errors"
export { campaignQueueEnv, type CampaignQueueEnv } from "./queue-env"
export type { CampaignSnapshot } from "./undo"

export interface EngineOptions {
  /** The database, the container's Knex (this.db inside). */
  pg: Knex
  provider: () => WhatsAppProvider
  phoneNumberId: string
  storeTimezone: string
  storeName?: string | null
  /** See PipelineDeps.trackLinks. */
  trackLinks?: PipelineDeps["trackLinks"]
  logger?: PipelineDeps["logger"]
  /** REDIS_URL: BullMQ path; otherwise in-process. */
  redisUrl?: string | null
  /** false: this process enqueues but does not send (separate worker processes do). */
  runWorker?: boolean
  /** BullMQ tuning, from the environment (see campaignQueueEnv). */
  bullmq?: CampaignQueueEnv
}

const ACTIVE = ["scheduled", "running", "paused"]

export class CampaignEngine {
  private queue_: CampaignQueue | null = null
  private redis_: any = null
  readonly workerId = `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`
  private readonly db: Knex
  private readonly store: CampaignStore
  private readonly ctx: EngineContext

  constructor(private readonly options: EngineOptions) {
    this.db = options.pg
    this.store = new PgCampaignStore(options.pg)
    this.ctx = {
      store: this.store,
      settings: () => loadCampaignSettings(this.db),
      enqueue: (id) => this.enqueue(id),
      storeTimezone: options.storeTimezone,
    }
  }

  /** What "store.name" parameters resolve to (previews render like the sender). */
  get storeName(): string | null {
    return this.options.storeName ?? null
  }

  pipelineDeps(): PipelineDeps {
    return {
      store: this.store,
      provider: this.options.provider,
      limiter: (s) => this.limiter(s),
      settings: () => loadCampaignSettings(this.db),
      storeTimezone: this.options.storeTimezone,
      storeName: this.options.storeName,
      workerId: this.workerId,
      logger: this.options.logger,
      pauseForTemplate: (name, reason) => this.pauseForTemplate(name, null, reason).then(() => {}),
      trackLinks: this.options.trackLinks,
    }
  }

  private limiter(s: CampaignSettings): Limiter {
    if (this.options.redisUrl) {
      if (!this.redis_) {
        const IORedis = require("ioredis")
        this.redis_ = new IORedis(this.options.redisUrl, { maxRetriesPerRequest: null })
      }
      return new RedisLimiterCache(this.redis_, `${this.options.bullmq?.prefix ?? "wa"}:bucket:${this.options.phoneNumberId}`).get(s.throughput_mps)
    }
    return localLimiterFor(this.options.phoneNumberId, s.throughput_mps)
  }

  queue(): CampaignQueue {
    if (!this.queue_) {
      const slots = async () => (await loadCampaignSettings(this.db)).slots
      const onError = (e: Error) => this.options.logger?.error(`whatsapp: campaign worker failed: ${e.message}`)
      this.queue_ = this.options.redisUrl
        ? new BullMqQueue(this.pipelineDeps(), {
            redisUrl: this.options.redisUrl,
            prefix: this.options.bullmq?.prefix,
            lockDuration: this.options.bullmq?.lockDurationMs,
            stalledInterval: this.options.bullmq?.stalledIntervalMs,
            slots,
            startWorker: this.options.runWorker !== false,
            onError,
          })
        : this.options.runWorker === false
          ? { kind: "in-process", enqueue: async () => {}, close: async () => {} }
          : new InProcessQueue(this.pipelineDeps(), slots, onError)
    }
    return this.queue_
  }

  async enqueue(id: string) {
    await this.queue().enqueue(id)
  }

  async close() {
    await this.queue_?.close()
    await this.redis_?.quit().catch(() => {})
  }

  // ---------------------------------------------------------------- lifecycle (lifecycle.ts)

  create(input: Record<string, any>, actor: string) {
    return lifecycle.create(this.ctx, input, actor)
  }

  get(id: string) {
    return lifecycle.get(this.ctx, id)
  }

  list(page: { limit?: number; offset?: number } = {}) {
    return lifecycle.list(this.ctx, page)
  }

  events(id: string) {
    return lifecycle.events(this.ctx, id)
  }

  start(id: string, actor: string, opts: { scheduled_at?: Date | null; requireScheduled?: boolean; enqueue?: boolean } = {}) {
    return lifecycle.start(this.ctx, id, actor, opts)
  }

  update(id: string, patch: Record<string, any>, actor: string) {
    return lifecycle.update(this.ctx, id, patch, actor)
  }

  unschedule(id: string, actor: string, reason: string | null) {
    return lifecycle.unschedule(this.ctx, id, actor, reason)
  }

  remove(id: string, actor: string): Promise<boolean> {
    return lifecycle.remove(this.ctx, id, actor)
  }

  pause(id: string, actor: string, reason: string | null) {
    return lifecycle.pause(this.ctx, id, actor, reason)
  }

  resume(id: string, actor: string, reason: string | null = null) {
    return lifecycle.resume(this.ctx, id, actor, reason)
  }

  cancel(id: string, actor: string, reason: string | null) {
    return lifecycle.cancel(this.ctx, id, actor, reason)
  }

  retarget(parentId: string, criterion: "not_read" | "not_replied", overrides: Record<string, any>, actor: string) {
    return lifecycle.retarget(this.ctx, parentId, criterion, overrides, actor)
  }

  // ---------------------------------------------------------------- scheduler and reactions (scheduler.ts)

  pauseForTemplate(name: string, language: string | null, reason: string): Promise<string[]> {
    return scheduler.pauseForTemplate(this.ctx, name, language, reason)
  }

  pauseAll(reason: string, actor = "webhook"): Promise<string[]> {
    return scheduler.pauseAll(this.ctx, reason, actor)
  }

  tick(now = new Date()) {
    return scheduler.tick(this.ctx, now)
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

  /** The wizard's best-hour preview: the spread of planned send times if the campaign started now. */
  async previewSendTimes(input: { segment_id?: string | null; window_hours: number; timezone?: string | null }) {
    const rules = input.segment_id ? await this.store.segmentRules(input.segment_id) : null
    if (input.segment_id && !rules) throw new Error(`Segment ${input.segment_id} does not exist`)
    return sendTime.previewSendTimes(
      this.store,
      { segment_rules: rules, retarget: null },
      {
        now: new Date(),
        window_hours: input.window_hours,
        timezone: input.timezone || this.options.storeTimezone,
        quiet_hours: (await loadCampaignSettings(this.db)).quiet_hours,
      }
    )
  }

  async stats(id: string) {
    const c = await lifecycle.mustGet(this.ctx, id)
    return campaignStats(this.db, c, await loadPriceTable(this.db))
  }

  /** One page of per-recipient results (recipient-report.ts). */
  async recipients(id: string, page: { limit: number; offset: number }) {
    const c = await lifecycle.mustGet(this.ctx, id)
    const [count, attribution] = await Promise.all([countRecipients(this.db, c.id), attributionByCustomer(this.db, c)])
    return { recipients: await recipientPage(this.db, c, page, attribution), count }
  }

  /** Every recipient's results, a page at a time (the CSV export). */
  async *recipientPages(id: string, pageSize = 1000) {
    const c = await lifecycle.mustGet(this.ctx, id)
    yield* allRecipients(this.db, c, pageSize)
  }

  static isActive(status: string) {
    return ACTIVE.includes(status) && !TERMINAL_STATES.includes(status as CampaignState)
  }

  // ---------------------------------------------------------------- workflow steps and their undo (undo.ts)

  validateStart(id: string, opts: { scheduled_at?: Date | null } = {}): Promise<CampaignSnapshot> {
    return undo.validateStart(this.ctx, id, opts)
  }

  snapshot(id: string): Promise<CampaignSnapshot> {
    return undo.snapshot(this.ctx, id)
  }

  markResumed(id: string, actor: string, reason: string | null = null) {
    return undo.markResumed(this.ctx, id, actor, reason)
  }

  revertTransition(
    before: CampaignSnapshot,
    now: string,
    actor: string,
    reason: string,
    opts: { unfreeze?: boolean } = {}
  ): Promise<"reverted" | "paused" | "unchanged"> {
    return undo.revertTransition(this.ctx, before, now, actor, reason, opts)
  }

  discardDraft(id: string): Promise<boolean> {
    return undo.discardDraft(this.ctx, id)
  }
}
