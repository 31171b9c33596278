import { ContainerRegistrationKeys, MedusaService, Modules } from "@medusajs/framework/utils"
import type { Logger } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { WHATSAPP_MODELS } from "./models"
import { normalizePhone } from "./domain/phone"
import { isWindowOpen } from "./domain/window"
import { parseWhatsAppOptions, redactOptions, type WhatsAppPluginOptions } from "./options"
import { CloudApiClient } from "./channels/cloud-api"
import type { CreateTemplateRequest, TemplateComponent } from "./channels/cloud-api/types"
import type { WhatsAppProvider } from "./channels/provider"
import { ReceiptProcessor, ReceiptWriter, lastWebhookReceivedAt, type ModuleEvent } from "./webhooks/receipts"
import { OutboxRelay } from "./webhooks/outbox"
import { CUTS_SETTING_KEY } from "./segmentation/recompute"
import { CampaignEngine, campaignQueueEnv } from "./campaigns/engine"
import { CampaignWizard } from "./campaigns/wizard"
import { Conversations } from "./conversations/conversations"
import { Segmentation } from "./segmentation/segmentation"
import { linkContactToCustomer } from "./contacts/contacts"
import * as consent from "./consent/consent"
import * as storeConsent from "./consent/store-consent"
import type { ConfirmationLanguage } from "./consent/domain/store"
import { DEFAULT_CONSENT_SETTINGS, type ConsentSettings } from "./consent/domain/consent"
import type { StoredMapping } from "./notifications/mappings"
import { Notifications } from "./notifications/notifications"
import * as templates from "./templates/templates"
import { getSetting, setSetting, withLock } from "./settings/store"
import { ContactOrder } from "./sending/contact-order"
import { resendMessage } from "./sending/resend"
import { LinkTracking } from "./links/clicks"
import { MessageSender, type SendInput, type SendOutcome } from "./sending/sender"

type InjectedDependencies = {
  logger: Logger
  [ContainerRegistrationKeys.PG_CONNECTION]: Knex
  [Modules.EVENT_BUS]?: { emit(messages: { name: string; data: unknown }[]): Promise<void> }
}

export type { SendInput, SendOutcome } from "./sending/sender"

/**
 * The module's facade. Each concept lives in its own folder (webhooks/, contacts/, notifications/,
 * templates/, conversations/, segmentation/, campaigns/, settings/) as plain functions that take a
 * `Db` first (the container's connection or a caller's transaction). Small concepts are bound here
 * as one-line methods; the larger ones are objects of their own that this class builds once and
 * hands out: `conversations()`, `segmentation()`, `notifications()`, `campaigns()`,
 * `campaignWizard()`. Logic does not live here.
 */
class WhatsappModuleService extends MedusaService(WHATSAPP_MODELS) {
  protected readonly options_: WhatsAppPluginOptions
  protected readonly logger_: Logger
  protected readonly db_: Knex
  protected readonly container_: InjectedDependencies
  protected provider_: WhatsAppProvider
  protected readonly sender_: MessageSender
  protected readonly receipts_: ReceiptProcessor
  protected readonly receiptWriter_: ReceiptWriter
  protected readonly outbox_: OutboxRelay
  protected readonly contactOrder_ = new ContactOrder()
  protected clock_: () => Date = () => new Date()

  constructor(container: InjectedDependencies, options: unknown) {
    // @ts-ignore MedusaService takes the container and the options through arguments
    super(...arguments)
    // A bad option stops the app here, with a message naming the option.
    this.options_ = parseWhatsAppOptions(options)
    this.container_ = container
    this.logger_ = container.logger
    this.db_ = container[ContainerRegistrationKeys.PG_CONNECTION]
    this.provider_ = new CloudApiClient(this.options_)
    this.sender_ = new MessageSender(this.db_, () => this.provider_, this.options_.default_region)
    this.receiptWriter_ = new ReceiptWriter(this.db_)
    // Events of receipts the standalone ingest applied, handed to this app's bus.
    this.outbox_ = new OutboxRelay(this.db_, (e) => this.container_[Modules.EVENT_BUS]?.emit(e) ?? Promise.resolve(), this.logger_)
    this.receipts_ = new ReceiptProcessor({
      pg: this.db_,
      // Only this store's number and WABA count; other numbers' webhooks are kept and ignored.
      scope: { phoneNumberId: this.options_.phone_number_id, wabaId: this.options_.waba_id, region: this.options_.default_region },
      logger: this.logger_,
      provider: () => this.provider_,
      emit: (e) => this.emit_(e),
    })
  }

  __hooks = {
    // Receipts stored but not processed (crash after the 200) are picked up again on start.
    onApplicationStart: async () => {
      await this.conversations()
        .seedDefaults()
        .catch((e) => this.logger_.warn(`whatsapp: seeding reply rules failed: ${e.message}`))
      await this.receipts_
        .processPending({ includeRecent: true })
        .catch((e) => this.logger_.error(`whatsapp: recovering webhook receipts failed: ${e.message}`))
      this.receipts_.startSweeper()
      this.outbox_.start()
      // A store that has never computed its segments shows wrong counts ("Orders ≥ 1" matching 4
      // of 46 buyers) until someone clicks "Recompute now": compute once on the first start, in
      // the background (the admin shows "computing…" meanwhile; the run holds its own lock).
      void this.recomputeIfNever_()
    },
    onApplicationPrepareShutdown: async () => {
      await this.receipts_.drain()
      await this.outbox_.stop()
      // Campaign loops finish their batch and record it; a BullMQ worker hands its jobs back
      // instead of leaving them to stall, and its Redis connections close.
      await this.campaigns_?.close().catch((e) => this.logger_.warn(`whatsapp: closing the campaign engine failed: ${e.message}`))
    },
    onApplicationShutdown: async () => {
      this.receipts_.stopSweeper()
    },
  }

  protected async recomputeIfNever_() {
    try {
      const cuts = await this.getSetting<{ computed_at?: string }>(CUTS_SETTING_KEY, {})
      if (cuts.computed_at) return
      const r = await this.segmentation().recompute()
      this.logger_.info(`whatsapp: first segment metrics computed for ${r.customers} customers`)
    } catch (e) {
      this.logger_.warn(`whatsapp: first segment recompute failed: ${(e as Error).message}`)
    }
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
    return this.receiptWriter_.store(raw, signature)
  }

  processReceiptInBackground(id: string, body?: unknown) {
    this.receipts_.processInBackground(id, body)
  }

  /** The background receipt processor (tests stop its sweeper). */
  receipts(): ReceiptProcessor {
    return this.receipts_
  }

  lastWebhookReceivedAt() {
    return lastWebhookReceivedAt(this.db_)
  }

  // ---- sending (sending/)

  /** Records, then sends, exactly once per idempotency key (see MessageSender). */
  sendMessage(input: SendInput): Promise<SendOutcome> {
    return this.sender_.send(input)
  }

  resendMessage(id: string): Promise<SendOutcome> {
    return resendMessage(this.db_, (input) => this.sendMessage(input), id)
  }

  inContactOrder<T>(wa_id: string, fn: () => Promise<T>): Promise<T> {
    return this.contactOrder_.run(wa_id, fn)
  }

  // ---- contacts and consent (contacts/)

  upsertContactByWaId(wa_id: string, customer_id: string | null): Promise<{ id: string; customer_id: string | null }> {
    return this.sender_.upsertContact(wa_id, customer_id)
  }

  linkContactToCustomer(wa_id: string, customer_id: string) {
    return linkContactToCustomer(this.db_, wa_id, customer_id)
  }

  // ---- consent (consent/): every change writes the contact's state and its event together

  /** Changes one purpose's consent; db is the caller's transaction when it has one. */
  async changeConsent(change: consent.ConsentChange, db: Knex | Knex.Transaction = this.db_) {
    return consent.changeConsent(db, change)
  }

  /** Kept for callers that want the updated contact only. */
  async setConsent(change: consent.ConsentChange) {
    return (await consent.changeConsent(this.db_, change)).contact
  }

  async consentSettings(): Promise<ConsentSettings> {
    return getSetting(this.db_, "consent", DEFAULT_CONSENT_SETTINGS)
  }

  consentOf(contact: Record<string, any>, now = this.clock_()) {
    return consent.currentConsent(this.db_, contact, now)
  }

  consentEvents(by: { customer_id?: string; contact_id?: string }, limit?: number) {
    return consent.listEvents(this.db_, by, limit)
  }

  customerStop(contact: Record<string, any>) {
    return consent.customerStop(this.db_, contact)
  }

  /** The customer's YES to a pending double opt-in; null when nothing was pending (or it expired). */
  confirmDoubleOptIn(contact_id: string, reference: string, now = this.clock_()) {
    return consent.confirmPending(this.db_, contact_id, now, reference)
  }

  expireConsentRequests(now = this.clock_()) {
    return consent.expirePending(this.db_, now)
  }

  /** The pending double opt-in of a contact, if any (it may have expired: confirmDoubleOptIn checks). */
  pendingDoubleOptIn(contact_id: string) {
    return consent.pendingRequest(this.db_, contact_id)
  }

  // ---- the storefront's consent form (consent/store-consent.ts)

  /** Records the form in one transaction; a marketing request then gets its "reply YES" message. */
  async recordStoreConsent(
    input: Omit<storeConsent.StoreConsentInput, "settings" | "now">,
    language: ConfirmationLanguage
  ): Promise<storeConsent.StoreConsentResult & { confirmation: storeConsent.ConfirmationOutcome | null }> {
    const settings = await this.consentSettings()
    const result = await storeConsent.recordStoreConsent(this.db_, { ...input, settings, now: this.clock_() })
    const confirmation = result.request
      ? await storeConsent.sendConfirmation(
          { db: this.db_, findTemplate: (name, lang) => this.findTemplate(name, lang), send: (i) => this.sendMessage(i) },
          result.request,
          result.contact,
          settings,
          language
        )
      : null
    return { ...result, confirmation }
  }

  storeOptOut(input: Omit<storeConsent.StoreOptOutInput, "now">) {
    return storeConsent.storeOptOut(this.db_, { ...input, now: this.clock_() })
  }

  findContactByWaId(wa_id: string) {
    return storeConsent.findContact(this.db_, wa_id)
  }

  /** The knex pool, for routes that write several consent changes in one transaction. */
  inTransaction<T>(fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
    return this.db_.transaction(fn)
  }

  isWindowOpen(contact: { last_inbound_at: Date | string | null }, now = new Date()) {
    return isWindowOpen(contact.last_inbound_at ? new Date(contact.last_inbound_at).toISOString() : null, now)
  }

  // ---- notifications (notifications/notifications.ts)

  protected notifications_?: Notifications

  notifications(): Notifications {
    return (this.notifications_ ??= new Notifications(
      this.db_,
      async () => (await this.listWhatsappNotificationMappings({}, { take: 100 })) as StoredMapping[]
    ))
  }

  // ---- templates (templates/)

  /** The synced template row; `components` is the JSON column, typed as Meta sends it. */
  async findTemplate(name: string, language: string) {
    const [t] = await this.listWhatsappTemplates({ name, language }, { take: 1 })
    return (t ?? null) as (Omit<NonNullable<typeof t>, "components"> & { components: TemplateComponent[] | null }) | null
  }

  syncTemplates() {
    return templates.syncTemplates(this.db_, this.provider_)
  }

  createTemplate(request: CreateTemplateRequest) {
    return templates.createTemplate(this.db_, this.provider_, request)
  }

  // ---- features with their own object: conversations/, segmentation/, campaigns/

  protected conversations_?: Conversations
  protected segmentation_?: Segmentation
  protected campaigns_?: CampaignEngine
  protected links_?: LinkTracking

  /** The inbox, auto-reply bookkeeping, discount codes and default rules (conversations/conversations.ts). */
  conversations(): Conversations {
    return (this.conversations_ ??= new Conversations(this.db_, () => this.now(), {
      hasReplyRules: async () => (await this.listWhatsappReplyRules({}, { take: 1 })).length > 0,
      createReplyRules: (rows) => this.createWhatsappReplyRules(rows.map((r) => ({ ...r, enabled: true })) as any),
      hasFaqs: async () => (await this.listWhatsappFaqs({}, { take: 1 })).length > 0,
      createFaqs: (rows) => this.createWhatsappFaqs(rows as any),
    }))
  }

  /** Tags, RFM, segments and their recompute (segmentation/segmentation.ts). */
  segmentation(): Segmentation {
    return (this.segmentation_ ??= new Segmentation(this.db_, this.logger_))
  }

  /**
   * The campaign engine (campaigns/engine.ts: lifecycle, queue, results; pipeline.ts: the send
   * loop); BullMQ when REDIS_URL is set, in-process otherwise. WHATSAPP_CAMPAIGN_WORKERS=0: enqueue only.
   */
  campaigns(): CampaignEngine {
    return (this.campaigns_ ??= new CampaignEngine({
      pg: this.db_,
      provider: () => this.provider_,
      phoneNumberId: this.options_.phone_number_id,
      storeTimezone: this.options_.store_timezone,
      storeName: this.options_.store_name ?? null,
      trackLinks: (request, campaignId, recipientId) => this.links().trackCampaignRequest(request, campaignId, recipientId),
      logger: this.logger_,
      redisUrl: process.env.REDIS_URL || null,
      runWorker: process.env.WHATSAPP_CAMPAIGN_WORKERS !== "0",
      bullmq: campaignQueueEnv(process.env),
    }))
  }

  /** Click tracking: tokens for outgoing links and the redirect's click rows (links/clicks.ts). */
  links(): LinkTracking {
    return (this.links_ ??= new LinkTracking(this.db_, this.options_))
  }

  /** The campaign wizard's preview and test send, and the campaign settings (campaigns/wizard.ts). */
  campaignWizard(): CampaignWizard {
    return new CampaignWizard({
      pg: this.db_,
      now: () => this.now(),
      storeName: () => this.campaigns().storeName,
      normalizePhone: (phone) => this.normalizePhone(phone),
      findTemplate: (name, language) => this.findTemplate(name, language),
      send: (input) => this.sendMessage(input),
    })
  }

  // ---- settings (settings/store.ts)

  getSetting<T extends Record<string, unknown>>(key: string, defaults: T): Promise<T> {
    return getSetting(this.db_, key, defaults)
  }

  setSetting<T extends Record<string, unknown>>(key: string, value: T): Promise<T> {
    return setSetting(this.db_, key, value)
  }

  withLock<T>(key: string, fn: () => Promise<T>): Promise<T> {
    return withLock(this.db_, key, fn)
  }
}

export default WhatsappModuleService
