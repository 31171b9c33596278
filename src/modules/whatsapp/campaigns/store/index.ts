/**
 * The campaign's SQL, behind one narrow interface: the engine and the pipeline call these named
 * methods and hold no SQL of their own (as listmonk's manager depends on its `Store`). Postgres is
 * the source of truth for exactly-once; recipients.ts says how.
 *
 *   campaigns.ts   whatsapp_campaign and its state log; the segment and template it refers to
 *   recipients.ts  the frozen audience: freeze, claim, recover, record, what is left
 *   contacts.ts    messaging-tier usage, recent marketing per contact, consent
 *   send-time.ts   activity by local hour, planned send times (best-hour sends)
 *
 * The functions there take the db first (the pool or a transaction); PgCampaignStore binds them to
 * one. `transaction` and a transition's `inTrx` hand over a store bound to the transaction.
 */
import type { CampaignState } from "../../domain/campaign-rules"
import type { SegmentRule } from "../../domain/segment-rules"
import type { Db } from "../../db"
import * as campaigns from "./campaigns"
import * as contacts from "./contacts"
import * as recipients from "./recipients"
import * as sendTime from "./send-time"
export type { CampaignRow } from "./campaigns"
import type { CampaignRow, CampaignRunFields, NewCampaign } from "./campaigns"
import type { ClaimedRecipient, NewPendingMessage, PendingMessage, SendRecord } from "./recipients"
import type { ActivityHistograms } from "./send-time"

export * from "./campaigns"
export * from "./contacts"
export * from "./recipients"
export * from "./send-time"

export interface TransitionOptions<Tx> {
  /** Only from these states; from any other, nothing changes (null). */
  from?: CampaignState[]
  /** Columns set together with the status. */
  patch?: Record<string, unknown>
  /** Runs under the row lock, in the transition's transaction, before the status changes. */
  inTrx?: (tx: Tx, from: CampaignState) => Promise<void>
}

export type Transitioned = { from: CampaignState; to: CampaignState } | null

/** What one batch of the dispatcher (pipeline.ts) and the queue need. */
export interface PipelineStore {
  /** Runs fn in one transaction, with a store bound to it. */
  transaction<T>(fn: (tx: this) => Promise<T>): Promise<T>
  getCampaign(id: string): Promise<any | null>
  transition(id: string, to: CampaignState, actor: string, reason: string | null, opts?: TransitionOptions<this>): Promise<Transitioned>
  /** How often the campaign entered "running" (BullMQ job ids carry it). */
  runGeneration(id: string): Promise<number>
  /** In a transaction: locks the campaign row (campaign → recipients, as pause/cancel do); its status. */
  lockCampaignForClaim(id: string): Promise<string | undefined>
  /** In a transaction: one tier check at a time across campaigns and workers. */
  lockMessagingTier(): Promise<void>
  tierUsage(now: Date): Promise<{ reached: number; oldest: Date | null }>
  claimBatch(campaignId: string, workerId: string, limit: number, now: Date, opts?: { behind?: boolean }): Promise<ClaimedRecipient[]>
  recoverExpiredClaims(campaignId: string, leaseMs: number, now: Date): Promise<{ sent: number; failed: number; requeued: number }>
  recentMarketingCounts(contactIds: string[], days: number, campaignId: string, now: Date): Promise<Map<string, number>>
  insertPendingMessages(rows: NewPendingMessage[]): Promise<Map<string, PendingMessage>>
  recordBatch(records: SendRecord[], now: Date): Promise<void>
  setMarketingConsentRevoked(contactIds: string[], source: string): Promise<void>
  remaining(campaignId: string, now: Date): Promise<{ due: number; deferred: number; next_at: Date | null; sending: number }>
}

/** Everything else the engine does: lifecycle, the scheduler, webhook reactions, undo. */
export interface CampaignStore extends PipelineStore {
  insertCampaign(c: NewCampaign): Promise<void>
  /** The row, deleted or not, inside a transition that holds its lock. */
  rereadCampaign(id: string): Promise<CampaignRow | null>
  listCampaigns(page: { limit: number; offset: number }): ReturnType<typeof campaigns.listCampaigns>
  listCampaignEvents(id: string): Promise<any[]>
  recordCampaignEvent(id: string, from: string | null, to: string, actor: string, reason: string | null): Promise<void>
  /** In a transaction: locks a campaign that is not deleted; its row, or its status. */
  lockCampaign(id: string): Promise<any | undefined>
  lockCampaignStatus(id: string): Promise<string | undefined>
  updateCampaignColumns(id: string, cols: Record<string, unknown>): Promise<void>
  setCampaignSegmentRules(id: string, rules: unknown): Promise<void>
  markCampaignFrozen(id: string, audienceCount: number): Promise<void>
  softDeleteCampaign(id: string): Promise<void>
  /** An undo: writes back what start/resume changed (not a state-machine move). */
  restoreCampaignRunFields(before: CampaignRunFields): Promise<void>
  /** Deletes a draft with no recipients, and its events; false when it is not one. */
  deleteUnstartedDraft(id: string): Promise<boolean>
  runningCampaignIds(): Promise<string[]>
  runningCampaignIdsUsingTemplate(name: string, language: string | null): Promise<string[]>
  dueScheduledCampaignIds(now: Date): Promise<string[]>
  tierPausedCampaignIdsDue(now: Date): Promise<string[]>
  segmentRules(segmentId: string): Promise<SegmentRule | null>
  templateStatus(name: string, language: string): Promise<{ status: string; category: string } | null>
  freezeAudience(campaign: CampaignRow, now: Date): Promise<number>
  skipQueuedRecipients(campaignId: string): Promise<void>
  /** Deletes the queued recipients; returns how many are left (taken by a worker). */
  deleteQueuedRecipients(campaignId: string): Promise<number>
  /** The consented contacts the campaign would freeze now (the wizard's previews). */
  audienceContactIds(campaign: Pick<CampaignRow, "segment_rules" | "retarget">, now: Date): Promise<string[]>
  /** Activity by local hour of the given contacts (SQL selecting their ids) and of the store. */
  activityHistograms(contacts: { sql: string; params: unknown[] }, timeZone: string, now: Date): Promise<ActivityHistograms>
  frozenContacts(campaignId: string): Promise<{ id: string; contact_id: string; seq: number }[]>
  setPlannedTimes(campaignId: string, plans: { id: string; planned_at: Date }[]): Promise<void>
}

/** The Postgres store: each method is the function of the same name, on this store's db. */
export class PgCampaignStore implements CampaignStore {
  constructor(readonly db: Db) {}

  transaction<T>(fn: (tx: this) => Promise<T>): Promise<T> {
    return this.db.transaction((trx) => fn(new PgCampaignStore(trx) as this))
  }
  transition(id: string, to: CampaignState, actor: string, reason: string | null, opts: TransitionOptions<this> = {}) {
    const { inTrx, ...rest } = opts
    return campaigns.transition(this.db, id, to, actor, reason, { ...rest, inTrx: inTrx && ((trx, from) => inTrx(new PgCampaignStore(trx) as this, from)) })
  }

  getCampaign = (id: string) => campaigns.getCampaign(this.db, id)
  rereadCampaign = (id: string) => campaigns.rereadCampaign(this.db, id)
  insertCampaign = (c: NewCampaign) => campaigns.insertCampaign(this.db, c)
  listCampaigns = (page: { limit: number; offset: number }) => campaigns.listCampaigns(this.db, page)
  listCampaignEvents = (id: string) => campaigns.listCampaignEvents(this.db, id)
  runGeneration = (id: string) => campaigns.runGeneration(this.db, id)
  recordCampaignEvent = (id: string, from: string | null, to: string, actor: string, reason: string | null) =>
    campaigns.recordCampaignEvent(this.db, id, from, to, actor, reason)
  lockCampaign = (id: string) => campaigns.lockCampaign(this.db, id)
  lockCampaignStatus = (id: string) => campaigns.lockCampaignStatus(this.db, id)
  lockCampaignForClaim = (id: string) => campaigns.lockCampaignForClaim(this.db, id)
  updateCampaignColumns = (id: string, cols: Record<string, unknown>) => campaigns.updateCampaignColumns(this.db, id, cols)
  setCampaignSegmentRules = (id: string, rules: unknown) => campaigns.setCampaignSegmentRules(this.db, id, rules)
  markCampaignFrozen = (id: string, audienceCount: number) => campaigns.markCampaignFrozen(this.db, id, audienceCount)
  softDeleteCampaign = (id: string) => campaigns.softDeleteCampaign(this.db, id)
  restoreCampaignRunFields = (before: CampaignRunFields) => campaigns.restoreCampaignRunFields(this.db, before)
  deleteUnstartedDraft = (id: string) => campaigns.deleteUnstartedDraft(this.db, id)
  runningCampaignIds = () => campaigns.runningCampaignIds(this.db)
  runningCampaignIdsUsingTemplate = (name: string, language: string | null) => campaigns.runningCampaignIdsUsingTemplate(this.db, name, language)
  dueScheduledCampaignIds = (now: Date) => campaigns.dueScheduledCampaignIds(this.db, now)
  tierPausedCampaignIdsDue = (now: Date) => campaigns.tierPausedCampaignIdsDue(this.db, now)
  segmentRules = (segmentId: string) => campaigns.segmentRules(this.db, segmentId)
  templateStatus = (name: string, language: string) => campaigns.templateStatus(this.db, name, language)

  freezeAudience = (campaign: CampaignRow, now: Date) => recipients.freezeAudience(this.db, campaign, now)
  claimBatch = (campaignId: string, workerId: string, limit: number, now: Date, opts?: { behind?: boolean }) =>
    recipients.claimBatch(this.db, campaignId, workerId, limit, now, opts)
  recoverExpiredClaims = (campaignId: string, leaseMs: number, now: Date) => recipients.recoverExpiredClaims(this.db, campaignId, leaseMs, now)
  insertPendingMessages = (rows: NewPendingMessage[]) => recipients.insertPendingMessages(this.db, rows)
  recordBatch = (records: SendRecord[], now: Date) => recipients.recordBatch(this.db, records, now)
  remaining = (campaignId: string, now: Date) => recipients.remaining(this.db, campaignId, now)
  skipQueuedRecipients = (campaignId: string) => recipients.skipQueuedRecipients(this.db, campaignId)
  deleteQueuedRecipients = (campaignId: string) => recipients.deleteQueuedRecipients(this.db, campaignId)
  audienceContactIds = (campaign: Pick<CampaignRow, "segment_rules" | "retarget">, now: Date) => recipients.audienceContactIds(this.db, campaign, now)
  activityHistograms = (contacts: { sql: string; params: unknown[] }, timeZone: string, now: Date) =>
    sendTime.activityHistograms(this.db, contacts, timeZone, now)
  frozenContacts = (campaignId: string) => sendTime.frozenContacts(this.db, campaignId)
  setPlannedTimes = (campaignId: string, plans: { id: string; planned_at: Date }[]) => sendTime.setPlannedTimes(this.db, campaignId, plans)

  lockMessagingTier = () => contacts.lockMessagingTier(this.db)
  tierUsage = (now: Date) => contacts.tierUsage(this.db, now)
  recentMarketingCounts = (contactIds: string[], days: number, campaignId: string, now: Date) =>
    contacts.recentMarketingCounts(this.db, contactIds, days, campaignId, now)
  setMarketingConsentRevoked = (contactIds: string[], source: string) => contacts.setMarketingConsentRevoked(this.db, contactIds, source)
}
