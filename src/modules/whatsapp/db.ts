import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * The one data handle every feature file takes first: the pool, or a caller's transaction, so
 * two calls can share one transaction. SQL against our own tables goes through it.
 */
export type Db = Knex | Knex.Transaction
