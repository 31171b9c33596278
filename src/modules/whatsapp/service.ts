import { ContainerRegistrationKeys, MedusaError, MedusaService, Modules } from "@medusajs/framework/utils"
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
import WhatsappReplyRule from "./models/reply-rule"
import WhatsappFaq from "./models/faq"
import WhatsappConversation from "./models/conversation"
import WhatsappDiscountCode from "./models/discount-code"
import WhatsappCampaign from "./models/campaign"
import WhatsappCampaignRecipient from "./models/campaign-recipient"
import WhatsappCampaignEvent from "./models/campaign-event"
import { SegmentSettingsSchema, mergeSegmentSettings, type SegmentSettings } from "./domain/tag-rules"
import { formatIssues, type SegmentRule } from "./domain/segment-rules"
import { recomputeSegments, type RecomputeResult } from "./segmentation/recompute"
import * as segmentQueries from "./segmentation/queries"
import { addManualTag, removeManualTag } from "./segmentation/manual-tags"
import { updateSegment } from "./segmentation/segment-store"
import { normalizePhone } from "./domain/phone"
import { isWindowOpen } from "./domain/window"
import { parseWhatsAppOptions, redactOptions, type WhatsAppPluginOptions } from "./options"
import { CloudApiClient } from "./channels/cloud-api"
import type { CreateTemplateRequest, TemplateComponent } from "./channels/cloud-api/types"
import type { WhatsAppProvider } from "./channels/provider"
import { ReceiptProcessor, lastWebhookReceivedAt, storeWebhookReceipt, type ModuleEvent } from "./webhooks/receipts"
import { CampaignEngine, campaignQueueEnv } from "./campaigns/engine"
import { getCampaignSettings, updateCampaignSettings, type CampaignSettingsPatch, type PriceTableInput } from "./campaigns/settings"
import { previewCampaignMessage, sendCampaignTest, type PreviewInput, type TestSendInput, type WizardDeps } from "./campaigns/wizard"
import { DEFAULT_FAQS, DEFAULT_RULES } from "./conversations/defaults"
import * as inbox from "./conversations/inbox"
import * as discountCodes from "./conversations/discount-codes"
import { linkContactToCustomer, setConsent, type ConsentPurpose, type ConsentValue } from "./contacts/contacts"
import * as ledger from "./notifications/ledger"
import { effectiveMappings, saveNotificationMapping, type StoredMapping } from "./notifications/mappings"
import * as templates from "./templates/templates"
import { getSetting, setSetting, withLock } from "./settings/store"
import { ContactOrder } from "./sending/contact-order"
import { resendMessage } from "./sending/resend"
import { MessageSender, type SendInput, type SendOutcome } from "./sending/sender"
import type { NotificationEvent, NotificationMapping } from "./domain/notifications"

type InjectedDependencies = {
  logger: Logger
  [ContainerRegistrationKeys.PG_CONNECTION]: Knex
  [Modules.EVENT_BUS]?: { emit(messages: { name: string; data: unknown }[]): Promise<void> }
}

export type { SendInput, SendOutcome } from "./sending/sender"

/**
 * The module's facade. Each concept lives in its own folder (webhooks/, contacts/, notifications/,
 * templates/, conversations/, segmentation/, campaigns/, settings/) as plain functions that take a
 * `Db` first; this class binds them to the container's connection and keeps the method names that
 * routes, workflow steps and tests call. Logic does not live here.
 */
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
  protected readonly receipts_: ReceiptProcessor
  protected readonly contactOrder_ = new ContactOrder()
  protected clock_: () => Date = () => new Date()

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
    this.receipts_ = new ReceiptProcessor({ pg: this.pg_, logger: this.logger_, provider: () => this.provider_, emit: (e) => this.emit_(e) })
  }

  __hooks = {
    // Receipts stored but not processed (crash after the 200) are picked up again on start.
    onApplicationStart: async () => {
      await this.ensureDefaultReplyRules().catch((e) => this.logger_.warn(`whatsapp: seeding reply rules failed: ${e.message}`))
      await this.processPendingReceipts({ includeRecent: true }).catch((e) => this.logger_.error(`whatsapp: recovering webhook receipts failed: ${e.message}`))
      this.receipts_.startSweeper()
    },
    onApplicationPrepareShutdown: async () => {
      await this.receipts_.drain()
      // Campaign loops finish their batch and record it; a BullMQ worker hands its jobs back
      // instead of leaving them to stall, and its Redis connections close.
      await this.campaigns_?.close().catch((e) => this.logger_.warn(`whatsapp: closing the campaign engine failed: ${e.message}`))
    },
    onApplicationShutdown: async () => {
      this.receipts_.stopSweeper()
    },
  }

  protected async emit_(events: ModuleEvent[]) {
    if (!events.length) return
    const bus = this.container_[Modules.EVENT_BUS]
    if (!bus) return
    await bus.emit(events).catch((e: Error) => this.logger_.warn(`whatsapp: emitting events failed: ${e.message}`))
  }

  // ---- options, provider, clock

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

  /** The time rules, red flags and away messages see; tests move it. */
  now(): Date {
    return this.clock_()
  }

  setClock(clock: (() => Date) | null) {
    this.clock_ = clock ?? (() => new Date())
  }

  normalizePhone(phone: string) {
    return normalizePhone(phone, this.options_.default_region)
  }

  // ---- webhooks (webhooks/receipts.ts)

  storeWebhookReceipt(raw: Buffer | string, signature: string | null) {
    return storeWebhookReceipt(this.pg_, raw, signature)
  }

  processReceiptInBackground(id: string) {
    this.receipts_.processInBackground(id)
  }

  processReceipt(id: string) {
    return this.receipts_.process(id)
  }

  processPendingReceipts(opts?: { includeRecent?: boolean; limit?: number }) {
    return this.receipts_.processPending(opts)
  }

  /** The background receipt processor (tests stop its sweeper). */
  receipts(): ReceiptProcessor {
    return this.receipts_
  }

  lastWebhookReceivedAt() {
    return lastWebhookReceivedAt(this.pg_)
  }

  // ---- sending (sending/)

  /** Records, then sends, exactly once per idempotency key (see MessageSender). */
  sendMessage(input: SendInput): Promise<SendOutcome> {
    return this.sender_.send(input)
  }

  resendMessage(id: string): Promise<SendOutcome> {
    return resendMessage(this.pg_, (input) => this.sendMessage(input), id)
  }

  inContactOrder<T>(wa_id: string, fn: () => Promise<T>): Promise<T> {
    return this.contactOrder_.run(wa_id, fn)
  }

  // ---- contacts and consent (contacts/)

  upsertContactByWaId(wa_id: string, customer_id: string | null): Promise<{ id: string; customer_id: string | null }> {
    return this.sender_.upsertContact(wa_id, customer_id)
  }

  linkContactToCustomer(wa_id: string, customer_id: string) {
    return linkContactToCustomer(this.pg_, wa_id, customer_id)
  }

  setConsent(contact_id: string, purpose: ConsentPurpose, consent: ConsentValue, source: string) {
    return setConsent(this.pg_, contact_id, purpose, consent, source)
  }

  isWindowOpen(contact: { last_inbound_at: Date | string | null }, now = new Date()) {
    return isWindowOpen(contact.last_inbound_at ? new Date(contact.last_inbound_at).toISOString() : null, now)
  }

  // ---- notifications (notifications/)

  async getNotificationMappings(): Promise<NotificationMapping[]> {
    return effectiveMappings((await this.listWhatsappNotificationMappings({}, { take: 100 })) as StoredMapping[])
  }

  async getNotificationMapping(event: NotificationEvent): Promise<NotificationMapping | null> {
    return (await this.getNotificationMappings()).find((m) => m.event === event) ?? null
  }

  saveNotificationMapping(mapping: NotificationMapping) {
    return saveNotificationMapping(this.pg_, mapping)
  }

  claimNotification(input: ledger.NotificationClaimInput) {
    return ledger.claimNotification(this.pg_, input)
  }

  listStaleNotifications(opts?: { olderThanMinutes?: number; limit?: number }) {
    return ledger.listStaleNotifications(this.pg_, opts)
  }

  releaseNotification(id: string) {
    return ledger.releaseNotification(this.pg_, id)
  }

  completeNotification(id: string, result: ledger.NotificationResult) {
    return ledger.completeNotification(this.pg_, id, result)
  }

  // ---- templates (templates/)

  /** The synced template row; `components` is the JSON column, typed as Meta sends it. */
  async findTemplate(name: string, language: string) {
    const [t] = await this.listWhatsappTemplates({ name, language }, { take: 1 })
    return (t ?? null) as (Omit<NonNullable<typeof t>, "components"> & { components: TemplateComponent[] | null }) | null
  }

  syncTemplates() {
    return templates.syncTemplates(this.pg_, this.provider_)
  }

  createTemplate(request: CreateTemplateRequest) {
    return templates.createTemplate(this.pg_, this.provider_, request)
  }

  // ---- conversations, inbox and discount codes (conversations/)

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

  trackInbound(contact_id: string, customer_id: string | null, at: Date) {
    return inbox.trackInbound(this.pg_, contact_id, customer_id, at)
  }

  markAnswered(conversation_id: string, at: Date, fields?: { handover?: boolean; away_sent_on?: string }) {
    return inbox.markAnswered(this.pg_, conversation_id, at, fields)
  }

  claimAwayMessage(conversation_id: string, day: string) {
    return inbox.claimAwayMessage(this.pg_, conversation_id, day)
  }

  setConversationState(id: string, patch: { status?: "open" | "resolved"; handover?: boolean; assigned_to?: string | null }) {
    return inbox.setConversationState(this.pg_, id, patch)
  }

  listInbox(opts: { flagAfterMinutes: number; limit?: number; offset?: number }) {
    return inbox.listInbox(this.pg_, this.now(), opts)
  }

  findCampaignOfMessage(wamid: string) {
    return inbox.findCampaignOfMessage(this.pg_, wamid)
  }

  findValidDiscountCode(contact_id: string, scope: string) {
    return discountCodes.findValidDiscountCode(this.pg_, this.now(), contact_id, scope)
  }

  reserveDiscountCode(row: Parameters<typeof discountCodes.reserveDiscountCode>[2]) {
    return discountCodes.reserveDiscountCode(this.pg_, this.now(), row)
  }

  completeDiscountCode(id: string, promotion_id: string) {
    return discountCodes.completeDiscountCode(this.pg_, id, promotion_id)
  }

  releaseDiscountCode(id: string) {
    return discountCodes.releaseDiscountCode(this.pg_, id)
  }

  // ---- segmentation: tags, RFM, segments (segmentation/)

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

  // ---- campaign wizard and settings (campaigns/wizard.ts, campaigns/settings.ts)

  protected wizardDeps_(): WizardDeps {
    return {
      pg: this.pg_,
      now: () => this.now(),
      storeName: () => this.campaigns().storeName,
      normalizePhone: (phone) => this.normalizePhone(phone),
      findTemplate: (name, language) => this.findTemplate(name, language),
      send: (input) => this.sendMessage(input),
    }
  }

  previewCampaignMessage(input: PreviewInput) {
    return previewCampaignMessage(this.wizardDeps_(), input)
  }

  sendCampaignTest(input: TestSendInput, actor: string, idempotencyKey?: string | null) {
    return sendCampaignTest(this.wizardDeps_(), input, actor, idempotencyKey)
  }

  getCampaignSettings() {
    return getCampaignSettings(this.pg_)
  }

  updateCampaignSettings(input: { settings?: CampaignSettingsPatch; price_table?: PriceTableInput }) {
    return updateCampaignSettings(this.pg_, input)
  }

  // ---- settings (settings/store.ts)

  getSetting<T extends Record<string, unknown>>(key: string, defaults: T): Promise<T> {
    return getSetting(this.pg_, key, defaults)
  }

  setSetting<T extends Record<string, unknown>>(key: string, value: T): Promise<T> {
    return setSetting(this.pg_, key, value)
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return withLock(this.pg_, key, fn)
  }
}

export default WhatsappModuleService
