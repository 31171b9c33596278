/** Merchant settings (whatsapp_setting, one JSON document per key) and the advisory lock for singletons. */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"

/** A merchant setting merged over its defaults, so new fields get their default value. */
export async function getSetting<T extends Record<string, unknown>>(db: Db, key: string, defaults: T): Promise<T> {
  const { rows } = await db.raw(`SELECT value FROM whatsapp_setting WHERE key = ? AND deleted_at IS NULL`, [key])
  return { ...defaults, ...(rows[0]?.value ?? {}) }
}

export async function setSetting<T extends Record<string, unknown>>(db: Db, key: string, value: T): Promise<T> {
  await db.raw(
    `INSERT INTO whatsapp_setting (id, key, value) VALUES (?, ?, ?::jsonb)
     ON CONFLICT (key) WHERE deleted_at IS NULL DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [generateEntityId(undefined, "waset"), key, JSON.stringify(value)]
  )
  return value
}

/**
 * Runs fn while a transaction-scoped advisory lock on the key is held: singletons such as the
 * scheduler tick or seeding run on one server at a time. It holds one pooled connection while fn
 * runs, so keep it off hot paths.
 */
export function withLock<T>(pg: Knex, key: string, fn: () => Promise<T>): Promise<T> {
  return pg.transaction(async (trx) => {
    await trx.raw(`SELECT pg_advisory_xact_lock(hashtext(?))`, [key])
    return fn()
  })
}
