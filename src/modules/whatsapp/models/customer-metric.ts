import { model } from "@medusajs/framework/utils"

/**
 * One row per customer: purchase and engagement metrics, RFM scores and segment. Written only by
 * the set-based recompute (segmentation/recompute.ts), read by tags, segments and the admin.
 * Amounts are in the store's default currency, as Medusa stores them (orders in other currencies
 * count as orders but not towards amounts).
 */
const WhatsappCustomerMetric = model
  .define("whatsapp_customer_metric", {
    id: model.id({ prefix: "wacm" }).primaryKey(),
    customer_id: model.text(),
    // Orders that were not canceled (and are not drafts).
    order_count: model.number().default(0),
    first_order_at: model.dateTime().nullable(),
    last_order_at: model.dateTime().nullable(),
    // (last − first) / (orders − 1), in days; null below two orders.
    avg_gap_days: model.float().nullable(),
    currency_code: model.text().nullable(),
    // Lifetime value to date.
    total_spent: model.bigNumber().default(0),
    aov: model.bigNumber().nullable(),
    // Last order + average gap; overdue once the time since the last order exceeds lapsed_multiplier × the gap.
    expected_next_order_at: model.dateTime().nullable(),
    overdue: model.boolean().default(false),
    last_inbound_at: model.dateTime().nullable(),
    last_read_at: model.dateTime().nullable(),
    last_contacted_at: model.dateTime().nullable(),
    replies_7d: model.number().default(0),
    replies_30d: model.number().default(0),
    // Has a WhatsApp contact: the only customers that can be "dormant".
    has_contact: model.boolean().default(false),
    country_code: model.text().nullable(),
    rfm_recency: model.number().nullable(),
    rfm_frequency: model.number().nullable(),
    rfm_monetary: model.number().nullable(),
    rfm_segment: model.text().nullable(),
    // When these values last changed: a full run does not rewrite unchanged rows (the time of the
    // last full run is in the "segments.cuts" setting).
    computed_at: model.dateTime(),
  })
  .indexes([{ on: ["customer_id"], unique: true }, { on: ["rfm_segment"] }])

export default WhatsappCustomerMetric
