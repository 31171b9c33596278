/**
 * Webhook receipts: the exact bytes are stored before the 200, then applied in a transaction of
 * their own (webhooks/apply.ts), in the background with bounded concurrency, with a sweeper for
 * whatever was left pending (a crash after the ack, or statuses that raced ahead of their send).
 */
import { createHash } from "node:crypto"
import type { Logger } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { entityId } from "../domain/ids"
import type { Db } from "../db"
import { backoffDelay } from "../domain/errors"
import type { WebhookPayload } from "../channels/cloud-api/types"
import type { WhatsAppProvider } from "../channels/provider"
import type { CountryCode } from "libphonenumber-js"
import { dbMessageOf, messageOf } from "../domain/errors"
import { applyWebhook, setMarketingConsent, type ApplyOutcome } from "./apply"
import { prepareWebhook, type PreparedWebhook, type ReceiptNote } from "./validate"
import { foldStatuses, isApplicableStatus, lockMessages, writeMessageUpdates, type IncomingStatus } from "./status-batch"
import type { MessagesValue, StatusObject, WebhookContact } from "../channels/cloud-api/types"
import { resolveStatusRecipient } from "./status-identity"

/**
 * A receipt is tried this many times: when its statuses point at messages we do not know yet
 * (they raced ahead of our recording of the send), or when applying it throws. Then it ends
 * `failed` with the reason, and the settings page offers a retry.
 */
export const MAX_RECEIPT_ATTEMPTS = 8
/** Notes kept per receipt: enough to see what was wrong, bounded for a hostile body. */
const MAX_NOTES = 50
const SWEEP_INTERVAL_MS = 15_000
/** Receipts processed at once in the background, and how many may wait in memory. */
const RECEIPT_CONCURRENCY = 4
const RECEIPT_BACKLOG_LIMIT = 10_000
/** Bytes of webhook bodies in one group-committed INSERT at most. */
const MAX_INSERT_BYTES = 4 * 1024 * 1024
/** Receipts applied in one set-based transaction at most. */
const RECEIPT_BATCH_SIZE = 100
/** Mark-read calls in flight at once. */
const MARK_READ_CONCURRENCY = 8

export type ModuleEvent = { name: string; data: Record<string, unknown> }
export type ReceiptOutcome = { status: "processed" | "retry" | "failed" | "skipped" | "ignored" }

/** A receipt to store: the exact bytes and the signature header they came with. */
export interface IncomingReceipt {
  raw: Buffer | string
  signature: string | null
}

/**
 * Stores the exact bytes before anything else, several receipts in one INSERT. Returns each
 * receipt's id, with duplicate=true when the same bytes were already stored (Meta redelivers) or
 * come twice in this call.
 */
export async function storeWebhookReceipts(db: Db, items: IncomingReceipt[]): Promise<{ id: string; duplicate: boolean }[]> {
  if (!items.length) return []
  const rows = items.map((r) => ({
    // Pooled randomness: Medusa's generateEntityId costs ~70 µs of crypto calls per id here.
    id: entityId("wawhr"),
    dedupe_key: createHash("sha256").update(r.raw).digest("hex"),
    raw_body: Buffer.isBuffer(r.raw) ? r.raw.toString("utf8") : r.raw,
    signature: r.signature,
  }))
  const inserted = await db.raw(
    `INSERT INTO whatsapp_webhook_receipt (id, dedupe_key, raw_body, signature)
     SELECT * FROM unnest(?::text[], ?::text[], ?::text[], ?::text[])
     ON CONFLICT (dedupe_key) WHERE deleted_at IS NULL DO NOTHING RETURNING id, dedupe_key`,
    // Arrays rather than a JSON document: a body is stored as the text it is, never re-escaped.
    [rows.map((r) => r.id), rows.map((r) => r.dedupe_key), rows.map((r) => r.raw_body), rows.map((r) => r.signature) as string[]]
  )
  const fresh = new Map<string, string>(inserted.rows.map((r: { id: string; dedupe_key: string }) => [r.dedupe_key, r.id]))
  const missing = [...new Set(rows.filter((r) => !fresh.has(r.dedupe_key)).map((r) => r.dedupe_key))]
  const existing = new Map<string, string>()
  if (missing.length) {
    const found = await db.raw(`SELECT id, dedupe_key FROM whatsapp_webhook_receipt WHERE dedupe_key = ANY(?::text[]) AND deleted_at IS NULL`, [missing])
    for (const r of found.rows) existing.set(r.dedupe_key, r.id)
  }
  const claimed = new Set<string>()
  return rows.map((r) => {
    const id = fresh.get(r.dedupe_key)
    // The first of identical bodies in this call is the new receipt; the others are duplicates.
    if (id && !claimed.has(r.dedupe_key)) {
      claimed.add(r.dedupe_key)
      return { id, duplicate: false }
    }
    const other = id ?? existing.get(r.dedupe_key)
    if (!other) throw new Error("webhook receipt neither stored nor found (deleted meanwhile?)")
    return { id: other, duplicate: true }
  })
}

/** One receipt; see storeWebhookReceipts. */
export async function storeWebhookReceipt(db: Db, raw: Buffer | string, signature: string | null): Promise<{ id: string; duplicate: boolean }> {
  return (await storeWebhookReceipts(db, [{ raw, signature }]))[0]
}

/**
 * Group commit for the ack path: one INSERT in flight at a time, and every webhook that arrives
 * meanwhile goes in the next one, so at high rates one commit (one WAL flush) acks many webhooks
 * and at low rates each is written at once. A webhook is answered only after its row committed.
 */
export class ReceiptWriter {
  private queue: { item: IncomingReceipt; resolve: (r: { id: string; duplicate: boolean }) => void; reject: (e: unknown) => void }[] = []
  private running = false

  constructor(
    private readonly db: Db,
    private readonly maxBatch = 200
  ) {}

  store(raw: Buffer | string, signature: string | null): Promise<{ id: string; duplicate: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ item: { raw, signature }, resolve, reject })
      if (!this.running) void this.loop()
    })
  }

  private async loop() {
    this.running = true
    try {
      while (this.queue.length) {
        // Bounded in count and in bytes (bodies may be up to max_webhook_body_bytes each).
        let n = 0
        for (let bytes = 0; n < this.queue.length && n < this.maxBatch && (n === 0 || bytes < MAX_INSERT_BYTES); n++) {
          bytes += this.queue[n].item.raw.length
        }
        const chunk = this.queue.splice(0, n)
        try {
          const out = await storeWebhookReceipts(
            this.db,
            chunk.map((c) => c.item)
          )
          chunk.forEach((c, i) => c.resolve(out[i]))
        } catch (e) {
          // The sender gets a 500 and Meta retries it: nothing is acked that was not stored.
          for (const c of chunk) c.reject(e)
        }
      }
    } finally {
      this.running = false
    }
  }
}

export async function lastWebhookReceivedAt(db: Db): Promise<Date | null> {
  const { rows } = await db.raw(`SELECT max(created_at) AS at FROM whatsapp_webhook_receipt WHERE deleted_at IS NULL`)
  return rows[0]?.at ?? null
}

/** Which business number and WABA are ours, and the region for national phone spellings. */
export interface ReceiptScope {
  phoneNumberId: string
  wabaId: string
  region?: CountryCode
}

/**
 * Retention (PDPA / GDPR): blanks the raw body of processed and ignored receipts older than
 * `days`, in chunks so a long backlog never holds one big lock. The row stays (its dedupe key
 * still refuses a redelivery, its status and notes still explain what happened); failed and
 * pending receipts keep their body until they are applied, since a retry needs it.
 */
export async function redactOldReceipts(db: Db, days: number, { chunk = 1000 } = {}): Promise<number> {
  let total = 0
  while (true) {
    const { rowCount } = await db.raw(
      `UPDATE whatsapp_webhook_receipt SET raw_body = '', signature = NULL, redacted_at = now(), updated_at = now()
       WHERE id IN (SELECT id FROM whatsapp_webhook_receipt
                    WHERE status IN ('processed', 'ignored') AND redacted_at IS NULL AND deleted_at IS NULL
                      AND created_at < now() - make_interval(days => ?)
                    ORDER BY created_at LIMIT ?)`,
      [days, chunk]
    )
    total += rowCount ?? 0
    if (!rowCount || rowCount < chunk) return total
  }
}

export interface ReceiptProcessorDeps {
  pg: Knex
  scope: ReceiptScope
  logger: Logger
  provider: () => WhatsAppProvider
  emit: (events: ModuleEvent[]) => Promise<void>
  /**
   * Events written inside the transaction that applied the receipt instead of emitted after it
   * (the standalone ingest's outbox, webhooks/outbox.ts); `emit` is then not called.
   */
  emitIn?: (trx: Knex.Transaction, events: ModuleEvent[]) => Promise<void>
}

/** Owns the background queue, the in-flight work shutdown waits for, and the sweeper. */
export class ReceiptProcessor {
  protected readonly queue_: string[] = []
  /**
   * Parsed bodies of queued receipts, as the ack path parsed them: the batch path then neither
   * reads the raw body back from Postgres nor parses it again. Only while queued; a receipt the
   * sweeper picks up is read from its row.
   */
  protected readonly bodies_ = new Map<string, unknown>()
  /** Receipt drain workers running now (bounded by RECEIPT_CONCURRENCY). */
  protected readonly inFlight_ = new Set<Promise<unknown>>()
  /** Fire-and-forget calls (mark-read) that shutdown still waits for. */
  protected readonly background_ = new Set<Promise<unknown>>()
  protected readonly markReadQueue_: string[] = []
  protected sweepTimer_?: NodeJS.Timeout

  constructor(protected readonly deps: ReceiptProcessorDeps) {}

  /** Started once: a second start (tests call the hook again) must not leave the first sweeper running. */
  startSweeper() {
    clearInterval(this.sweepTimer_)
    this.sweepTimer_ = setInterval(() => {
      void this.processPending().catch((e) => this.deps.logger.warn(`whatsapp: receipt sweep failed: ${e.message}`))
    }, SWEEP_INTERVAL_MS)
    this.sweepTimer_.unref()
  }

  stopSweeper() {
    clearInterval(this.sweepTimer_)
  }

  /** Stops the sweeper and waits for receipts being applied and mark-read calls in flight. */
  async drain() {
    this.stopSweeper()
    await Promise.allSettled([...this.inFlight_, ...this.background_])
  }

  /** Processes in the background; the work is tracked so shutdown can wait for it. */
  processInBackground(id: string, body?: unknown) {
    // Bounded: a burst of webhooks must not take every pooled connection from the ack path.
    // Past the backlog limit ids are dropped here; they stay pending and the sweeper takes them.
    if (this.queue_.length >= RECEIPT_BACKLOG_LIMIT) return
    this.queue_.push(id)
    if (body !== undefined) this.bodies_.set(id, body)
    while (this.inFlight_.size < RECEIPT_CONCURRENCY && this.queue_.length) {
      const p: Promise<unknown> = this.drainQueue_().finally(() => this.inFlight_.delete(p))
      this.inFlight_.add(p)
    }
  }

  protected async drainQueue_() {
    // What queued up while the previous batch ran goes in the next one: at low rates a batch is
    // one receipt, at high rates the round trips per receipt fall by themselves.
    while (this.queue_.length) {
      const ids = this.queue_.splice(0, RECEIPT_BATCH_SIZE)
      const bodies = new Map<string, unknown>()
      for (const id of ids) {
        if (this.bodies_.has(id)) bodies.set(id, this.bodies_.get(id))
        this.bodies_.delete(id)
      }
      await this.processBatch(ids, bodies).catch((e) => this.deps.logger.error(`whatsapp: processing receipts ${ids[0]}… failed: ${e.message}`))
    }
  }

  /**
   * Applies one stored receipt in a transaction, then (after commit) emits events and marks
   * inbound messages read. Concurrent calls for the same receipt: one wins, the other skips.
   * Never throws: a receipt that cannot be applied records its error and its next attempt, and
   * ends `failed` after MAX_RECEIPT_ATTEMPTS, so it never holds up another.
   */
  async process(id: string): Promise<ReceiptOutcome> {
    try {
      return await this.apply_(id, false)
    } catch {
      // The fast path applies every item in one go; something in it was refused. Once more, each
      // item in a savepoint of its own: the refused ones are noted, the rest applies.
    }
    try {
      return await this.apply_(id, true)
    } catch (e) {
      return this.recordFailure_(id, e)
    }
  }

  protected async apply_(id: string, isolate: boolean): Promise<ReceiptOutcome> {
    let events: ModuleEvent[] = []
    let markRead: string[] = []
    const result = await this.deps.pg.transaction(async (trx) => {
      const { rows } = await trx.raw(
        `SELECT id, raw_body, attempts, created_at FROM whatsapp_webhook_receipt
         WHERE id = ? AND status = 'pending' AND deleted_at IS NULL FOR UPDATE SKIP LOCKED`,
        [id]
      )
      const receipt = rows[0]
      if (!receipt) return "skipped" as const
      const attempts = receipt.attempts + 1
      let body: unknown
      try {
        body = JSON.parse(receipt.raw_body)
      } catch (e) {
        await writeVerdicts(trx, [{ id, status: "failed", attempts, last_error: `invalid JSON: ${messageOf(e)}`, notes: null, next_attempt_at: null }])
        return "failed" as const
      }
      const prepared = prepareWebhook(body, { ...this.deps.scope, receivedAt: new Date(receipt.created_at) })
      const ignored = ignoredVerdict(id, attempts, prepared)
      if (ignored) {
        await writeVerdicts(trx, [ignored])
        return "ignored" as const
      }
      const outcome = await applyWebhook(trx as Knex.Transaction, prepared.payload, { phoneNumberId: this.deps.scope.phoneNumberId, isolate })
      events = outcome.events
      markRead = outcome.markRead
      const verdict = receiptVerdict(id, attempts, [...prepared.notes, ...outcome.rejected], outcome.unmatchedStatuses)
      await writeVerdicts(trx, [verdict])
      await this.deps.emitIn?.(trx as Knex.Transaction, events)
      return verdict.status === "pending" ? ("retry" as const) : ("processed" as const)
    })
    if (result === "processed" || result === "retry") {
      if (!this.deps.emitIn) await this.deps.emit(events)
      this.markRead_(markRead)
    }
    return { status: result }
  }

  /**
   * Several receipts at once. Those that carry only statuses (most of a busy store's traffic) and
   * those for another number are applied set-based in one transaction (status-batch.ts); every
   * other receipt, and all of them if the batch fails, goes through process() one by one, which
   * isolates what the database refuses. Never throws.
   */
  async processBatch(ids: string[], bodies: Map<string, unknown> = new Map()): Promise<Map<string, ReceiptOutcome>> {
    const results = new Map<string, ReceiptOutcome>()
    if (ids.length > 1 || bodies.size) {
      try {
        for (const [id, status] of await this.applyBatch_(ids, bodies)) results.set(id, { status })
      } catch (e) {
        this.deps.logger.debug?.(`whatsapp: batch of ${ids.length} receipts fell back to one by one: ${messageOf(e)}`)
        results.clear()
      }
    }
    for (const id of ids) if (!results.has(id)) results.set(id, await this.process(id))
    return results
  }

  protected async applyBatch_(ids: string[], bodies: Map<string, unknown>): Promise<Map<string, ReceiptOutcome["status"]>> {
    const events: ModuleEvent[] = []
    const done = await this.deps.pg.transaction(async (trx) => {
      const done = new Map<string, ReceiptOutcome["status"]>()
      const inMemory = [...bodies.keys()]
      const { rows } = await trx.raw(
        `SELECT id, CASE WHEN id = ANY(?::text[]) THEN NULL ELSE raw_body END AS raw_body, attempts, created_at FROM whatsapp_webhook_receipt
         WHERE id = ANY(?::text[]) AND status = 'pending' AND deleted_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED`,
        [inMemory, ids]
      )
      const claimed = new Set<string>(rows.map((r: { id: string }) => r.id))
      // Not pending any more, or another processor holds it: as process() would, skip it.
      for (const id of ids) if (!claimed.has(id)) done.set(id, "skipped")
      const verdicts: ReceiptVerdict[] = []
      const statuses: IncomingStatus[] = []
      const pending = new Map<string, { attempts: number; notes: ReceiptNote[] }>()
      for (const r of rows) {
        let body: unknown = bodies.get(r.id)
        if (body === undefined) {
          try {
            body = JSON.parse(r.raw_body)
          } catch {
            continue // process() records why
          }
        }
        const attempts = r.attempts + 1
        const prepared = prepareWebhook(body, { ...this.deps.scope, receivedAt: new Date(r.created_at) })
        const ignored = ignoredVerdict(r.id, attempts, prepared)
        if (ignored) {
          verdicts.push(ignored)
          done.set(r.id, "ignored")
          continue
        }
        const only = statusesOnly(prepared.payload)
        if (!only) continue // messages, preferences, templates: one by one
        pending.set(r.id, { attempts, notes: prepared.notes })
        for (const s of only) statuses.push({ receiptId: r.id, ...s })
      }
      const fold = foldStatuses(statuses, await lockMessages(trx as Knex.Transaction, statuses))
      await writeMessageUpdates(trx as Knex.Transaction, fold.updates)
      for (const e of fold.events) events.push({ name: e.name, data: e.data })
      const consent: ApplyOutcome = { events, markRead: [], unmatchedStatuses: 0, rejected: [] }
      // A BSUID (and maybe the phone) on a status completes the recipient's contact, as one by one.
      for (const i of fold.identities) await resolveStatusRecipient(trx as Knex.Transaction, i.status, i.contactId, i.contacts, consent)
      for (const r of fold.revocations) {
        await setMarketingConsent(trx as Knex.Transaction, r.contactId, "revoked", "whatsapp_error_131050", r.at, consent, {
          phoneNumberId: this.deps.scope.phoneNumberId,
        })
      }
      for (const [id, { attempts, notes }] of pending) {
        const verdict = receiptVerdict(id, attempts, notes, fold.unmatched.get(id) ?? 0)
        verdicts.push(verdict)
        done.set(id, verdict.status === "pending" ? "retry" : "processed")
      }
      await writeVerdicts(trx as Knex.Transaction, verdicts)
      await this.deps.emitIn?.(trx as Knex.Transaction, events)
      return done
    })
    if (!this.deps.emitIn) await this.deps.emit(events)
    return done
  }

  /** Mark-read with a bounded number of calls in flight: a webhook of 200 messages is not 200 sockets. */
  protected markRead_(wamids: string[]) {
    for (const wamid of wamids) {
      if (this.markReadQueue_.length >= RECEIPT_BACKLOG_LIMIT) break
      this.markReadQueue_.push(wamid)
    }
    while (this.background_.size < MARK_READ_CONCURRENCY && this.markReadQueue_.length) {
      // Marking read is courtesy to the customer (blue ticks): it neither fails nor delays the
      // processing of the next webhook; shutdown still waits for it.
      const p: Promise<unknown> = (async () => {
        for (let wamid = this.markReadQueue_.shift(); wamid; wamid = this.markReadQueue_.shift()) {
          await this.deps
            .provider()
            .markRead(wamid)
            .catch((e) => this.deps.logger.warn(`whatsapp: mark-read ${wamid} failed: ${e.message}`))
        }
      })().finally(() => this.background_.delete(p))
      this.background_.add(p)
    }
  }

  /** A receipt whose apply threw: its error, attempt and next try; `failed` after the last attempt. */
  protected async recordFailure_(id: string, error: unknown): Promise<ReceiptOutcome> {
    const reason = dbMessageOf(error).slice(0, 1000)
    try {
      const { rows } = await this.deps.pg.raw(
        `UPDATE whatsapp_webhook_receipt SET attempts = attempts + 1, last_error = ?, updated_at = now(),
           status = CASE WHEN attempts + 1 >= ? THEN 'failed' ELSE status END
         WHERE id = ? AND status = 'pending' RETURNING attempts, status`,
        [reason, MAX_RECEIPT_ATTEMPTS, id]
      )
      const row = rows[0]
      if (!row) return { status: "skipped" }
      if (row.status === "failed") {
        this.deps.logger.error(`whatsapp: webhook receipt ${id} failed after ${row.attempts} attempts: ${reason}`)
        return { status: "failed" }
      }
      const next = new Date(Date.now() + backoffDelay(row.attempts - 1, { baseMs: 1000, maxMs: 60_000 }))
      await this.deps.pg.raw(`UPDATE whatsapp_webhook_receipt SET next_attempt_at = ? WHERE id = ?`, [next, id])
      this.deps.logger.warn(`whatsapp: webhook receipt ${id} attempt ${row.attempts} failed (${reason}); next at ${next.toISOString()}`)
    } catch (e) {
      // The database itself is away: the receipt stays pending and the sweep takes it later.
      this.deps.logger.error(`whatsapp: recording the failure of receipt ${id} failed: ${messageOf(e)}`)
    }
    return { status: "retry" }
  }

  /** How many receipts are in each state (the settings page's counters). */
  async countByStatus(): Promise<Record<"pending" | "processed" | "failed" | "ignored", number>> {
    const { rows } = await this.deps.pg.raw(`SELECT status, count(*)::int AS n FROM whatsapp_webhook_receipt WHERE deleted_at IS NULL GROUP BY status`)
    const out = { pending: 0, processed: 0, failed: 0, ignored: 0 }
    for (const r of rows) out[r.status as keyof typeof out] = r.n
    return out
  }

  /** A failed receipt, tried again from the first attempt (the settings page's retry action). */
  async retry(id: string): Promise<boolean> {
    const { rowCount } = await this.deps.pg.raw(
      `UPDATE whatsapp_webhook_receipt SET status = 'pending', attempts = 0, next_attempt_at = NULL, updated_at = now()
       WHERE id = ? AND status = 'failed' AND deleted_at IS NULL AND redacted_at IS NULL`,
      [id]
    )
    if (rowCount) this.processInBackground(id)
    return rowCount > 0
  }

  /** Picks up receipts left pending: crashed before processing, or waiting for a retry. */
  async processPending({ includeRecent = false, limit = 500 } = {}): Promise<number> {
    const { rows } = await this.deps.pg.raw(
      `SELECT id FROM whatsapp_webhook_receipt
       WHERE status = 'pending' AND deleted_at IS NULL
         AND (next_attempt_at IS NULL OR next_attempt_at <= now())
         AND (? OR next_attempt_at IS NOT NULL OR created_at < now() - interval '10 seconds')
       ORDER BY COALESCE(next_attempt_at, created_at) LIMIT ?`,
      [includeRecent, limit]
    )
    // processBatch() never throws; one receipt's failure is its own and the sweep goes on past it.
    const ids: string[] = rows.map((r: { id: string }) => r.id)
    for (let i = 0; i < ids.length; i += RECEIPT_BATCH_SIZE) await this.processBatch(ids.slice(i, i + RECEIPT_BATCH_SIZE))
    return rows.length
  }
}

/** What one attempt at a receipt concluded, as written to its row. */
export interface ReceiptVerdict {
  id: string
  /** "pending" with next_attempt_at: tried again later. */
  status: "pending" | "processed" | "failed" | "ignored"
  attempts: number
  last_error: string | null
  notes: ReceiptNote[] | null
  next_attempt_at: Date | null
}

/** Another number's or WABA's webhook (one Meta app often serves several): kept, changes nothing. */
export function ignoredVerdict(id: string, attempts: number, prepared: Pick<PreparedWebhook, "applicable" | "notes">): ReceiptVerdict | null {
  const ignored = prepared.notes.filter((n) => n.kind === "ignored")
  if (prepared.applicable || !ignored.length) return null
  return { id, status: "ignored", attempts, last_error: ignored[0].reason, notes: prepared.notes.slice(0, MAX_NOTES), next_attempt_at: null }
}

/**
 * A receipt that applied: processed, with a summary of what was refused; or, when some of its
 * statuses point at messages we do not know yet (they may have raced ahead of our recording of
 * the send), pending again with a backoff until MAX_RECEIPT_ATTEMPTS.
 */
export function receiptVerdict(id: string, attempts: number, notes: ReceiptNote[], unmatched: number, now = Date.now()): ReceiptVerdict {
  const kept = notes.length ? notes.slice(0, MAX_NOTES) : null
  if (unmatched && attempts < MAX_RECEIPT_ATTEMPTS) {
    const next = new Date(now + backoffDelay(attempts - 1, { baseMs: 1000, maxMs: 60_000 }) + 500)
    return { id, status: "pending", attempts, last_error: `${unmatched} status(es) for unknown messages`, notes: kept, next_attempt_at: next }
  }
  const rejected = notes.filter((n) => n.kind === "rejected")
  const summary = rejected.length ? `${rejected.length} item(s) rejected: ${rejected[0].reason}` : null
  const givenUp = unmatched ? `${unmatched} status(es) for unknown messages, given up` : null
  return { id, status: "processed", attempts, last_error: [givenUp, summary].filter(Boolean).join("; ") || null, notes: kept, next_attempt_at: null }
}

/** Every verdict in one UPDATE. */
async function writeVerdicts(trx: Knex.Transaction, verdicts: ReceiptVerdict[]) {
  if (!verdicts.length) return
  await trx.raw(
    `UPDATE whatsapp_webhook_receipt r SET status = v.status, attempts = v.attempts, last_error = v.last_error, notes = v.notes,
       next_attempt_at = v.next_attempt_at, processed_at = CASE WHEN v.status = 'pending' THEN r.processed_at ELSE now() END,
       updated_at = now()
     FROM jsonb_to_recordset(?::jsonb) AS v(id text, status text, attempts int, last_error text, notes jsonb, next_attempt_at timestamptz)
     WHERE r.id = v.id`,
    [JSON.stringify(verdicts.map((v) => ({ ...v, notes: v.notes ?? undefined })))]
  )
}

/** The statuses of a webhook that carries nothing else (most of the traffic), or null. */
export function statusesOnly(payload: WebhookPayload): { status: StatusObject; contacts?: WebhookContact[] }[] | null {
  const out: { status: StatusObject; contacts?: WebhookContact[] }[] = []
  for (const entry of payload.entry) {
    for (const change of entry.changes ?? []) {
      if (change.field !== "messages") return null
      const value = change.value as MessagesValue
      if (value.messages?.length) return null
      // Statuses without a time column ("accepted"…) change nothing, as in the one-by-one path.
      for (const s of value.statuses ?? []) if (isApplicableStatus(s)) out.push({ status: s, contacts: value.contacts })
    }
  }
  return out
}
