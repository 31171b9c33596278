/**
 * The dispatcher, one batch at a time, readable top to bottom:
 *
 *   state check → recover dead claims → tier allowance → fetch (claim) a batch → decide + render
 *   → record pending messages → wait for the limiter → send → record outcomes → checkpoint
 *
 * Pause and resume are campaign states: every batch starts by reading the state, and stops the
 * moment it is not "running". Workers (in-process slots or BullMQ jobs) just call `runBatch`
 * until it says stop; any number of them may run one campaign at once.
 */
import { decideRecipient, renderCampaignMessage, type CampaignMessageSpec, type SendPolicy } from "../domain/campaign-rules"
import { encodeCallbackData } from "../domain/callback-data"
import { addressOf, bsuidRefusal } from "../domain/identity"
import { decideSendFailure } from "../domain/send-failure"
import { ErrorRateWindow, tierAllowance } from "../domain/rate-limit"
import { WhatsAppProviderError, type WhatsAppProvider } from "../channels/provider"
import { GroupCommit } from "./group-commit"
import type { Limiter } from "./limiter"
import type { CampaignSettings } from "./settings"
import type { ClaimedRecipient, PendingMessage, PipelineStore, SendRecord } from "./store"
import type { CampaignRow } from "./store"

export interface PipelineDeps {
  /** The campaign's SQL (store/): a few named reads and writes, so a fake can stand in for Postgres. */
  store: PipelineStore
  provider: () => WhatsAppProvider
  limiter: (settings: CampaignSettings) => Limiter
  settings: () => Promise<CampaignSettings>
  storeTimezone: string
  storeName?: string | null
  workerId: string
  now?: () => Date
  logger?: { info(m: string): void; warn(m: string): void; error(m: string): void }
  /** Campaigns using a template that Meta paused: pause them all (shared with the webhook path). */
  pauseForTemplate?: (name: string, reason: string) => Promise<void>
  /** Replaces the request's allowed links with per-recipient tracked ones (links/clicks.ts); absent = untouched. */
  trackLinks?: (request: any, campaignId: string, recipientId: string) => any
}

export type BatchResult = { next: "continue"; processed: number } | { next: "wait"; ms: number; why: string } | { next: "stop"; why: string }

// Per process, per campaign, shared by its slots: outcomes of recent sends (the error-rate pause),
// and when the sweeps that scan old rows last ran. Both sweeps are needed rarely (a lease is
// minutes; deferrals are seconds or more), and doing them every batch cost more Postgres time than
// the sends' own bookkeeping. Dropped when the campaign completes here.
interface LocalState {
  errors: ErrorRateWindow
  recoveredAt: number
  behindScannedAt: number
}
const local = new Map<string, LocalState>()
const localState = (id: string) => {
  let s = local.get(id)
  if (!s) local.set(id, (s = { errors: new ErrorRateWindow(), recoveredAt: -Infinity, behindScannedAt: -Infinity }))
  return s
}
const BEHIND_SCAN_EVERY_MS = 2_000
// Accepted sends are committed at most this often per batch: ~40 commits/s at full speed instead of
// one per handful of sends, and a crash still loses at most ~25 ms of records.
const ACCEPTED_FLUSH_MS = 25

/** One batch, as the phases below (their comments are numbered in order); says whether to go on. */
export async function runBatch(deps: PipelineDeps, campaignId: string): Promise<BatchResult> {
  const now = deps.now?.() ?? new Date()

  const read = await readRunningCampaign(deps.store, campaignId)
  if ("stop" in read) return { next: "stop", why: read.stop }
  const settings = await deps.settings()
  const b: BatchContext = { deps, campaignId, campaign: read.campaign, settings, state: localState(campaignId), now }

  const at = Date.now()
  await sweepDeadClaims(b, at)
  const behind = behindScanDue(b.state, at)

  const claimed = await claimNextBatch(b, behind)
  if (claimed.kind === "stopped") return { next: "stop", why: claimed.why }
  if (claimed.kind === "tier") {
    await deps.store.transition(campaignId, "paused", "dispatcher", `tier_limit: ${claimed.limit} unique users per 24 h reached`, {
      from: ["running"],
      patch: { resume_after: claimed.resumeAt },
    })
    return { next: "stop", why: "tier_limit" }
  }
  const batch = claimed.batch
  if (!batch.length) {
    // Nothing claimable: a dead worker's claims are the only thing that could still be pending.
    await deps.store.recoverExpiredClaims(campaignId, settings.claim_lease_ms, now)
    return finishOrWait(deps, campaignId, now)
  }

  const { records, toSend } = await decideAndRender(b, batch)
  const messages = await insertPending(b, toSend)
  const outcome = await sendAll(b, toSend, messages, records)
  return concludeBatch(b, records, outcome, batch.length)
}

/** What every phase of one batch reads: the campaign as phase 1 read it, its settings, this process's state for it, the batch's clock. */
interface BatchContext {
  deps: PipelineDeps
  campaignId: string
  campaign: CampaignRow
  settings: CampaignSettings
  state: LocalState
  now: Date
}

/** 1. State: only a running campaign sends. */
async function readRunningCampaign(store: PipelineStore, campaignId: string): Promise<{ campaign: CampaignRow } | { stop: string }> {
  const campaign = await store.getCampaign(campaignId)
  if (!campaign) return { stop: "missing" }
  if (campaign.status !== "running") return { stop: campaign.status }
  return { campaign }
}

/**
 * 2. Claims left by a dead worker come back (sent if a webhook proves it, else requeued).
 *    Checked a few times per lease, not every batch.
 */
async function sweepDeadClaims({ deps, campaignId, settings, state, now }: BatchContext, at: number) {
  if (at - state.recoveredAt >= Math.min(5_000, settings.claim_lease_ms / 4)) {
    state.recoveredAt = at
    await deps.store.recoverExpiredClaims(campaignId, settings.claim_lease_ms, now)
  }
}

/** Recipients behind the checkpoint (deferred, retried, released) are looked for every few seconds. */
function behindScanDue(state: LocalState, at: number): boolean {
  const behind = at - state.behindScannedAt >= BEHIND_SCAN_EVERY_MS
  if (behind) state.behindScannedAt = at
  return behind
}

type Claimed = { kind: "stopped"; why: string } | { kind: "tier"; limit: number; resumeAt: Date | null } | { kind: "batch"; batch: ClaimedRecipient[] }

/**
 * 3. BatchContext size: about a second of sends per slot, so facts read at claim time stay fresh.
 * 4. Fetch: claim the next batch (keyset on seq, SKIP LOCKED) in a transaction that first locks
 *    the campaign row and re-reads its state. Locks are taken campaign → recipients, the same
 *    order as pause/cancel, which would otherwise deadlock with a claim; and a batch is never
 *    claimed for a campaign paused or canceled a moment ago. With a tier, reading the usage and
 *    claiming happen under one lock too, and claimed recipients count as reached, so slots and
 *    workers never overshoot the tier together.
 */
async function claimNextBatch({ deps, campaignId, campaign, settings, now }: BatchContext, behind: boolean): Promise<Claimed> {
  const batchSize = Math.max(10, Math.min(500, Math.round(settings.throughput_mps / Math.max(1, settings.slots))))
  const tierLimit = settings.messaging_tier !== null && campaign.message_kind === "template" ? settings.messaging_tier : null
  return deps.store.transaction(async (tx) => {
    if (tierLimit !== null) await tx.lockMessagingTier()
    const status = await tx.lockCampaignForClaim(campaignId)
    if (status !== "running") return { kind: "stopped" as const, why: String(status ?? "missing") }
    let n = batchSize
    if (tierLimit !== null) {
      const usage = await tx.tierUsage(now)
      const tier = tierAllowance(tierLimit, usage.reached, usage.oldest, now)
      if (tier.allowed === 0) return { kind: "tier" as const, limit: tierLimit, resumeAt: tier.resumeAt }
      n = Math.min(batchSize, tier.allowed)
    }
    const fresh = await tx.claimBatch(campaignId, deps.workerId, n, now, { behind })
    // Nothing fresh: look behind the checkpoint before concluding anything.
    return { kind: "batch" as const, batch: fresh.length || behind ? fresh : await tx.claimBatch(campaignId, deps.workerId, n, now, { behind: true }) }
  })
}

type ToSend = { r: ClaimedRecipient; request: any }[]
type PendingMessages = Map<string, PendingMessage>

/** 5. Decide and render, on facts read at claim time (an opt-out a second ago wins). */
async function decideAndRender(
  { deps, campaignId, campaign, settings, now }: BatchContext,
  batch: ClaimedRecipient[]
): Promise<{ records: SendRecord[]; toSend: ToSend }> {
  const policy: SendPolicy = {
    message_kind: campaign.message_kind,
    frequency_cap: settings.frequency_cap,
    quiet_hours: settings.quiet_hours,
    store_timezone: campaign.timezone || deps.storeTimezone,
    pair_rate_interval_ms: settings.pair_rate_interval_ms,
  }
  const recent = settings.frequency_cap
    ? await deps.store.recentMarketingCounts(
        batch.map((r) => r.contact_id),
        settings.frequency_cap.days,
        campaignId,
        now
      )
    : new Map<string, number>()
  const spec = messageSpec(campaign)
  const records: SendRecord[] = []
  const toSend: ToSend = []
  for (const r of batch) {
    const decision = decideRecipient({ ...r, recent_marketing: recent.get(r.contact_id) ?? 0 }, policy, now)
    if (decision.action === "skip") {
      records.push(record(r, null, "skipped", decision.reason))
      continue
    }
    if (decision.action === "defer") {
      records.push({ ...record(r, null, "queued", decision.reason), not_before: decision.until })
      continue
    }
    const rendered = renderCampaignMessage(spec, {
      store_name: deps.storeName,
      customer: r.customer_id ? { id: r.customer_id, first_name: r.first_name, last_name: r.last_name, email: r.email } : null,
    })
    if (!rendered.ok) {
      records.push(record(r, null, "failed", rendered.reason))
      continue
    }
    // A username user known by BSUID only cannot get what needs a phone (authentication,
    // copy-code: Meta's 131062): failed here with that reason, no call spent.
    const refused = r.wa_id
      ? null
      : bsuidRefusal({
          category: campaign.template_category,
          request_components: rendered.request.type === "template" ? rendered.request.template?.components : null,
        })
    if (refused) records.push(record(r, null, "failed", refused))
    else toSend.push({ r, request: deps.trackLinks ? deps.trackLinks(rendered.request, campaignId, r.id) : rendered.request })
  }
  return { records, toSend }
}

/** 6. Record: the pending message rows exist before any API call (the idempotency key is unique). */
function insertPending({ deps, campaignId }: BatchContext, toSend: ToSend): Promise<PendingMessages> {
  return deps.store.insertPendingMessages(
    toSend.map(({ r, request }) => ({
      key: r.idempotency_key,
      contact_id: r.contact_id,
      wa_id: r.wa_id,
      user_id: r.user_id,
      customer_id: r.customer_id,
      request,
      campaign_id: campaignId,
    }))
  )
}

/** The recipient's reason for a send Meta accepted but holds (template pacing, Marketing Messages API). */
export const HELD_REASON = "held_for_quality_assessment: Meta holds it until quality feedback arrives (template pacing)"

/** What the sends of a batch leave for its conclusion. */
interface SendOutcome {
  /** Set when the campaign must pause (a stopping error, or the error rate). */
  stopReason: string | null
  /** Set when Meta paused the template. */
  templateProblem: string | null
  optOuts: string[]
}

/** 7. Wait for the limiter, then send, `concurrency` at a time. Outcomes other than accepted go to `records`. */
async function sendAll(
  { deps, campaignId, campaign, settings, state }: BatchContext,
  toSend: ToSend,
  messages: PendingMessages,
  records: SendRecord[]
): Promise<SendOutcome> {
  const limiter = deps.limiter(settings)
  const errors = state.errors
  const outcome: SendOutcome = { stopReason: null, templateProblem: null, optOuts: [] }
  // Accepted sends are written as they come back, not at the end of the batch: a crash can then
  // lose only the few milliseconds since the last flush (recovered by the status webhook if it
  // comes within the lease), instead of a whole batch of accepted-but-unrecorded messages.
  const accepted = new GroupCommit<SendRecord>((chunk) => deps.store.recordBatch(chunk, deps.now?.() ?? new Date()), ACCEPTED_FLUSH_MS)
  let next = 0
  const worker = async () => {
    while (next < toSend.length) {
      const { r, request } = toSend[next++]
      const m = messages.get(r.idempotency_key)!
      if (m.status !== "pending") {
        // Sent in an earlier life of this batch (crash after the call): never again.
        records.push({ ...record(r, m.id, m.status === "failed" ? "failed" : "sent", "already_sent"), wamid: m.wamid })
        continue
      }
      if (outcome.stopReason) {
        records.push(record(r, m.id, "queued", `released: ${outcome.stopReason}`))
        continue
      }
      await limiter.acquire()
      try {
        const result = await deps.provider().send(
          {
            ...request,
            messaging_product: "whatsapp",
            recipient_type: "individual",
            ...addressOf(r),
            biz_opaque_callback_data: encodeCallbackData({ message_id: m.id, campaign_id: campaignId }),
          },
          { marketing: campaign.template_category === "MARKETING" }
        )
        errors.record(false)
        // Template pacing: Meta holds it until quality feedback arrives (~99% deliver within 1 h).
        const held = result.message_status === "held_for_quality_assessment"
        accepted.add({ ...record(r, m.id, "sent", held ? HELD_REASON : null), wamid: result.wamid, held })
      } catch (e) {
        const err = asProviderError(e)
        const d = decideSendFailure({
          code: err.code ?? null,
          classification: err.classification,
          attempts: r.attempts,
          max_attempts: settings.max_attempts,
          pair_rate_interval_ms: settings.pair_rate_interval_ms,
        })
        errors.record(d.counts_as_error)
        if (d.penalize_limiter) limiter.penalize()
        const error = { code: err.code ?? null, title: err.classification.title, details: err.details ?? err.message ?? null, final: d.final }
        records.push({
          ...record(r, m.id, d.status, d.reason),
          ...(d.retry_in_ms === null ? {} : { not_before: new Date(Date.now() + d.retry_in_ms) }),
          error,
        })
        if (d.opt_out) outcome.optOuts.push(r.contact_id)
        if (d.stop_campaign) outcome.stopReason ??= `${d.reason} — ${err.classification.meaning}`
        if (d.pause_template) outcome.templateProblem ??= d.reason
      }
      if (!outcome.stopReason && errors.exceeds(settings.error_rate_threshold)) {
        outcome.stopReason = `error_rate: ${Math.round(errors.ratio * 100)}% of recent sends failed (threshold ${Math.round(settings.error_rate_threshold * 100)}%)`
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(settings.concurrency, Math.max(1, toSend.length)) }, worker))
  await accepted.drain()
  return outcome
}

/** 8. Record outcomes and checkpoint (the claim advanced checkpoint_seq; this makes the rows final); pause if a send said so. */
async function concludeBatch(
  { deps, campaignId, campaign, state }: BatchContext,
  records: SendRecord[],
  outcome: SendOutcome,
  processed: number
): Promise<BatchResult> {
  await deps.store.recordBatch(records, deps.now?.() ?? new Date())
  await deps.store.setMarketingConsentRevoked(outcome.optOuts, "whatsapp_error_131050")

  const { templateProblem, stopReason } = outcome
  if (templateProblem && campaign.template_name) {
    if (deps.pauseForTemplate) await deps.pauseForTemplate(campaign.template_name, `template_paused: ${templateProblem}`)
    else await deps.store.transition(campaignId, "paused", "dispatcher", `template_paused: ${templateProblem}`, { from: ["running"] })
    return { next: "stop", why: "template" }
  }
  if (stopReason) {
    state.errors = new ErrorRateWindow()
    await deps.store.transition(campaignId, "paused", "dispatcher", stopReason, { from: ["running"] })
    deps.logger?.warn(`whatsapp: campaign ${campaignId} paused: ${stopReason}`)
    return { next: "stop", why: stopReason }
  }
  return { next: "continue", processed }
}

/** Nothing claimable now: complete, or wait for deferred recipients / other workers' claims. */
async function finishOrWait(deps: PipelineDeps, campaignId: string, now: Date): Promise<BatchResult> {
  const left = await deps.store.remaining(campaignId, now)
  if (left.due > 0) return { next: "continue", processed: 0 }
  if (left.sending > 0) return { next: "wait", ms: 250, why: "other workers' claims in flight" }
  if (left.deferred > 0) {
    const ms = Math.max(50, new Date(left.next_at!).getTime() - now.getTime())
    return { next: "wait", ms, why: "deferred recipients" }
  }
  await deps.store.transition(campaignId, "completed", "dispatcher", null, { from: ["running"] })
  local.delete(campaignId)
  return { next: "stop", why: "completed" }
}

function record(r: ClaimedRecipient, messageId: string | null, status: SendRecord["status"], reason: string | null): SendRecord {
  return { recipient_id: r.id, message_id: messageId, contact_id: r.contact_id, status, reason, not_before: null }
}

export function messageSpec(campaign: CampaignRow): CampaignMessageSpec {
  return {
    message_kind: campaign.message_kind,
    template_name: campaign.template_name,
    template_language: campaign.template_language,
    // JSON columns: validated against these shapes when the campaign was created or edited.
    parameters: campaign.parameters as CampaignMessageSpec["parameters"],
    text: campaign.text,
    discount_code: campaign.discount_code,
    cta: campaign.cta as CampaignMessageSpec["cta"],
  }
}

function asProviderError(e: unknown): WhatsAppProviderError {
  if (e instanceof WhatsAppProviderError) return e
  return new WhatsAppProviderError((e as Error)?.message ?? String(e), {
    classification: { title: "Unexpected error", retryable: true, retry: "backoff", effect: "none", scope: "message", meaning: String(e) },
  } as any)
}
