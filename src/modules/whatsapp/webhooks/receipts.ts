/**
 * Webhook receipts: the exact bytes are stored before the 200, then applied in a transaction of
 * their own (webhooks/apply.ts), in the background with bounded concurrency, with a sweeper for
 * whatever was left pending (a crash after the ack, or statuses that raced ahead of their send).
 */
import { createHash } from "node:crypto"
import type { Logger } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"
import { backoffDelay } from "../domain/errors"
import type { WebhookPayload } from "../channels/cloud-api/types"
import type { WhatsAppProvider } from "../channels/provider"
import type { CountryCode } from "libphonenumber-js"
import { dbMessageOf, messageOf } from "../domain/errors"
import { applyWebhook } from "./apply"
import { prepareWebhook, type ReceiptNote } from "./validate"

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
/** Mark-read calls in flight at once. */
const MARK_READ_CONCURRENCY = 8

export type ModuleEvent = { name: string; data: Record<string, unknown> }
export type ReceiptOutcome = { status: "processed" | "retry" | "failed" | "skipped" | "ignored" }

/**
 * Stores the exact bytes before anything else. Returns the receipt id, or duplicate=true when
 * the same bytes were already stored (Meta redelivers).
 */
export async function storeWebhookReceipt(db: Db, raw: Buffer | string, signature: string | null): Promise<{ id: string; duplicate: boolean }> {
  const text = Buffer.isBuffer(raw) ? raw.toString("utf8") : raw
  const dedupe = createHash("sha256").update(raw).digest("hex")
  const id = generateEntityId(undefined, "wawhr")
  const { rows } = await db.raw(
    `INSERT INTO whatsapp_webhook_receipt (id, dedupe_key, raw_body, signature)
     VALUES (?, ?, ?, ?)
     ON CONFLICT (dedupe_key) WHERE deleted_at IS NULL DO NOTHING RETURNING id`,
    [id, dedupe, text, signature]
  )
  if (rows.length) return { id: rows[0].id, duplicate: false }
  const existing = await db.raw(`SELECT id FROM whatsapp_webhook_receipt WHERE dedupe_key = ? AND deleted_at IS NULL`, [dedupe])
  return { id: existing.rows[0].id, duplicate: true }
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
}

/** Owns the background queue, the in-flight work shutdown waits for, and the sweeper. */
export class ReceiptProcessor {
  protected readonly queue_: string[] = []
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
  processInBackground(id: string) {
    // Bounded: a burst of webhooks must not take every pooled connection from the ack path.
    // Past the backlog limit ids are dropped here; they stay pending and the sweeper takes them.
    if (this.queue_.length >= RECEIPT_BACKLOG_LIMIT) return
    this.queue_.push(id)
    while (this.inFlight_.size < RECEIPT_CONCURRENCY && this.queue_.length) {
      const p: Promise<unknown> = this.drainQueue_().finally(() => this.inFlight_.delete(p))
      this.inFlight_.add(p)
    }
  }

  protected async drainQueue_() {
    for (let id = this.queue_.shift(); id; id = this.queue_.shift()) {
      await this.process(id).catch((e) => this.deps.logger.error(`whatsapp: processing receipt ${id} failed: ${e.message}`))
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
      const finish = (status: "processed" | "failed" | "ignored", notes: ReceiptNote[], error: string | null) =>
        trx.raw(
          `UPDATE whatsapp_webhook_receipt SET status = ?, attempts = ?, processed_at = now(), last_error = ?, notes = ?::jsonb,
             next_attempt_at = NULL, updated_at = now() WHERE id = ?`,
          [status, attempts, error, notes.length ? JSON.stringify(notes.slice(0, MAX_NOTES)) : null, id]
        )
      let body: unknown
      try {
        body = JSON.parse(receipt.raw_body)
      } catch (e) {
        await finish("failed", [], `invalid JSON: ${messageOf(e)}`)
        return "failed" as const
      }
      const prepared = prepareWebhook(body, { ...this.deps.scope, receivedAt: new Date(receipt.created_at) })
      const ignored = prepared.notes.filter((n) => n.kind === "ignored")
      if (!prepared.applicable && ignored.length) {
        // Another number's or WABA's webhook (one Meta app often serves several): kept, changes nothing.
        await finish("ignored", prepared.notes, ignored[0].reason)
        return "ignored" as const
      }
      const outcome = await applyWebhook(trx as Knex.Transaction, prepared.payload, { phoneNumberId: this.deps.scope.phoneNumberId, isolate })
      events = outcome.events
      markRead = outcome.markRead
      const notes = [...prepared.notes, ...outcome.rejected]
      const rejected = notes.filter((n) => n.kind === "rejected").length
      const summary = rejected ? `${rejected} item(s) rejected: ${notes.find((n) => n.kind === "rejected")!.reason}` : null
      if (outcome.unmatchedStatuses && attempts < MAX_RECEIPT_ATTEMPTS) {
        // The status may have raced ahead of our recording of the send; try again shortly.
        const next = new Date(Date.now() + backoffDelay(attempts - 1, { baseMs: 1000, maxMs: 60_000 }) + 500)
        await trx.raw(
          `UPDATE whatsapp_webhook_receipt SET attempts = ?, next_attempt_at = ?, last_error = ?, notes = ?::jsonb, updated_at = now() WHERE id = ?`,
          [attempts, next, `${outcome.unmatchedStatuses} status(es) for unknown messages`, notes.length ? JSON.stringify(notes.slice(0, MAX_NOTES)) : null, id]
        )
        return "retry" as const
      }
      const unmatched = outcome.unmatchedStatuses ? `${outcome.unmatchedStatuses} status(es) for unknown messages, given up` : null
      await finish("processed", notes, [unmatched, summary].filter(Boolean).join("; ") || null)
      return "processed" as const
    })
    if (result === "processed" || result === "retry") {
      await this.deps.emit(events)
      this.markRead_(markRead)
    }
    return { status: result }
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
    // process() never throws; one receipt's failure is its own and the sweep goes on past it.
    for (const r of rows) await this.process(r.id)
    return rows.length
  }
}
