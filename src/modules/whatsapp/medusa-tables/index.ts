import type { Knex } from "@medusajs/framework/mikro-orm/knex"

/**
 * The one place that reads Medusa's own tables (customer, order, store modules) with SQL. Every
 * other file of the module reads them only through the fragments below, so the schema this plugin
 * depends on is stated, and can be checked against a new Medusa release, here.
 *
 * Why SQL and not query.graph: the plugin shares the app's database (as every Medusa module does
 * by default), and segmentation is set-based — the recompute aggregates every customer's orders,
 * messages, contacts and addresses in one statement, segment membership is evaluated live as one
 * WHERE over customers joined to this module's metrics and contacts, and a campaign's audience is
 * frozen by one INSERT … SELECT. The number of statements does not depend on the number of
 * customers and no row passes through Node; query.graph would load every order and customer into
 * the process and could not join them to this module's tables. This goes against Medusa's rule that
 * a module does not read other modules' tables; the exception is kept to this file.
 *
 * Each fragment is a subquery (or expression) with the columns it documents; callers alias it and
 * add their own joins and filters. A fragment that takes a customer id takes it as SQL text (a
 * placeholder the caller has already bound), so the caller's positional bindings stay in text order.
 *
 * Schema relied on (@medusajs/customer, @medusajs/order, @medusajs/store 2.21). Every table below
 * soft-deletes through a nullable deleted_at, and every fragment leaves deleted rows out unless it
 * says otherwise:
 *
 *   customer            id, first_name, last_name, email, phone, created_at, deleted_at
 *   customer_address    customer_id, country_code (any case, may be '' or null), is_default_shipping,
 *                       updated_at, deleted_at
 *   "order"             id, customer_id (null for guest orders), version (the current version),
 *                       status ('pending' | 'completed' | 'draft' | 'archived' | 'canceled' |
 *                       'requires_action'), canceled_at, is_draft_order, currency_code (stored
 *                       lower-case: normalizeCurrencyCode), shipping_address_id → order_address.id,
 *                       created_at, deleted_at
 *   order_summary       order_id, version (one row per order version), totals (JSON):
 *                       current_order_total and original_order_total (numbers), with the exact
 *                       decimal of the current total in raw_current_order_total.value; deleted_at
 *   order_address       id, country_code, deleted_at
 *   order_item          order_id, item_id (→ the line item), deleted_at
 *   order_line_item_adjustment   item_id, code (the promotion code applied), deleted_at
 *   store               id, created_at, deleted_at
 *   store_currency      store_id, currency_code, is_default, deleted_at
 */

// ------------------------------------------------------------------ customer

/**
 * Customers: `(id, first_name, last_name, email, phone, created_at)`, not deleted unless
 * `withDeleted` (a recipient claimed for a campaign keeps the name of a customer deleted since).
 */
export function customers({ withDeleted = false }: { withDeleted?: boolean } = {}): string {
  return `(SELECT id, first_name, last_name, email, phone, created_at FROM customer${withDeleted ? "" : " WHERE deleted_at IS NULL"})`
}

/** True when `customerId` (an SQL expression) is a customer that is not deleted. */
export const customerExists = (customerId: string) => `EXISTS (SELECT 1 FROM customer mt_c WHERE mt_c.id = ${customerId} AND mt_c.deleted_at IS NULL)`

/**
 * One row per customer with a saved address that has a country: `(customer_id, country_code)`,
 * the country upper-cased, from the default shipping address, else the one updated last.
 * `customerId`: restrict to that customer (SQL text, e.g. a bound placeholder).
 */
export function customerAddressCountries({ customerId }: { customerId?: string } = {}): string {
  return `(SELECT DISTINCT ON (customer_id) customer_id, upper(country_code) AS country_code
  FROM customer_address
  WHERE deleted_at IS NULL AND COALESCE(country_code, '') <> ''${customerId ? ` AND customer_id = ${customerId}` : ""}
  ORDER BY customer_id, is_default_shipping DESC, updated_at DESC)`
}

// ------------------------------------------------------------------ order

/**
 * A customer's placed orders, each at its current version: `(customer_id, created_at,
 * currency_code, shipping_address_id, total)`. Placed means not deleted, with a customer, not
 * canceled (status or canceled_at) and not a draft (status or is_draft_order); `total` is the
 * current order total as the exact decimal (raw_current_order_total), else the number, else 0, in
 * the order's own currency. An order without a summary row for its version is left out.
 * `customerId`: restrict to that customer (SQL text, e.g. a bound placeholder).
 */
export function placedOrders({ customerId }: { customerId?: string } = {}): string {
  return `(SELECT o.customer_id, o.created_at, o.currency_code, o.shipping_address_id,
    COALESCE((s.totals->'raw_current_order_total'->>'value')::numeric, (s.totals->>'current_order_total')::numeric, 0) AS total
  FROM "order" o
  JOIN order_summary s ON s.order_id = o.id AND s.version = o.version AND s.deleted_at IS NULL
  WHERE o.deleted_at IS NULL AND o.customer_id IS NOT NULL${customerId ? ` AND o.customer_id = ${customerId}` : ""}
    AND o.status NOT IN ('canceled', 'draft') AND o.canceled_at IS NULL AND NOT o.is_draft_order)`
}

/**
 * Orders for campaign attribution: `(id, customer_id, created_at, currency_code, total)`. Every
 * order that is not deleted (any status, drafts included), joined to its summary rows of any
 * version — so one row per summary row, or one with total 0 when there is none; callers take the
 * first row per order id. `total`: current_order_total, else original_order_total, else 0 (numeric).
 */
export function ordersWithSummaries(): string {
  return `(SELECT o.id, o.customer_id, o.created_at, o.currency_code,
    COALESCE((os.totals->>'current_order_total')::numeric, (os.totals->>'original_order_total')::numeric, 0) AS total
  FROM "order" o
  LEFT JOIN order_summary os ON os.order_id = o.id AND os.deleted_at IS NULL
  WHERE o.deleted_at IS NULL)`
}

/**
 * True when the order `orderId` (an SQL expression) has a line item adjustment (not deleted, on an
 * item not deleted) whose promotion code satisfies `codeMatches(codeColumn)`.
 */
export const orderUsedCode = (orderId: string, codeMatches: (code: string) => string) => `EXISTS (
         SELECT 1 FROM order_item oi JOIN order_line_item_adjustment a ON a.item_id = oi.item_id
         WHERE oi.order_id = ${orderId} AND oi.deleted_at IS NULL AND a.deleted_at IS NULL AND (${codeMatches("a.code")})
       )`

/**
 * The country (upper-cased) of the order address with id `addressId` (an SQL expression), or null
 * when deleted or without a country: a scalar subquery, one primary-key lookup.
 */
export const orderAddressCountry = (addressId: string) =>
  `(SELECT upper(oa.country_code) FROM order_address oa
      WHERE oa.id = ${addressId} AND oa.deleted_at IS NULL AND COALESCE(oa.country_code, '') <> '')`

// ------------------------------------------------------------------ store

/** The store's default currency (lower case), or null without a store (the oldest store if several). */
export async function storeDefaultCurrency(knex: Knex): Promise<string | null> {
  const { rows } = await knex.raw(
    `SELECT lower(sc.currency_code) AS code
     FROM store_currency sc JOIN store st ON st.id = sc.store_id AND st.deleted_at IS NULL
     WHERE sc.is_default AND sc.deleted_at IS NULL
     ORDER BY st.created_at LIMIT 1`
  )
  return rows[0]?.code ?? null
}
