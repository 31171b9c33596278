/**
 * The event outbox of the standalone webhook ingest. Outside Medusa there is no event bus, yet the
 * events a receipt produces drive subscribers (auto-reply on a received message, segment recompute
 * on a read, campaign pauses on 131048). So the ingest writes them in the same transaction that
 * applied the receipt, and the app relays them to its bus: a crash on either side loses none (an
 * event is deleted only in the transaction that hands it to the bus; at-least-once, as the bus).
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Logger } from "@medusajs/framework/types"
import { messageOf } from "../domain/errors"

export type OutboxEvent = { name: string; data: Record<string, unknown> }

const RELAY_BATCH = 500
const IDLE_POLL_MS = 500

/** Written inside the caller's transaction: the events commit with the changes they describe. */
export async function writeOutbox(trx: Knex.Transaction | Knex, events: OutboxEvent[]): Promise<void> {
  if (!events.length) return
  await trx.raw(`INSERT INTO whatsapp_event_outbox (name, data) SELECT name, data FROM jsonb_to_recordset(?::jsonb) AS v(name text, data jsonb)`, [
    JSON.stringify(events),
  ])
}

/** Relays the outbox to the app's event bus, oldest first; several app instances share it. */
export class OutboxRelay {
  private timer?: NodeJS.Timeout
  private running: Promise<unknown> | null = null
  private stopped = true

  constructor(
    private readonly pg: Knex,
    private readonly emit: (events: OutboxEvent[]) => Promise<void>,
    private readonly logger: Logger
  ) {}

  start() {
    if (!this.stopped) return
    this.stopped = false
    this.schedule(0)
  }

  async stop() {
    this.stopped = true
    clearTimeout(this.timer)
    await this.running
  }

  private schedule(ms: number) {
    if (this.stopped) return
    this.timer = setTimeout(() => {
      this.running = this.relayOnce()
        .catch((e) => {
          this.logger.warn(`whatsapp: relaying outbox events failed: ${messageOf(e)}`)
          return 0
        })
        .then((n) => this.schedule(n >= RELAY_BATCH ? 0 : IDLE_POLL_MS))
    }, ms)
    this.timer.unref()
  }

  /** One batch: taken, handed to the bus, and deleted in one transaction. Returns how many. */
  async relayOnce(): Promise<number> {
    return this.pg.transaction(async (trx) => {
      const { rows } = await trx.raw(`SELECT id, name, data FROM whatsapp_event_outbox ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED`, [RELAY_BATCH])
      if (!rows.length) return 0
      // If the bus throws, the transaction rolls back and the events are relayed again next time.
      await this.emit(rows.map((r: { name: string; data: Record<string, unknown> }) => ({ name: r.name, data: r.data })))
      await trx.raw(`DELETE FROM whatsapp_event_outbox WHERE id = ANY(?::bigint[])`, [rows.map((r: { id: string }) => r.id)])
      return rows.length
    })
  }
}
