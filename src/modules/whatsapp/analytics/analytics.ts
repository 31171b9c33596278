/**
 * Entry point of the analytics figures for the admin API: resolves the reporting range in the
 * store's time zone (domain/buckets.ts resolveRange), the store's currency, then runs one figure
 * (figures.ts). The caller has validated the query (src/api/admin/whatsapp/analytics/validators.ts).
 */
import type { Db } from "../db"
import { storeDefaultCurrency } from "../medusa-tables"
import { resolveRange } from "./domain/buckets"
import { FIGURES, runFigure, type Figure, type MessageKind } from "./figures"

export { FIGURE_NAMES, listFigures } from "./figures"
export type { Figure } from "./figures"

export interface AnalyticsQuery {
  from?: string
  to?: string
  campaign_id?: string
  segment_id?: string
  template?: string
  kind?: MessageKind
}

export interface AnalyticsResult extends Figure {
  range: { from: string; to: string }
  timezone: string
  currency: string | null
}

/** One figure for the query, or null when no figure has that name. */
export async function analyticsFigure(db: Db, name: string, q: AnalyticsQuery, opts: { timezone: string; now?: Date }): Promise<AnalyticsResult | null> {
  if (!Object.prototype.hasOwnProperty.call(FIGURES, name)) return null
  const { from, to } = resolveRange({ from: q.from, to: q.to }, opts.timezone, opts.now ?? new Date())
  const currency = await storeDefaultCurrency(db)
  const figure = await runFigure(name, {
    db,
    zone: opts.timezone,
    currency,
    filters: { from, to, campaign_id: q.campaign_id, segment_id: q.segment_id, template: q.template, kind: q.kind },
  })
  if (!figure) return null
  return { ...figure, range: { from: from.toISOString(), to: to.toISOString() }, timezone: opts.timezone, currency }
}
