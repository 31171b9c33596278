import { createHash, randomUUID } from "node:crypto"
import {
  ContainerRegistrationKeys,
  MedusaError,
  MedusaService,
  Modules,
  generateEntityId,
} from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import WhatsappContact from "./models/contact"
import WhatsappCustomerTag from "./models/customer-tag"
import WhatsappMessage from "./models/message"
import WhatsappTag from "./models/tag"
import WhatsappTemplate from "./models/template"
import WhatsappWebhookReceipt from "./models/webhook-receipt"
import WhatsappSetting from "./models/setting"
import WhatsappNotification from "./models/notification"
import WhatsappNotificationMapping from "./models/notification-mapping"
import WhatsappCustomerMetric from "./models/customer-metric"
import WhatsappSegment from "./models/segment"
import { SegmentSettingsSchema, mergeSegmentSettings, type SegmentSettings } from "./domain/tag-rules"
import { formatIssues, type SegmentRule } from "./domain/segment-rules"
import { recomputeSegments, type RecomputeResult } from "./segmentation/recompute"
import * as segmentQueries from "./segmentation/queries"
import { addManualTag, removeManualTag } from "./segmentation/manual-tags"
import { updateSegment } from "./segmentation/segment-store"
import WhatsappReplyRule from "./models/reply-rule"
import WhatsappFaq from "./models/faq"
import WhatsappConversation from "./models/conversation"
import WhatsappDiscountCode from "./models/discount-code"
import WhatsappCampaign from "./models/campaign"
import WhatsappCampaignRecipient from "./models/campaign-recipient"
import WhatsappCampaignEvent from "./models/campaign-event"
import { backoffDelay } from "./domain/errors"
import { normalizePhone } from "./domain/phone"
import { isWindowOpen } from "./domain/window"
import { parseWhatsAppOptions, redactOptions, type WhatsAppPluginOptions } from "./options"
import { CloudApiClient } from "./providers/cloud-api"
import type { CreateTemplateRequest, MessageTemplate, WebhookPayload } from "./providers/cloud-api/types"
import type { WhatsAppProvider } from "./providers/provider"
import { applyWebhook } from "./webhooks/apply"
import { CampaignEngine, campaignQueueEnv } from "./campaigns/engine"
import { previewCandidates, previewCustomer, renderPreview } from "./campaigns/preview"
import { segmentRules } from "./campaigns/store"
import {
  DEFAULT_CAMPAIGN_SETTINGS,
  completePriceTable,
  loadCampaignSettings,
  loadPriceTable,
  mergeCampaignSettings,
  type CampaignSettingsPatch,
  type PriceTableInput,
} from "./campaigns/settings"
import { DEFAULT_PRICE_TABLE, type CampaignMessageSpec } from "./domain/campaign-rules"
import { DEFAULT_FAQS, DEFAULT_RULES } from "./conversations/defaults"
import { MessageSender, type SendInput, type SendOutcome } from "./sending/sender"
import {
  DEFAULT_MAPPINGS,
  NOTIFICATION_EVENTS,
  type NotificationEvent,
  type NotificationMapping,
} from "./domain/notifications"

type InjectedDependencies = {
  logger: Logger
  [ContainerRegistrationKeys.PG_CONNECTION]: Knex
  [Modules.EVENT_BUS]?: { emit(messages: { name: string; data: unknown }[]): Promise<void> }
}

/** A receipt whose statuses point at messages we do not know yet is retried this many times. */
const MAX_RECEIPT_ATTEMPTS = 8
const SWEEP_INTERVAL_MS = 15_000
/** Receipts processed at once in the background, and how many may wait in memory. */
const RECEIPT_CONCURRENCY = 4
const RECEIPT_BACKLOG_LIMIT = 10_000

export type { SendInput, SendOutcome } from "./sending/sender"

class WhatsappModuleService extends MedusaService({
  WhatsappContact,
  WhatsappMessage,
  WhatsappWebhookReceipt,
  WhatsappTemplate,
  WhatsappTag,
  WhatsappCustomerTag,
  WhatsappSetting,
  WhatsappNotification,
  WhatsappNotificationMapping,
  WhatsappCustomerMetric,
  WhatsappSegment,
  WhatsappReplyRule,
  WhatsappFaq,
  WhatsappConversation,
  WhatsappDiscountCode,
  WhatsappCampaign,
  WhatsappCampaignRecipient,
  WhatsappCampaignEvent,
}) {
  protected readonly options_: WhatsAppPluginOptions
  protected readonly logger_: Logger
  protected readonly pg_: Knex
  protected readonly container_: InjectedDependencies
  protected provider_: WhatsAppProvider
  protected readonly sender_: MessageSender
  protected sweepTimer_?: NodeJS.Timeout
  /** Receipt drain workers running now (bounded by RECEIPT_CONCURRENCY). */
  protected readonly inFlight_ = new Set<Promise<unknown>>()
  /** Fire-and-forget calls (mark-read) that shutdown still waits for. */
  protected readonly background_ = new Set<Promise<unknown>>()

  constructor(container: InjectedDependencies, options: unknown) {
    // @ts-ignore MedusaService takes the container and the options through arguments
    super(...arguments)
    // A bad option stops the app here, with a message naming the option.
    this.options_ = parseWhatsAppOptions(options)
    this.container_ = container
    this.logger_ = container.logger
    this.pg_ = container[ContainerRegistrationKeys.PG_CONNECTION]
    this.provider_ = new CloudApiClient(this.options_)
    this.sender_ = new MessageSender(this.pg_, () => this.provider_, this.options_.default_region)
  }

  __hooks = {
    // Receipts stored but not processed (crash after the 200) are picked up again on start.
    onApplicationStart: async () => {
      await this.ensureDefaultReplyRules().catch((e) => this.logger_.warn(`whatsapp: seeding reply rules failed: ${e.message}`))
      await this.processPendingReceipts({ includeRecent: true }).catch((e) =>
        this.logger_.error(`whatsapp: recovering webhook receipts failed: ${e.message}`)
      )
      // Started once: a second start (tests call the hook again) must not leave the first sweeper running.
      clearInterval(this.sweepTimer_)
      this.sweepTimer_ = setInterval(() => {
        void this.processPendingReceipts().catch((e) => this.logger_.warn(`whatsapp: receipt sweep failed: ${e.message}`))
      }, SWEEP_INTERVAL_MS)
      this.sweepTimer_.unref()
    },
    onApplicationPrepareShutdown: async () => {
      clearInterval(this.sweepTimer_)
      await Promise.allSettled([...this.inFlight_, ...this.background_])
      // Campaign loops finish their batch and record it; a BullMQ worker hands its jobs back
      // instead of leaving them to stall, and its Redis connections close.
      await this.campaigns_?.close().catch((e) => this.logger_.warn(`whatsapp: closing the campaign engine failed: ${e.message}`))
    },
    onApplicationShutdown: async () => {
      clearInterval(this.sweepTimer_)
    },
  }

  getOptions(): WhatsAppPluginOptions {
    return this.options_
  }

  getRedactedOptions() {
    return redactOptions(this.options_)
  }

  getProvider(): WhatsAppProvider {
    return this.provider_
  }

  /** Tests and the sandbox swap the provider; production never does. */
  setProvider(provider: WhatsAppProvider) {
    this.provider_ = provider
  }

  normalizePhone(phone: string) {
    return normalizePhone(phone, this.options_.default_region)
  }

  // ------------------------------------------------------------------ webhooks

  /**
   * Stores the exact bytes before anything else. Returns the receipt id, or duplicate=true when
   * the same bytes were already stored (Meta redelivers).
   */
  async storeWebhookReceipt(raw: Buffer | string, signature: string | null): Promise<{ id: string; duplicate: boolean }> {
    const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : raw
    const dedupe = createHash("sha256").update(raw).digest("hex")
    const id = generateEntityId(undefined, "wawhr")
    const { rows } = await this.pg_.raw(
      `INSERT INTO whatsapp_webhook_receipt (id, dedupe_key, raw_body, signature)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (dedupe_key) WHERE deleted_at IS NULL DO NOTHING RETURNING id`,
      [id, dedupe, text, signature]
    )
    if (rows.length) return { id: rows[0].id, duplicate: false }
    const existing = await this.pg_.raw(
      `SELECT id FROM whatsapp_webhook_receipt WHERE dedupe_key = ? AND deleted_at IS NULL`,
      [dedupe]
    )
    return { id: existing.rows[0].id, duplicate: true }
  }

  /** Processes in the background; the returned promise is tracked so shutdown can wait for it. */
  processReceiptInBackground(id: string) {
    // Bounded: a burst of webhooks must not take every pooled connection from the ack path.
    // Past the backlog limit ids are dropped here; they stay pending and the sweeper takes them.
    if (this.receiptQueue_.length >= RECEIPT_BACKLOG_LIMIT) return
    this.receiptQueue_.push(id)
    while (this.inFlight_.size < RECEIPT_CONCURRENCY && this.receiptQueue_.length) {
      const p: Promise<unknown> = this.drainReceipts_().finally(() => this.inFlight_.delete(p))
      this.inFlight_.add(p)
    }
  }

  protected readonly receiptQueue_: string[] = []

  protected async drainReceipts_() {
    for (let id = this.receiptQueue_.shift(); id; id = this.receiptQueue_.shift()) {
      await this.processReceipt(id).catch((e) => this.logger_.error(`whatsapp: processing receipt ${id} failed: ${e.message}`))
    }
  }

  /**
   * Applies one stored receipt in a transaction, then (after commit) emits events and marks
   * inbound messages read. Concurrent calls for the same receipt: one wins, the other skips.
   */
  async processReceipt(id: string): Promise<{ status: "processed" | "retry" | "failed" | "skipped" }> {
    let events: { name: string; data: Record<string, unknown> }[] = []
    let markRead: string[] = []
    const result = await this.pg_.transaction(async (trx) => {
      const { rows } = await trx.raw(
        `SELECT id, raw_body, attempts FROM whatsapp_webhook_receipt
         WHERE id = ? AND status = 'pending' AND deleted_at IS NULL FOR UPDATE SKIP LOCKED`,
        [id]
      )
      const receipt = rows[0]
      if (!receipt) return "skipped" as const
      const attempts = receipt.attempts + 1
      let payload: WebhookPayload
      try {
        payload = JSON.parse(receipt.raw_body)
      } catch (e: any) {
        await trx.raw(
          `UPDATE whatsapp_webhook_receipt SET status = 'failed', attempts = ?, last_error = ?, updated_at = now() WHERE id = ?`,
          [attempts, `invalid JSON: ${e.message}`, id]
        )
        return "failed" as const
      }
      const outcome = await applyWebhook(trx, payload)
      events = outcome.events
      markRead = outcome.markRead
      if (outcome.unmatchedStatuses && attempts < MAX_RECEIPT_ATTEMPTS) {
        // The status may have raced ahead of our recording of the send; try again shortly.
        const next = new Date(Date.now() + backoffDelay(attempts - 1, { baseMs: 1000, maxMs: 60_000 }) + 500)
        await trx.raw(
          `UPDATE whatsapp_webhook_receipt SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = now() WHERE id = ?`,
          [attempts, next, `${outcome.unmatchedStatuses} status(es) for unknown messages`, id]
        )
        return "retry" as const
      }
      await trx.raw(
        `UPDATE whatsapp_webhook_receipt SET status = 'processed', attempts = ?, processed_at = now(),
           last_error = ?, updated_at = now() WHERE id = ?`,
        [attempts, outcome.unmatchedStatuses ? `${outcome.unmatchedStatuses} status(es) for unknown messages, given up` : null, id]
      )
      return "processed" as const
    })
    if (result === "processed" || result === "retry") {
      await this.emit_(events)
      for (const wamid of markRead) {
        // Marking read is courtesy to the customer (blue ticks): it neither fails nor delays the
        // processing of the next webhook; shutdown still waits for it.
        const p: Promise<unknown> = this.provider_
          .markRead(wamid)
          .catch((e) => this.logger_.warn(`whatsapp: mark-read ${wamid} failed: ${e.message}`))
          .finally(() => this.background_.delete(p))
        this.background_.add(p)
      }
    }
    return { status: result }
  }

  /** Picks up receipts left pending: crashed before processing, or waiting for a retry. */
  async processPendingReceipts({ includeRecent = false, limit = 500 } = {}): Promise<number> {
    const { rows } = await this.pg_.raw(
      `SELECT id FROM whatsapp_webhook_receipt
       WHERE status = 'pending' AND deleted_at IS NULL
         AND (next_attempt_at IS NULL OR next_attempt_at <= now())
         AND (? OR next_attempt_at IS NOT NULL OR created_at < now() - interval '10 seconds')
       ORDER BY created_at LIMIT ?`,
      [includeRecent, limit]
    )
    for (const r of rows) await this.processReceipt(r.id)
    return rows.length
  }

  protected async emit_(events: { name: string; data: Record<string, unknown> }[]) {
    if (!events.length) return
    const bus = this.container_[Modules.EVENT_BUS]
    if (!bus) return
    await bus.emit(events).catch((e: Error) => this.logger_.warn(`whatsapp: emitting events failed: ${e.message}`))
  }

  // ------------------------------------------------------------------ sending

  /**
   * Records, then sends, exactly once per idempotency key (see MessageSender). Retryable provider
   * errors leave the row "pending" for the caller to retry; others mark it failed.
   */
  sendMessage(input: SendInput): Promise<SendOutcome> {
    return this.sender_.send(input)
  }

  /**
   * Sends a failed outbound message again, as a new message (new key, same content), and moves
   * the notification that pointed at it to the new one.
   */
  async resendMessage(id: string): Promise<SendOutcome> {
    const [orig] = await this.listWhatsappMessages({ id }, { take: 1 })
    if (!orig) throw new Error(`Message ${id} does not exist`)
    if (orig.direction !== "outbound" || orig.status !== "failed") {
      throw new Error(`Only a failed outbound message can be resent; ${id} is ${orig.direction} ${orig.status}`)
    }
    const { rows } = await this.pg_.raw(
      `SELECT count(*)::int AS n FROM whatsapp_message WHERE idempotency_key LIKE ?`,
      [`${orig.idempotency_key.replace(/[%_\\]/g, "\\$&")}:resend:%`]
    )
    const payload = (orig.payload ?? {}) as any
    const { messaging_product, to, biz_opaque_callback_data, recipient_type, ...request } = payload
    const outcome = await this.sendMessage({
      idempotency_key: `${orig.idempotency_key}:resend:${rows[0].n + 1}`,
      to: orig.wa_id,
      customer_id: orig.customer_id,
      order_id: orig.order_id,
      source: orig.source ?? "resend",
      request,
      metadata: { resend_of: orig.id },
    })
    const status = outcome.outcome === "failed" ? (outcome.error.classification.retryable ? "pending" : "failed") : "sent"
    const reason = outcome.outcome === "failed" ? `${outcome.error.code ?? "error"}: ${outcome.error.classification.title}` : null
    await this.pg_.raw(
      `UPDATE whatsapp_notification SET message_id = ?, status = ?, reason = ?, updated_at = now() WHERE message_id = ?`,
      [outcome.message.id, status, reason, orig.id]
    )
    return outcome
  }

  // ------------------------------------------------------------------ contacts

  upsertContactByWaId(wa_id: string, customer_id: string | null): Promise<{ id: string; customer_id: string | null }> {
    return this.sender_.upsertContact(wa_id, customer_id)
  }

  /**
   * Ties a contact (and its past messages) to a customer. Called when a customer with the
   * contact's phone appears or changes their phone.
   */
  async linkContactToCustomer(wa_id: string, customer_id: string): Promise<{ id: string; customer_id: string }> {
    return this.pg_.transaction(async (trx) => {
      const { rows } = await trx.raw(
        `INSERT INTO whatsapp_contact (id, wa_id, customer_id) VALUES (?, ?, ?)
         ON CONFLICT (wa_id) WHERE deleted_at IS NULL DO UPDATE SET customer_id = EXCLUDED.customer_id, updated_at = now()
           WHERE whatsapp_contact.customer_id IS DISTINCT FROM EXCLUDED.customer_id
         RETURNING id, customer_id`,
        [generateEntityId(undefined, "wacon"), wa_id, customer_id]
      )
      if (!rows.length) {
        // Already linked to this customer: nothing to change.
        const existing = await trx.raw(`SELECT id, customer_id FROM whatsapp_contact WHERE wa_id = ? AND deleted_at IS NULL`, [wa_id])
        return existing.rows[0]
      }
      await trx.raw(
        `UPDATE whatsapp_message SET customer_id = ?, updated_at = now()
         WHERE contact_id = ? AND customer_id IS DISTINCT FROM ?`,
        [customer_id, rows[0].id, customer_id]
      )
      return rows[0]
    })
  }

  /** Records a consent decision with where it came from and when. */
  async setConsent(
    contact_id: string,
    purpose: "transactional" | "marketing",
    consent: "granted" | "revoked",
    source: string
  ) {
    const col = purpose === "marketing" ? "marketing" : "transactional"
    const { rows } = await this.pg_.raw(
      `UPDATE whatsapp_contact SET ${col}_consent = ?, ${col}_consent_source = ?, ${col}_consent_at = now(), updated_at = now()
       WHERE id = ? AND deleted_at IS NULL RETURNING *`,
      [consent, source, contact_id]
    )
    return rows[0] ?? null
  }

  isWindowOpen(contact: { last_inbound_at: Date | string | null }, now = new Date()) {
    return isWindowOpen(contact.last_inbound_at ? new Date(contact.last_inbound_at).toISOString() : null, now)
  }

  // ------------------------------------------------------------------ ordering per contact

  protected readonly contactChains_ = new Map<string, Promise<unknown>>()

  /**
   * Runs sends to one contact one after another, in the order they were asked for, so an
   * "order shipped" never overtakes its "order placed". (Per process; see README for limits.)
   */
  inContactOrder<T>(wa_id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.contactChains_.get(wa_id) ?? Promise.resolve()
    const run = prev.then(fn, fn)
    const tail = run.catch(() => undefined)
    this.contactChains_.set(wa_id, tail)
    void tail.then(() => {
      if (this.contactChains_.get(wa_id) === tail) this.contactChains_.delete(wa_id)
    })
    return run
  }

  // ------------------------------------------------------------------ notifications

  /** Every event's mapping: the merchant's row where there is one, else the shipped default. */
  async getNotificationMappings(): Promise<NotificationMapping[]> {
    const rows = await this.listWhatsappNotificationMappings({}, { take: 100 })
    return NOTIFICATION_EVENTS.map((event) => {
      const row = rows.find((r: any) => r.event === event)
      const def = DEFAULT_MAPPINGS.find((d) => d.event === event)!
      return row
        ? {
            event,
            enabled: row.enabled,
            template_name: row.template_name,
            template_language: row.template_language,
            parameters: row.parameters as any,
          }
        : def
    })
  }

  async getNotificationMapping(event: NotificationEvent): Promise<NotificationMapping | null> {
    return (await this.getNotificationMappings()).find((m) => m.event === event) ?? null
  }

  async saveNotificationMapping(mapping: NotificationMapping): Promise<NotificationMapping> {
    await this.pg_.raw(
      `INSERT INTO whatsapp_notification_mapping (id, event, enabled, template_name, template_language, parameters)
       VALUES (?, ?, ?, ?, ?, ?::jsonb)
       ON CONFLICT (event) WHERE deleted_at IS NULL DO UPDATE SET enabled = EXCLUDED.enabled,
         template_name = EXCLUDED.template_name, template_language = EXCLUDED.template_language,
         parameters = EXCLUDED.parameters, updated_at = now()`,
      [
        generateEntityId(undefined, "wamap"),
        mapping.event,
        mapping.enabled,
        mapping.template_name,
        mapping.template_language,
        JSON.stringify(mapping.parameters),
      ]
    )
    return mapping
  }

  /**
   * Claims the right to send one notification. A fresh claim by someone else means "duplicate";
   * a claim left pending for minutes (a crash mid-send) can be taken over.
   */
  async claimNotification(input: {
    key: string
    event: string
    resource_id: string
    order_id?: string | null
    customer_id?: string | null
  }): Promise<{ claimed: boolean; id: string; status: string }> {
    const { rows } = await this.pg_.raw(
      `INSERT INTO whatsapp_notification (id, key, event, resource_id, order_id, customer_id, status)
       VALUES (?, ?, ?, ?, ?, ?, 'pending')
       ON CONFLICT (key) WHERE deleted_at IS NULL DO UPDATE SET updated_at = now()
         WHERE whatsapp_notification.status = 'pending' AND whatsapp_notification.updated_at < now() - interval '2 minutes'
       RETURNING id, status`,
      [generateEntityId(undefined, "wantf"), input.key, input.event, input.resource_id, input.order_id ?? null, input.customer_id ?? null]
    )
    if (rows.length) return { claimed: true, id: rows[0].id, status: rows[0].status }
    const existing = await this.pg_.raw(`SELECT id, status FROM whatsapp_notification WHERE key = ? AND deleted_at IS NULL`, [input.key])
    return { claimed: false, id: existing.rows[0].id, status: existing.rows[0].status }
  }

  /** Pending claims nobody has touched for a while: retryable failures or a crash mid-send. */
  async listStaleNotifications({ olderThanMinutes = 2, limit = 200 } = {}) {
    const { rows } = await this.pg_.raw(
      `SELECT id, event, resource_id, order_id FROM whatsapp_notification
       WHERE status = 'pending' AND deleted_at IS NULL AND updated_at < now() - make_interval(mins => ?)
       ORDER BY updated_at LIMIT ?`,
      [olderThanMinutes, limit]
    )
    return rows as { id: string; event: string; resource_id: string; order_id: string | null }[]
  }

  /** Compensation: give the claim back so a redelivered event can try again. */
  async releaseNotification(id: string) {
    await this.pg_.raw(`DELETE FROM whatsapp_notification WHERE id = ? AND status = 'pending'`, [id])
  }

  async completeNotification(
    id: string,
    result: { status: "sent" | "skipped" | "failed" | "pending"; reason?: string | null; message_id?: string | null; template_name?: string; template_language?: string }
  ) {
    await this.pg_.raw(
      `UPDATE whatsapp_notification SET status = ?, reason = ?, message_id = COALESCE(?, message_id),
         template_name = COALESCE(?, template_name), template_language = COALESCE(?, template_language), updated_at = now()
       WHERE id = ?`,
      [result.status, result.reason ?? null, result.message_id ?? null, result.template_name ?? null, result.template_language ?? null, id]
    )
  }

  async findTemplate(name: string, language: string) {
    const [t] = await this.listWhatsappTemplates({ name, language }, { take: 1 })
    return t ?? null
  }

  // ------------------------------------------------------------------ templates

  /** Mirrors the WABA's templates (all pages); templates gone from the WABA are marked DELETED. */
  async syncTemplates(): Promise<{ synced: number; removed: number }> {
    const seen: MessageTemplate[] = []
    for await (const t of this.provider_.listAllTemplates({ limit: 100 })) seen.push(t)
    await this.pg_.transaction(async (trx) => {
      for (const t of seen) await this.upsertTemplate_(trx, t)
    })
    // Template names are [a-z0-9_], so "|" cannot occur in them.
    const keep = seen.map((t) => `${t.name}|${t.language}`)
    const { rowCount } = await this.pg_.raw(
      `UPDATE whatsapp_template SET status = 'DELETED', updated_at = now()
       WHERE deleted_at IS NULL AND status <> 'DELETED' AND NOT (name || '|' || language = ANY(?))`,
      [keep]
    )
    return { synced: seen.length, removed: rowCount ?? 0 }
  }

  protected async upsertTemplate_(db: Knex | Knex.Transaction, t: MessageTemplate) {
    const { rows } = await db.raw(
      `INSERT INTO whatsapp_template (id, provider_template_id, name, language, category, status, components,
         parameter_format, quality_score, rejected_reason, synced_at)
       VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, now())
       ON CONFLICT (name, language) WHERE deleted_at IS NULL DO UPDATE SET
         provider_template_id = EXCLUDED.provider_template_id, category = EXCLUDED.category, status = EXCLUDED.status,
         components = EXCLUDED.components, parameter_format = EXCLUDED.parameter_format,
         quality_score = EXCLUDED.quality_score, rejected_reason = EXCLUDED.rejected_reason, synced_at = now(), updated_at = now()
       RETURNING *`,
      [
        generateEntityId(undefined, "watpl"),
        t.id,
        t.name,
        t.language,
        t.category,
        t.status,
        JSON.stringify(t.components ?? []),
        t.parameter_format ?? null,
        t.quality_score?.score ?? null,
        t.rejected_reason && t.rejected_reason !== "NONE" ? t.rejected_reason : null,
      ]
    )
    return rows[0]
  }

  /** Submits a template to the WABA and records it as Meta answered (usually PENDING). */
  async createTemplate(request: CreateTemplateRequest) {
    const created = await this.provider_.createTemplate(request)
    return this.upsertTemplate_(this.pg_, {
      id: created.id,
      name: request.name,
      language: request.language,
      category: created.category ?? request.category,
      status: created.status,
      components: request.components,
      parameter_format: request.parameter_format,
    })
  }

  // ------------------------------------------------------------------ conversations

  protected clock_: () => Date = () => new Date()

  /** The time rules, red flags and away messages see; tests move it. */
  now(): Date {
    return this.clock_()
  }

  setClock(clock: (() => Date) | null) {
    this.clock_ = clock ?? (() => new Date())
  }

  /**
   * Seeds the default auto-reply rules and FAQ once per store (a flag remembers it, so a merchant
   * who deletes them does not get them back). STOP handling is a policy requirement.
   */
  async ensureDefaultReplyRules(): Promise<boolean> {
    return this.withLock("whatsapp:seed-reply-rules", async () => {
      const flag = await this.getSetting("auto_reply_seeded", { done: false })
      if (flag.done) return false
      const existing = await this.listWhatsappReplyRules({}, { take: 1 })
      if (!existing.length) await this.createWhatsappReplyRules(DEFAULT_RULES.map((r) => ({ ...r, enabled: true })) as any)
      const faqs = await this.listWhatsappFaqs({}, { take: 1 })
      if (!faqs.length) await this.createWhatsappFaqs(DEFAULT_FAQS as any)
      await this.setSetting("auto_reply_seeded", { done: true })
      return true
    })
  }

  /** A customer wrote: open (or reopen) their conversation and start the waiting clock. */
  async trackInbound(contact_id: string, customer_id: string | null, at: Date) {
    const { rows } = await this.pg_.raw(
      `INSERT INTO whatsapp_conversation (id, contact_id, customer_id, status, waiting_since, last_inbound_at)
       VALUES (?, ?, ?, 'open', ?, ?)
       ON CONFLICT (contact_id) WHERE deleted_at IS NULL DO UPDATE SET
         customer_id = COALESCE(EXCLUDED.customer_id, whatsapp_conversation.customer_id),
         status = 'open',
         handover = CASE WHEN whatsapp_conversation.status = 'resolved' THEN false ELSE whatsapp_conversation.handover END,
         waiting_since = COALESCE(whatsapp_conversation.waiting_since, EXCLUDED.waiting_since),
         last_inbound_at = GREATEST(whatsapp_conversation.last_inbound_at, EXCLUDED.last_inbound_at),
         updated_at = now()
       RETURNING *`,
      [generateEntityId(undefined, "wacnv"), contact_id, customer_id, at, at]
    )
    return rows[0]
  }

  /** Someone (a rule or an agent) answered: stop the waiting clock and record the response time. */
  async markAnswered(conversation_id: string, at: Date, fields: { handover?: boolean; away_sent_on?: string } = {}) {
    const { rows } = await this.pg_.raw(
      `UPDATE whatsapp_conversation SET
         last_response_ms = CASE WHEN waiting_since IS NULL THEN last_response_ms
           ELSE LEAST(2147483647, GREATEST(0, EXTRACT(EPOCH FROM (?::timestamptz - waiting_since)) * 1000))::int END,
         response_seconds_total = response_seconds_total + CASE WHEN waiting_since IS NULL THEN 0
           ELSE GREATEST(0, EXTRACT(EPOCH FROM (?::timestamptz - waiting_since)))::int END,
         response_count = response_count + CASE WHEN waiting_since IS NULL THEN 0 ELSE 1 END,
         waiting_since = NULL, last_reply_at = ?,
         handover = COALESCE(?, handover), away_sent_on = COALESCE(?, away_sent_on), updated_at = now()
       WHERE id = ? RETURNING *`,
      [at, at, at, fields.handover ?? null, fields.away_sent_on ?? null, conversation_id]
    )
    return rows[0]
  }

  /**
   * Claims the away message for (conversation, local day): true once per day, whatever
   * duplicates or concurrent messages do.
   */
  async claimAwayMessage(conversation_id: string, day: string): Promise<boolean> {
    const { rowCount } = await this.pg_.raw(
      `UPDATE whatsapp_conversation SET away_sent_on = ?, updated_at = now()
       WHERE id = ? AND away_sent_on IS DISTINCT FROM ?`,
      [day, conversation_id, day]
    )
    return !!rowCount
  }

  async setConversationState(id: string, patch: { status?: "open" | "resolved"; handover?: boolean; assigned_to?: string | null }) {
    const { rows } = await this.pg_.raw(
      `UPDATE whatsapp_conversation SET status = COALESCE(?, status),
         handover = CASE WHEN ? = 'resolved' THEN false ELSE COALESCE(?, handover) END,
         assigned_to = CASE WHEN ? THEN ? ELSE assigned_to END,
         waiting_since = CASE WHEN ? = 'resolved' THEN NULL ELSE waiting_since END,
         updated_at = now()
       WHERE id = ? AND deleted_at IS NULL RETURNING *`,
      [patch.status ?? null, patch.status ?? null, patch.handover ?? null, "assigned_to" in patch, patch.assigned_to ?? null, patch.status ?? null, id]
    )
    return rows[0] ?? null
  }

  /**
   * The inbox: open conversations, VIP customers first, then whoever has waited longest;
   * `flagged` when the wait exceeds the merchant's limit.
   */
  async listInbox({ flagAfterMinutes, limit = 50, offset = 0 }: { flagAfterMinutes: number; limit?: number; offset?: number }) {
    const now = this.now()
    const { rows } = await this.pg_.raw(
      `SELECT c.*, ct.wa_id, ct.profile_name, ct.marketing_consent,
         EXISTS (SELECT 1 FROM whatsapp_customer_tag x JOIN whatsapp_tag t ON t.id = x.tag_id
                 WHERE x.customer_id = c.customer_id AND t.name = 'vip' AND x.deleted_at IS NULL AND t.deleted_at IS NULL) AS vip,
         (c.waiting_since IS NOT NULL AND c.waiting_since < ?::timestamptz - make_interval(mins => ?)) AS flagged,
         (SELECT text FROM whatsapp_message m WHERE m.contact_id = c.contact_id AND m.deleted_at IS NULL
           ORDER BY m.created_at DESC LIMIT 1) AS last_text
       FROM whatsapp_conversation c JOIN whatsapp_contact ct ON ct.id = c.contact_id
       WHERE c.status = 'open' AND c.deleted_at IS NULL
       ORDER BY vip DESC, c.waiting_since ASC NULLS LAST, c.last_inbound_at DESC
       LIMIT ? OFFSET ?`,
      [now, flagAfterMinutes, limit, offset]
    )
    return rows.map((r: any) => ({
      ...r,
      waiting_ms: r.waiting_since ? now.getTime() - new Date(r.waiting_since).getTime() : null,
    }))
  }

  /** The campaign a message was sent for (and its call-to-action payload), if any. */
  async findCampaignOfMessage(wamid: string): Promise<{ campaign_id: string; cta_payload: string | null } | null> {
    const { rows } = await this.pg_.raw(
      `SELECT m.metadata->>'campaign_id' AS campaign_id, c.cta->>'payload' AS cta_payload
         FROM whatsapp_message m LEFT JOIN whatsapp_campaign c ON c.id = m.metadata->>'campaign_id'
        WHERE m.wamid = ? AND m.direction = 'outbound' AND m.metadata->>'campaign_id' IS NOT NULL LIMIT 1`,
      [wamid]
    )
    return rows[0] ?? null
  }

  /** A still-valid, fully issued code this contact got in this scope (a campaign, or "store"). */
  async findValidDiscountCode(contact_id: string, scope: string) {
    const { rows } = await this.pg_.raw(
      `SELECT * FROM whatsapp_discount_code WHERE contact_id = ? AND scope = ? AND expires_at > ?
         AND promotion_id IS NOT NULL AND deleted_at IS NULL LIMIT 1`,
      [contact_id, scope, this.now()]
    )
    return rows[0] ?? null
  }

  /**
   * Reserves the (contact, scope) slot for a new code. Null when someone else holds it (a valid
   * code, or one being issued right now). Expired codes are retired first to free the slot.
   */
  async reserveDiscountCode(row: { contact_id: string; customer_id: string | null; rule_id: string; scope: string; campaign_id?: string | null; code: string; expires_at: Date }) {
    await this.pg_.raw(
      `UPDATE whatsapp_discount_code SET deleted_at = now() WHERE contact_id = ? AND scope = ? AND expires_at <= ? AND deleted_at IS NULL`,
      [row.contact_id, row.scope, this.now()]
    )
    const { rows } = await this.pg_.raw(
      `INSERT INTO whatsapp_discount_code (id, contact_id, customer_id, rule_id, scope, campaign_id, code, expires_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (contact_id, scope) WHERE deleted_at IS NULL DO NOTHING RETURNING *`,
      [generateEntityId(undefined, "wadsc"), row.contact_id, row.customer_id, row.rule_id, row.scope, row.campaign_id ?? null, row.code, row.expires_at]
    )
    return rows[0] ?? null
  }

  async completeDiscountCode(id: string, promotion_id: string) {
    await this.pg_.raw(`UPDATE whatsapp_discount_code SET promotion_id = ?, updated_at = now() WHERE id = ?`, [promotion_id, id])
  }

  /**
   * Runs fn while a transaction-scoped advisory lock on the key is held: singletons such as the
   * scheduler tick or seeding run on one server at a time. It holds one pooled connection while fn
   * runs, so keep it off hot paths.
   */
  async withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return this.pg_.transaction(async (trx) => {
      await trx.raw(`SELECT pg_advisory_xact_lock(hashtext(?))`, [key])
      return fn()
    })
  }

  /** Gives a reservation back (the promotion could not be created). */
  async releaseDiscountCode(id: string) {
    await this.pg_.raw(`DELETE FROM whatsapp_discount_code WHERE id = ?`, [id])
  }

  // ------------------------------------------------------------------ segmentation (tags, RFM, segments)

  /** The merchant's tag thresholds; a stored document that no longer validates falls back to the defaults. */
  async getSegmentSettings(): Promise<SegmentSettings> {
    const parsed = SegmentSettingsSchema.safeParse(await this.getSetting("segments", {}))
    if (parsed.success) return parsed.data
    this.logger_.warn(`whatsapp: stored segment settings are invalid (${formatIssues(parsed.error.issues, "settings").join("; ")}); using defaults`)
    return SegmentSettingsSchema.parse({})
  }

  /** Merges a partial update over the current settings; throws INVALID_DATA with every problem. */
  async updateSegmentSettings(patch: Record<string, unknown>): Promise<SegmentSettings> {
    const parsed = SegmentSettingsSchema.safeParse(mergeSegmentSettings(await this.getSegmentSettings(), patch))
    if (!parsed.success) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, `Invalid segment settings: ${formatIssues(parsed.error.issues, "settings").join("; ")}`)
    }
    await this.setSetting("segments", parsed.data as unknown as Record<string, unknown>)
    return parsed.data
  }

  /**
   * Recomputes metrics, RFM and auto tags: for every customer, or incrementally for one
   * (segmentation/recompute.ts explains the SQL, the locking and the incremental cut-points).
   */
  async recomputeCustomerMetrics({ customerId, now }: { customerId?: string; now?: Date } = {}): Promise<RecomputeResult> {
    const settings = await this.getSegmentSettings()
    const result = await recomputeSegments(this.pg_, { settings, customerId, now })
    if (!customerId) {
      this.logger_.info(
        `whatsapp: segments recomputed for ${result.customers} customer(s) in ${result.duration_ms} ms (+${result.tags_added}/-${result.tags_removed} auto tags)`
      )
    }
    return result
  }

  getCustomerSegmentation(customerId: string) {
    return segmentQueries.customerSegmentation(this.pg_, customerId)
  }

  addManualCustomerTag(customerId: string, name: string) {
    return addManualTag(this.pg_, customerId, name)
  }

  removeManualCustomerTag(customerId: string, tag: string) {
    return removeManualTag(this.pg_, customerId, tag)
  }

  previewSegment(rules: SegmentRule, opts?: { sample?: number; now?: Date }) {
    return segmentQueries.previewSegment(this.pg_, rules, opts)
  }

  countSegment(rules: SegmentRule, now?: Date) {
    return segmentQueries.countSegment(this.pg_, rules, now)
  }

  listSegmentMembers(rules: SegmentRule, opts?: { limit?: number; offset?: number; consentedOnly?: boolean; now?: Date }) {
    return segmentQueries.listSegmentMembers(this.pg_, rules, opts)
  }

  async getSegmentDashboard() {
    return segmentQueries.segmentDashboard(this.pg_, await this.getSegmentSettings())
  }

  listTagsWithCounts() {
    return segmentQueries.listTagsWithCounts(this.pg_)
  }

  /** Replaces the given fields of a saved segment (the rule tree wholesale). */
  updateSegment(id: string, data: { name?: string; description?: string | null; rules?: unknown }) {
    return updateSegment(this.pg_, id, data)
  }

  // ---- campaigns
  // Thin delegation to campaigns/engine.ts (lifecycle, queue, results) and campaigns/pipeline.ts (the send loop).

  protected campaigns_?: CampaignEngine

  /** The campaign engine; BullMQ when REDIS_URL is set, in-process otherwise. WHATSAPP_CAMPAIGN_WORKERS=0: enqueue only. */
  campaigns(): CampaignEngine {
    if (!this.campaigns_) {
      this.campaigns_ = new CampaignEngine({
        pg: this.pg_,
        provider: () => this.provider_,
        phoneNumberId: this.options_.phone_number_id,
        storeTimezone: this.options_.store_timezone,
        storeName: (this.options_ as any).store_name ?? null,
        logger: this.logger_,
        redisUrl: process.env.REDIS_URL || null,
        runWorker: process.env.WHATSAPP_CAMPAIGN_WORKERS !== "0",
        bullmq: campaignQueueEnv(process.env),
      })
    }
    return this.campaigns_
  }

  createCampaign(input: Record<string, any>, actor: string) {
    return this.campaigns().create(input, actor)
  }

  startCampaign(id: string, actor: string, opts?: { scheduled_at?: Date | null }) {
    return this.campaigns().start(id, actor, opts)
  }

  pauseCampaign(id: string, actor: string, reason: string | null = null) {
    return this.campaigns().pause(id, actor, reason)
  }

  resumeCampaign(id: string, actor: string) {
    return this.campaigns().resume(id, actor)
  }

  cancelCampaign(id: string, actor: string, reason: string | null = null) {
    return this.campaigns().cancel(id, actor, reason)
  }

  getCampaignStats(id: string) {
    return this.campaigns().stats(id)
  }

  estimateCampaign(input: Record<string, any>) {
    return this.campaigns().estimate(input)
  }

  updateCampaign(id: string, patch: Record<string, any>, actor: string) {
    return this.campaigns().update(id, patch, actor)
  }

  unscheduleCampaign(id: string, actor: string, reason: string | null = null) {
    return this.campaigns().unschedule(id, actor, reason)
  }

  deleteCampaign(id: string, actor: string) {
    return this.campaigns().remove(id, actor)
  }

  /**
   * The wizard's live preview: rendered for the customer asked for, or the first the campaign would
   * reach (segment, WhatsApp contact, consent), with a page of others to pick from.
   */
  async previewCampaignMessage(input: CampaignMessageSpec & { customer_id?: string | null; segment_id?: string | null; customer_search?: string | null }) {
    const template = await this.campaignTemplate_(input)
    let rules: SegmentRule | null = null
    if (input.segment_id) {
      rules = await segmentRules(this.pg_, input.segment_id)
      if (!rules) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Segment ${input.segment_id} not found`)
    }
    const candidates = await previewCandidates(this.pg_, { segment_rules: rules, search: input.customer_search, now: this.now() })
    const customer = input.customer_id ? await this.previewCustomer_(input.customer_id) : (candidates[0] ?? null)
    const { rendered, message } = renderPreview(input, customer, this.campaigns().storeName, template?.components)
    const warnings: string[] = []
    if (!customer) warnings.push("No customer with a WhatsApp number and marketing consent in this audience: shown with the fallbacks")
    if (template && template.status !== "APPROVED") warnings.push(`Template ${template.name} is ${template.status}, not APPROVED: it cannot be sent`)
    if (template && String(template.category).toUpperCase() !== "MARKETING") warnings.push(`Template ${template.name} is ${template.category}; campaigns send MARKETING templates`)
    for (const m of message?.missing ?? []) warnings.push(`No value for ${m}: WhatsApp would refuse the message`)
    for (const m of message?.extra ?? []) warnings.push(`Too many values (${m}): WhatsApp would refuse the message`)
    return {
      customer,
      candidates,
      template: template ? { name: template.name, language: template.language, status: template.status, category: template.category } : null,
      ok: rendered.ok,
      reason: rendered.ok ? null : rendered.reason,
      request: rendered.ok ? rendered.request : null,
      message,
      warnings,
    }
  }

  /**
   * Sends the campaign's message once to any number (the merchant's own phone), through the one
   * send path, recorded with source "campaign_test" and no campaign id: it never counts in a
   * campaign's results. Rendered with a real customer's data; the number is not linked to them.
   */
  async sendCampaignTest(input: CampaignMessageSpec & { to: string; customer_id?: string | null }, actor: string, idempotencyKey?: string | null) {
    let wa_id: string
    try {
      wa_id = this.normalizePhone(input.to).wa_id
    } catch (e: any) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
    }
    const template = await this.campaignTemplate_(input)
    if (template && template.status !== "APPROVED") {
      throw new MedusaError(MedusaError.Types.NOT_ALLOWED, `Template ${template.name} (${template.language}) is ${template.status}, not APPROVED`)
    }
    const { rows } = await this.pg_.raw(`SELECT customer_id, last_inbound_at FROM whatsapp_contact WHERE wa_id = ? AND deleted_at IS NULL`, [wa_id])
    const contact = rows[0] ?? null
    if (input.message_kind === "text" && !this.isWindowOpen({ last_inbound_at: contact?.last_inbound_at ?? null }, this.now())) {
      throw new MedusaError(
        MedusaError.Types.NOT_ALLOWED,
        `+${wa_id} has not messaged you in the last 24 hours: WhatsApp only allows an approved template now. Send yourself a message first, or test with a template`
      )
    }
    const customerId = input.customer_id ?? contact?.customer_id ?? null
    const customer = customerId ? await this.previewCustomer_(customerId) : null
    const { rendered, message } = renderPreview(input, customer, this.campaigns().storeName, template?.components)
    if (!rendered.ok) throw new MedusaError(MedusaError.Types.INVALID_DATA, `The message cannot be rendered: ${rendered.reason}`)
    const outcome = await this.sendMessage({
      idempotency_key: `campaign_test:${idempotencyKey || randomUUID()}`,
      to: wa_id,
      source: "campaign_test",
      request: rendered.request as any,
      metadata: { campaign_test: true, rendered_for_customer_id: customer?.id ?? null, sent_by: actor },
    })
    return { outcome, to: wa_id, customer, message }
  }

  protected async campaignTemplate_(spec: CampaignMessageSpec) {
    if (spec.message_kind !== "template") return null
    if (!spec.template_name || !spec.template_language) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, "A template message needs template_name and template_language")
    }
    const t: any = await this.findTemplate(spec.template_name, spec.template_language)
    if (!t) throw new MedusaError(MedusaError.Types.INVALID_DATA, `Template ${spec.template_name} (${spec.template_language}) is not in the WABA; sync templates`)
    return t
  }

  protected async previewCustomer_(id: string) {
    const c = await previewCustomer(this.pg_, id)
    if (!c) throw new MedusaError(MedusaError.Types.NOT_FOUND, `Customer ${id} not found`)
    return c
  }

  /** Effective campaign settings and price table, with the shipped defaults beside them. */
  async getCampaignSettings() {
    const [settings, price_table] = await Promise.all([loadCampaignSettings(this.pg_), loadPriceTable(this.pg_)])
    return { settings, price_table, defaults: { settings: DEFAULT_CAMPAIGN_SETTINGS, price_table: DEFAULT_PRICE_TABLE } }
  }

  /** A settings patch merged over what is stored, and/or a whole new price table; serialised against concurrent edits. */
  async updateCampaignSettings(input: { settings?: CampaignSettingsPatch; price_table?: PriceTableInput }) {
    await this.withLock("whatsapp:campaign-settings", async () => {
      if (input.settings) {
        let merged: Record<string, unknown>
        try {
          merged = mergeCampaignSettings(await this.getSetting("campaigns", {}), input.settings)
        } catch (e: any) {
          throw new MedusaError(MedusaError.Types.INVALID_DATA, e.message)
        }
        await this.setSetting("campaigns", merged)
      }
      if (input.price_table) await this.setSetting("campaign_pricing", completePriceTable(input.price_table) as unknown as Record<string, unknown>)
    })
    return this.getCampaignSettings()
  }

  // ------------------------------------------------------------------ settings

  /** A merchant setting merged over its defaults, so new fields get their default value. */
  async getSetting<T extends Record<string, unknown>>(key: string, defaults: T): Promise<T> {
    const { rows } = await this.pg_.raw(`SELECT value FROM whatsapp_setting WHERE key = ? AND deleted_at IS NULL`, [key])
    return { ...defaults, ...(rows[0]?.value ?? {}) }
  }

  async setSetting<T extends Record<string, unknown>>(key: string, value: T): Promise<T> {
    await this.pg_.raw(
      `INSERT INTO whatsapp_setting (id, key, value) VALUES (?, ?, ?::jsonb)
       ON CONFLICT (key) WHERE deleted_at IS NULL DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
      [generateEntityId(undefined, "waset"), key, JSON.stringify(value)]
    )
    return value
  }

  async lastWebhookReceivedAt(): Promise<Date | null> {
    const { rows } = await this.pg_.raw(`SELECT max(created_at) AS at FROM whatsapp_webhook_receipt WHERE deleted_at IS NULL`)
    return rows[0]?.at ?? null
  }
}

export default WhatsappModuleService
