import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { compileSegmentRules, type SegmentRule } from "../domain/segment-rules"
import { builtInDimensions, type SegmentSettings } from "../domain/tag-rules"
import { customers } from "../medusa-tables"

/**
 * Reading segments. Membership is evaluated live: the rule tree is compiled to a WHERE over `s`,
 * one row per (not deleted) customer with their last computed metrics, and consent and last
 * contact read from the contacts at query time (a revoked consent counts at once, not after the
 * next recompute). Customers with no metrics row yet have zero counts and no other metric.
 * Medusa's customer table is read through ../medusa-tables.
 */

/** The marketing consent of a customer: the latest decision over their contacts; unknown without one. */
const CONSENT_SQL = (customer: string) => `COALESCE((
  SELECT wc.marketing_consent::text FROM whatsapp_contact wc
  WHERE wc.customer_id = ${customer} AND wc.deleted_at IS NULL
  ORDER BY wc.marketing_consent_at DESC NULLS LAST, wc.updated_at DESC LIMIT 1), 'unknown')`

export const SEGMENT_BASE_SQL = `(
  SELECT c.id AS customer_id, c.first_name, c.last_name, c.email, c.phone,
    COALESCE(m.order_count, 0) AS order_count, COALESCE(m.total_spent, 0) AS total_spent, m.aov, m.avg_gap_days,
    m.first_order_at, m.last_order_at, m.last_inbound_at, m.last_read_at,
    COALESCE(m.replies_7d, 0) AS replies_7d, COALESCE(m.replies_30d, 0) AS replies_30d,
    m.rfm_recency, m.rfm_frequency, m.rfm_monetary, m.rfm_segment, m.country_code,
    ${CONSENT_SQL("c.id")} AS marketing_consent,
    (SELECT max(wc.last_outbound_at) FROM whatsapp_contact wc
      WHERE wc.customer_id = c.id AND wc.deleted_at IS NULL) AS last_contacted_at
  FROM ${customers()} c
  LEFT JOIN whatsapp_customer_metric m ON m.customer_id = c.id AND m.deleted_at IS NULL
) s`

export interface SegmentMember {
  customer_id: string
  first_name: string | null
  last_name: string | null
  email: string | null
  phone: string | null
  marketing_consent: "granted" | "revoked" | "unknown"
  order_count: number
  total_spent: number
  rfm_segment: string | null
  last_order_at: Date | null
}

const MEMBER_COLUMNS = `s.customer_id, s.first_name, s.last_name, s.email, s.phone, s.marketing_consent,
  s.order_count, s.total_spent::float8 AS total_spent, s.rfm_segment, s.last_order_at`

export async function countSegment(knex: Knex, rules: SegmentRule, now = new Date()) {
  const where = compileSegmentRules(rules, now)
  const { rows } = await knex.raw(
    `SELECT count(*)::int AS members, count(*) FILTER (WHERE s.marketing_consent = 'granted')::int AS consented
     FROM ${SEGMENT_BASE_SQL} WHERE ${where.sql}`,
    where.params as Knex.RawBinding[]
  )
  return { members: rows[0].members as number, consented: rows[0].consented as number }
}

export async function listSegmentMembers(
  knex: Knex,
  rules: SegmentRule,
  { limit = 50, offset = 0, consentedOnly = false, now = new Date() }: { limit?: number; offset?: number; consentedOnly?: boolean; now?: Date } = {}
): Promise<SegmentMember[]> {
  const where = compileSegmentRules(rules, now)
  const { rows } = await knex.raw(
    `SELECT ${MEMBER_COLUMNS} FROM ${SEGMENT_BASE_SQL}
     WHERE ${where.sql} ${consentedOnly ? "AND s.marketing_consent = 'granted'" : ""}
     ORDER BY s.customer_id LIMIT ? OFFSET ?`,
    [...(where.params as Knex.RawBinding[]), limit, offset]
  )
  return rows
}

/** Count, count with marketing consent, and a sample of members (the builder's live preview). */
export async function previewSegment(knex: Knex, rules: SegmentRule, { sample = 10, now = new Date() } = {}) {
  const [counts, members] = await Promise.all([countSegment(knex, rules, now), listSegmentMembers(knex, rules, { limit: sample, now })])
  return { ...counts, sample: members }
}

/** For each built-in dimension: customers (and consented customers) per band, and in none. */
export async function segmentDashboard(knex: Knex, settings: SegmentSettings) {
  const dims = builtInDimensions(settings)
  const pairs = dims.flatMap((d) => d.bands.map((b) => ({ dimension: d.key, tag: b.tag })))
  const { rows } = await knex.raw(
    `WITH dims AS (SELECT * FROM jsonb_to_recordset(?::jsonb) AS d(dimension text, tag text)),
     consent AS (
       SELECT DISTINCT ON (customer_id) customer_id, marketing_consent
       FROM whatsapp_contact WHERE customer_id IS NOT NULL AND deleted_at IS NULL
       ORDER BY customer_id, marketing_consent_at DESC NULLS LAST, updated_at DESC
     ),
     links AS (
       SELECT d.dimension, d.tag, ct.customer_id
       FROM dims d
       JOIN whatsapp_tag t ON t.name = d.tag AND t.deleted_at IS NULL
       JOIN whatsapp_customer_tag ct ON ct.tag_id = t.id AND ct.deleted_at IS NULL
       JOIN ${customers()} c ON c.id = ct.customer_id
     )
     SELECT l.dimension, l.tag, count(DISTINCT l.customer_id)::int AS customers,
       count(DISTINCT l.customer_id) FILTER (WHERE cs.marketing_consent = 'granted')::int AS consented
     FROM links l LEFT JOIN consent cs ON cs.customer_id = l.customer_id
     GROUP BY GROUPING SETS ((l.dimension, l.tag), (l.dimension))`,
    [JSON.stringify(pairs)]
  )
  const totals = await knex.raw(
    `SELECT count(*)::int AS customers,
       count(*) FILTER (WHERE ${CONSENT_SQL("c.id")} = 'granted')::int AS consented,
       count(m.id)::int AS with_metrics,
       (SELECT (value->>'computed_at')::timestamptz FROM whatsapp_setting
         WHERE key = 'segments.cuts' AND deleted_at IS NULL) AS last_computed_at
     FROM ${customers()} c LEFT JOIN whatsapp_customer_metric m ON m.customer_id = c.id AND m.deleted_at IS NULL`
  )
  const total = totals.rows[0]
  const count = (dimension: string, tag: string | null) => rows.find((r: any) => r.dimension === dimension && r.tag === tag) ?? { customers: 0, consented: 0 }
  return {
    customers: total.customers as number,
    consented: total.consented as number,
    with_metrics: total.with_metrics as number,
    last_computed_at: total.last_computed_at as Date | null,
    dimensions: dims.map((d) => {
      const any = count(d.key, null)
      return {
        key: d.key,
        label: d.label,
        bands: d.bands.map((b) => {
          const c = count(d.key, b.tag)
          return { tag: b.tag, label: b.label, customers: c.customers, consented: c.consented }
        }),
        none: { customers: total.customers - any.customers, consented: total.consented - any.consented },
      }
    }),
  }
}

/** Every tag with how many customers carry it (the builder's tag picker). */
export async function listTagsWithCounts(knex: Knex) {
  const { rows } = await knex.raw(
    `SELECT t.id, t.name, t.kind, count(ct.id)::int AS customers,
       count(ct.id) FILTER (WHERE ct.source = 'manual')::int AS manual
     FROM whatsapp_tag t
     LEFT JOIN whatsapp_customer_tag ct ON ct.tag_id = t.id AND ct.deleted_at IS NULL
     WHERE t.deleted_at IS NULL
     GROUP BY t.id ORDER BY t.name`
  )
  return rows as { id: string; name: string; kind: "auto" | "manual"; customers: number; manual: number }[]
}

/** One customer's metrics, RFM, tags and consent, as the customer widget shows them. */
export async function customerSegmentation(knex: Knex, customerId: string) {
  const [metrics, tags, consent] = await Promise.all([
    knex.raw(
      `SELECT customer_id, order_count, first_order_at, last_order_at, avg_gap_days, currency_code,
         total_spent::float8 AS total_spent, aov::float8 AS aov, expected_next_order_at, overdue,
         last_inbound_at, last_read_at, last_contacted_at, replies_7d, replies_30d, has_contact, country_code,
         rfm_recency, rfm_frequency, rfm_monetary, rfm_segment, computed_at
       FROM whatsapp_customer_metric WHERE customer_id = ? AND deleted_at IS NULL`,
      [customerId]
    ),
    knex.raw(
      `SELECT t.id, t.name, t.kind, ct.source, ct.created_at
       FROM whatsapp_customer_tag ct JOIN whatsapp_tag t ON t.id = ct.tag_id AND t.deleted_at IS NULL
       WHERE ct.customer_id = ? AND ct.deleted_at IS NULL ORDER BY ct.source DESC, t.name`,
      [customerId]
    ),
    knex.raw(`SELECT ${CONSENT_SQL("?")} AS marketing_consent`, [customerId]),
  ])
  return {
    metrics: metrics.rows[0] ?? null,
    tags: tags.rows as { id: string; name: string; kind: string; source: "auto" | "manual"; created_at: Date }[],
    marketing_consent: consent.rows[0].marketing_consent as string,
  }
}
