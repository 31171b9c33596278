/**
 * Before launch: recipients with consent, cost, duration. During and after: the funnel, failures
 * by reason, opt-outs, cost from the status webhooks' pricing, and attributed orders.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { estimateCost, estimateDurationSeconds, isAttributed, type PriceTable } from "../domain/campaign-rules"
import { messageCost, recipientCountry } from "../domain/pricing"
import { pacingFor, tierAllowance } from "../domain/rate-limit"
import { compileSegmentRules, type SegmentRule } from "../domain/segment-rules"
import { ordersWithSummaries, orderUsedCode } from "../medusa-tables"
import { SEGMENT_BASE_SQL } from "../segmentation/queries"
import type { CampaignSettings } from "./settings"
import { tierUsage } from "./store"

/** Audience as it would be frozen now, by country, with cost and duration at the current limits. */
export async function estimateCampaign(
  pg: Knex,
  input: { segment_rules?: SegmentRule | null; retarget?: { parent_campaign_id: string; criterion: string } | null; message_kind: string },
  prices: PriceTable,
  settings: CampaignSettings,
  now = new Date()
) {
  const params: unknown[] = []
  let where = "TRUE"
  if (input.segment_rules) {
    const w = compileSegmentRules(input.segment_rules, now)
    where = `ct.customer_id IN (SELECT s.customer_id FROM ${SEGMENT_BASE_SQL} WHERE ${w.sql})`
    params.push(...w.params)
  }
  const { rows } = await pg.raw(
    `SELECT substring(COALESCE(ct.wa_id, ct.user_id), 1, 4) AS prefix, min(ct.wa_id) AS sample, min(ct.user_id) AS sample_user, count(*)::int AS n,
       count(*) FILTER (WHERE ct.marketing_consent = 'granted')::int AS consented,
       count(*) FILTER (WHERE ct.marketing_consent = 'granted' AND ct.last_inbound_at > ?::timestamptz - interval '24 hours')::int AS in_window
     FROM whatsapp_contact ct WHERE ct.deleted_at IS NULL AND ${where} GROUP BY 1`,
    [now, ...params] as Knex.RawBinding[]
  )
  const byCountry = new Map<string | null, number>()
  for (const r of rows) {
    const country = recipientCountry({ wa_id: r.sample, user_id: r.sample_user })
    byCountry.set(country, (byCountry.get(country) ?? 0) + r.consented)
  }
  const category = input.message_kind === "text" ? "service" : "marketing"
  const cost = estimateCost(
    prices,
    category,
    [...byCountry].map(([country, n]) => ({ country, n }))
  )
  const consented = rows.reduce((s: number, r: { consented: number }) => s + r.consented, 0)
  let allowance: number | null = null
  if (settings.messaging_tier !== null && input.message_kind === "template") {
    const usage = await tierUsage(pg, now)
    allowance = tierAllowance(settings.messaging_tier, usage.reached, usage.oldest, now).allowed
  }
  const mps = pacingFor(settings.throughput_mps).ratePerSecond
  return {
    members: rows.reduce((s: number, r: { n: number }) => s + r.n, 0),
    recipients_with_consent: consented,
    // Free-form text only reaches contacts inside their 24 h window.
    reachable: input.message_kind === "text" ? rows.reduce((s: number, r: { in_window: number }) => s + r.in_window, 0) : consented,
    cost,
    throughput_mps: settings.throughput_mps,
    messaging_tier: settings.messaging_tier,
    estimated_duration_seconds: estimateDurationSeconds(consented, mps, allowance),
  }
}

export async function campaignStats(pg: Knex, campaign: any, prices: PriceTable) {
  const id = campaign.id
  const [funnel, reasons, costRows, optedOut] = await Promise.all([
    pg.raw(
      `SELECT count(*)::int AS recipients,
         count(*) FILTER (WHERE r.status = 'queued')::int AS queued,
         count(*) FILTER (WHERE r.status = 'sending')::int AS sending,
         count(*) FILTER (WHERE r.status = 'sent')::int AS sent,
         count(*) FILTER (WHERE r.status = 'skipped')::int AS skipped,
         count(*) FILTER (WHERE r.status = 'failed' OR m.status = 'failed')::int AS failed,
         count(*) FILTER (WHERE m.delivered_at IS NOT NULL OR m.read_at IS NOT NULL)::int AS delivered,
         count(*) FILTER (WHERE m.read_at IS NOT NULL)::int AS read,
         count(*) FILTER (WHERE EXISTS (SELECT 1 FROM whatsapp_link_click lc WHERE lc.message_id = r.message_id))::int AS clicked,
         COALESCE(sum((SELECT count(*) FROM whatsapp_link_click lc WHERE lc.message_id = r.message_id)), 0)::int AS clicks,
         count(*) FILTER (WHERE r.status = 'sent' AND EXISTS (
           SELECT 1 FROM whatsapp_message im WHERE im.contact_id = r.contact_id AND im.direction = 'inbound'
             AND im.created_at >= r.sent_at AND im.deleted_at IS NULL))::int AS replied
       FROM whatsapp_campaign_recipient r LEFT JOIN whatsapp_message m ON m.id = r.message_id
       WHERE r.campaign_id = ? AND r.deleted_at IS NULL`,
      [id]
    ),
    pg.raw(
      `SELECT CASE WHEN m.status = 'failed' THEN 'failed' ELSE r.status END AS status,
         COALESCE(CASE WHEN m.status = 'failed' THEN m.error_code::text || ': ' || COALESCE(m.error_title, '') END, r.reason, 'unknown') AS reason,
         count(*)::int AS n
       FROM whatsapp_campaign_recipient r LEFT JOIN whatsapp_message m ON m.id = r.message_id
       WHERE r.campaign_id = ? AND r.deleted_at IS NULL AND (r.status IN ('failed', 'skipped') OR m.status = 'failed')
       GROUP BY 1, 2 ORDER BY n DESC`,
      [id]
    ),
    pg.raw(
      // Grouped by what decides the price: whether Meta charged it (pricing.type, else billable), the
      // category, and the recipient's country (a phone prefix, or a BSUID's country code).
      `SELECT m.pricing->>'category' AS category, m.pricing->>'type' AS type, m.pricing->>'billable' AS billable,
         substring(COALESCE(m.wa_id, m.user_id), 1, 4) AS prefix, min(m.wa_id) AS sample, min(m.user_id) AS sample_user, count(*)::int AS n
       FROM whatsapp_campaign_recipient r JOIN whatsapp_message m ON m.id = r.message_id
       WHERE r.campaign_id = ? AND m.pricing IS NOT NULL
       GROUP BY 1, 2, 3, 4`,
      [id]
    ),
    pg.raw(
      `SELECT count(*)::int AS n FROM whatsapp_campaign_recipient r JOIN whatsapp_contact ct ON ct.id = r.contact_id
       WHERE r.campaign_id = ? AND r.status = 'sent' AND ct.marketing_consent = 'revoked' AND ct.marketing_consent_at >= r.sent_at`,
      [id]
    ),
  ])
  const cost = costRows.rows.reduce(
    (s: number, r: { n: number; category: string | null; type: string | null; billable: string | null; sample: string | null; sample_user: string | null }) =>
      s + r.n * messageCost(r, prices, recipientCountry({ wa_id: r.sample, user_id: r.sample_user })),
    0
  )
  const f = funnel.rows[0]
  const attribution = await attributedOrders(pg, campaign)
  return {
    ...f,
    progress: f.recipients ? (f.recipients - f.queued - f.sending) / f.recipients : 0,
    opted_out: optedOut.rows[0].n,
    by_reason: reasons.rows,
    cost: { currency: prices.currency, amount: Math.round(cost * 10000) / 10000 },
    attribution: { ...attribution, revenue_per_message: f.sent ? attribution.revenue / f.sent : 0 },
  }
}

/**
 * Orders by a recipient inside the window after they read the message, or using the campaign's
 * code (the campaign-wide one or a code the CTA issued in this campaign's scope).
 */
export async function attributedOrders(pg: Knex, campaign: any) {
  const orders = await attributedOrderList(pg, campaign)
  return {
    orders: orders.length,
    revenue: orders.reduce((s, o) => s + o.total, 0),
    order_ids: orders.map((o) => o.id),
    by_via: countBy(orders.map((o) => o.via)),
  }
}

export type AttributedOrder = { id: string; customer_id: string; created_at: Date; total: number; via: "read_window" | "click_window" | "code" }

/** Each attributed order with the recipient (customer) it is attributed to. */
export async function attributedOrderList(pg: Knex, campaign: any): Promise<AttributedOrder[]> {
  const { rows } = await pg.raw(
    `SELECT o.id, o.customer_id, o.created_at, o.currency_code, r.sent_at, m.read_at,
       (SELECT min(lc.clicked_at) FROM whatsapp_link_click lc WHERE lc.message_id = r.message_id) AS clicked_at,
       o.total::float8 AS total,
       ${orderUsedCode(
         "o.id",
         (code) => `${code} = ? OR ${code} IN (
           SELECT d.code FROM whatsapp_discount_code d WHERE d.campaign_id = ? AND d.deleted_at IS NULL)`
       )} AS used_code
     FROM whatsapp_campaign_recipient r
     JOIN whatsapp_message m ON m.id = r.message_id
     JOIN ${ordersWithSummaries()} o ON o.customer_id = r.customer_id AND o.created_at >= r.sent_at
     WHERE r.campaign_id = ? AND r.status = 'sent' AND r.customer_id IS NOT NULL`,
    [campaign.discount_code ?? "", campaign.id, campaign.id]
  )
  const seen = new Set<string>()
  const orders: AttributedOrder[] = []
  for (const o of rows) {
    if (seen.has(o.id)) continue
    const ok = isAttributed({
      order_at: new Date(o.created_at),
      read_at: o.read_at ? new Date(o.read_at) : null,
      clicked_at: o.clicked_at ? new Date(o.clicked_at) : null,
      sent_at: o.sent_at ? new Date(o.sent_at) : null,
      window_days: campaign.attribution_window_days ?? 7,
      used_campaign_code: !!o.used_code,
    })
    if (!ok) continue
    seen.add(o.id)
    orders.push({
      id: o.id,
      customer_id: o.customer_id,
      created_at: new Date(o.created_at),
      total: Number(o.total) || 0,
      via: o.used_code ? "code" : viaWindow(o),
    })
  }
  return orders
}

// The window that opened first is the one that explains the order (both may have).
function viaWindow(o: { read_at: string | null; clicked_at: string | null }): "read_window" | "click_window" {
  if (!o.clicked_at) return "read_window"
  if (!o.read_at) return "click_window"
  return new Date(o.read_at) <= new Date(o.clicked_at) ? "read_window" : "click_window"
}

const countBy = (xs: string[]) => xs.reduce<Record<string, number>>((acc, x) => ((acc[x] = (acc[x] ?? 0) + 1), acc), {})
