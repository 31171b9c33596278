/**
 * Order, payment, fulfilment and customer notifications as one feature: the merchant's event →
 * template mappings and the ledger that makes each notification go out once. The service hands
 * out one instance (`notifications()`); the workflow in src/workflows/notifications drives it.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { NotificationEvent, NotificationMapping } from "../domain/notifications"
import * as ledger from "./ledger"
import { effectiveMappings, saveNotificationMapping, type StoredMapping } from "./mappings"

export class Notifications {
  constructor(
    private readonly db: Knex,
    /** The stored mapping rows (MedusaService's generated list). */
    private readonly storedMappings: () => Promise<StoredMapping[]>
  ) {}

  /** Every event with its effective mapping: the stored one, or the default when none is stored. */
  async mappings(): Promise<NotificationMapping[]> {
    return effectiveMappings(await this.storedMappings())
  }

  async mapping(event: NotificationEvent): Promise<NotificationMapping | null> {
    return (await this.mappings()).find((m) => m.event === event) ?? null
  }

  saveMapping(mapping: NotificationMapping) {
    return saveNotificationMapping(this.db, mapping)
  }

  claim(input: ledger.NotificationClaimInput) {
    return ledger.claimNotification(this.db, input)
  }

  listStale(opts?: { olderThanMinutes?: number; limit?: number }) {
    return ledger.listStaleNotifications(this.db, opts)
  }

  release(id: string) {
    return ledger.releaseNotification(this.db, id)
  }

  complete(id: string, result: ledger.NotificationResult) {
    return ledger.completeNotification(this.db, id, result)
  }
}
