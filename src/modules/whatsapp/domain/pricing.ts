/**
 * What a delivered message costs, from the `pricing` object of its status webhooks under Meta's
 * per-message pricing (PMP, since Jul 2025). Meta sends no amount: the price comes from the
 * merchant's table, by category and recipient country. Pure: unit-tested in __tests__/pricing.unit.spec.ts.
 */
import { parsePhoneNumberFromString } from "libphonenumber-js/max"
import { priceFor, type PriceTable } from "./campaign-rules"

export interface StatusPricing {
  billable?: boolean | string | null
  pricing_model?: string | null
  /** PMP: `regular` (billed), `free_customer_service`, `free_entry_point`. */
  type?: string | null
  category?: string | null
}

/**
 * Whether the message is charged. `pricing.type` decides when present (`billable` is flagged as
 * deprecated in Meta's typings and may go); older payloads only have `billable`.
 */
export function isCharged(p: StatusPricing | null | undefined): boolean {
  if (!p) return false
  if (p.type) return String(p.type).toLowerCase() === "regular"
  return p.billable === true || p.billable === "true"
}

/**
 * The price-table category of a webhook category: `marketing_lite` (sent through the Marketing
 * Messages API) and `authentication_international` are priced as their own rows when the table
 * has them, else as marketing / authentication; `referral_conversion` (a free entry point) costs 0.
 */
export function priceCategory(category: string | null | undefined, table: PriceTable): string {
  const c = String(category ?? "marketing").toLowerCase()
  if (c in table.default) return c
  if (c === "marketing_lite") return "marketing"
  if (c === "authentication_international") return "authentication"
  return c
}

/** The recipient's country: from the phone, else the ISO code that starts a BSUID (`TH.…`). */
export function recipientCountry(who: { wa_id?: string | null; user_id?: string | null }): string | null {
  if (who.wa_id) return parsePhoneNumberFromString(`+${who.wa_id}`)?.country ?? null
  const m = who.user_id ? /^([A-Z]{2})\./.exec(who.user_id) : null
  return m ? m[1] : null
}

/** The cost of one message given its recorded pricing; 0 when Meta did not charge it. */
export function messageCost(p: StatusPricing | null | undefined, table: PriceTable, country: string | null): number {
  if (!isCharged(p)) return 0
  return priceFor(table, priceCategory(p!.category, table), country)
}
