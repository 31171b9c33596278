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
import { applyWebhook } from "./apply"

/** A receipt whose statuses point at messages we do not know yet is retried this many times. */
const MAX_RECEIPT_ATTEMPTS = 8
const SWEEP_INTERVAL_MS = 15_000
/** Receipts processed at once in the background, and how many may wait in memory. */
const RECEIPT_CONCURRENCY = 4
const RECEIPT_BACKLOG_LIMIT = 10_000

export type ModuleEvent = { name: string; data: Record<string, unknown> }
export type ReceiptOutcome = { status: "processed" | "retry" | "failed" | "skipped" }

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

export interface ReceiptProcessorDeps {
  pg: Knex
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
   */
  async process(id: string): Promise<ReceiptOutcome> {
    let events: ModuleEvent[] = []
    let markRead: string[] = []
    const result = await this.deps.pg.transaction(async (trx) => {
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
      } catch (e) {
        await trx.raw(`UPDATE whatsapp_webhook_receipt SET status = 'failed', attempts = ?, last_error = ?, updated_at = now() WHERE id = ?`, [
          attempts,
          `invalid JSON: ${(e as Error).message}`,
          id,
        ])
        return "failed" as const
      }
      const outcome = await applyWebhook(trx, payload)
      events = outcome.events
      markRead = outcome.markRead
      if (outcome.unmatchedStatuses && attempts < MAX_RECEIPT_ATTEMPTS) {
        // The status may have raced ahead of our recording of the send; try again shortly.
        const next = new Date(Date.now() + backoffDelay(attempts - 1, { baseMs: 1000, maxMs: 60_000 }) + 500)
        await trx.raw(`UPDATE whatsapp_webhook_receipt SET attempts = ?, next_attempt_at = ?, last_error = ?, updated_at = now() WHERE id = ?`, [
          attempts,
          next,
          `${outcome.unmatchedStatuses} status(es) for unknown messages`,
          id,
        ])
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
      await this.deps.emit(events)
      for (const wamid of markRead) {
        // Marking read is courtesy to the customer (blue ticks): it neither fails nor delays the
        // processing of the next webhook; shutdown still waits for it.
        const p: Promise<unknown> = this.deps
          .provider()
          .markRead(wamid)
          .catch((e) => this.deps.logger.warn(`whatsapp: mark-read ${wamid} failed: ${e.message}`))
          .finally(() => this.background_.delete(p))
        this.background_.add(p)
      }
    }
    return { status: result }
  }

  /** Picks up receipts left pending: crashed before processing, or waiting for a retry. */
  async processPending({ includeRecent = false, limit = 500 } = {}): Promise<number> {
    const { rows } = await this.deps.pg.raw(
      `SELECT id FROM whatsapp_webhook_receipt
       WHERE status = 'pending' AND deleted_at IS NULL
         AND (next_attempt_at IS NULL OR next_attempt_at <= now())
         AND (? OR next_attempt_at IS NOT NULL OR created_at < now() - interval '10 seconds')
       ORDER BY created_at LIMIT ?`,
      [includeRecent, limit]
    )
    for (const r of rows) await this.process(r.id)
    return rows.length
  }
}
