/**
 * Results per recipient: who, their message's status times, the first reply, clicks, the discount
 * code they got and whether an order used it, and the orders attributed to them (the same rule as
 * the campaign's totals: results.ts attributedOrderList). Paged by the recipient's seq.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { customers, orderUsedCode, ordersWithSummaries } from "../medusa-tables"
import { attributedOrderList, type AttributedOrder } from "./results"

export type CampaignRecipientRow = {
  id: string
  customer_id: string | null
  customer_name: string | null
  email: string | null
  wa_id: string | null
  username: string | null
  user_id: string | null
  /** The recipient's outcome; "failed" also when the message failed after it was sent. */
  status: "queued" | "sending" | "sent" | "failed" | "skipped"
  /** The message's last status from Meta (sent, delivered, read, failed); null when none was sent. */
  message_status: string | null
  reason: string | null
  sent_at: Date | null
  delivered_at: Date | null
  read_at: Date | null
  failed_at: Date | null
  replied_at: Date | null
  clicks: number
  /** The code this recipient was issued in the campaign's scope, else the campaign's shared code once sent. */
  discount_code: string | null
  discount_code_source: "issued" | "campaign" | null
  discount_issued_at: Date | null
  /** An order by the customer after the send used that code. */
  discount_redeemed: boolean
  /** The first order attributed to this recipient, and the total of all of theirs. */
  attributed_order_id: string | null
  attributed_orders: number
  attributed_amount: number
}

/** The CSV's columns, in order. */
export const RECIPIENT_COLUMNS = [
  "id",
  "customer_id",
  "customer_name",
  "email",
  "wa_id",
  "username",
  "user_id",
  "status",
  "message_status",
  "reason",
  "sent_at",
  "delivered_at",
  "read_at",
  "failed_at",
  "replied_at",
  "clicks",
  "discount_code",
  "discount_code_source",
  "discount_issued_at",
  "discount_redeemed",
  "attributed_order_id",
  "attributed_orders",
  "attributed_amount",
] as const satisfies readonly (keyof CampaignRecipientRow)[]

export async function countRecipients(pg: Knex, campaignId: string): Promise<number> {
  const { rows } = await pg.raw(`SELECT count(*)::int AS n FROM whatsapp_campaign_recipient WHERE campaign_id = ? AND deleted_at IS NULL`, [campaignId])
  return rows[0].n
}

/** Orders attributed to the campaign, by customer, earliest first. */
export async function attributionByCustomer(pg: Knex, campaign: any): Promise<Map<string, AttributedOrder[]>> {
  const byCustomer = new Map<string, AttributedOrder[]>()
  for (const o of await attributedOrderList(pg, campaign)) {
    const list = byCustomer.get(o.customer_id) ?? []
    list.push(o)
    byCustomer.set(o.customer_id, list)
  }
  for (const list of byCustomer.values()) list.sort((a, b) => a.created_at.getTime() - b.created_at.getTime() || a.id.localeCompare(b.id))
  return byCustomer
}

/** One page of recipients in send order; `attribution` from attributionByCustomer (computed once for every page of an export). */
export async function recipientPage(
  pg: Knex,
  campaign: any,
  page: { limit: number; offset: number },
  attribution: Map<string, AttributedOrder[]>
): Promise<CampaignRecipientRow[]> {
  const { rows } = await pg.raw(
    `SELECT r.id, r.customer_id, r.status AS recipient_status, r.reason, r.sent_at, r.updated_at,
       NULLIF(trim(concat_ws(' ', cu.first_name, cu.last_name)), '') AS customer_name, cu.email,
       COALESCE(r.wa_id, ct.wa_id) AS wa_id, ct.username, ct.user_id,
       m.status AS message_status, m.delivered_at, m.read_at, m.failed_at,
       (SELECT min(im.created_at) FROM whatsapp_message im
         WHERE im.contact_id = r.contact_id AND im.direction = 'inbound' AND im.created_at >= r.sent_at AND im.deleted_at IS NULL) AS replied_at,
       (SELECT count(*)::int FROM whatsapp_link_click lc WHERE lc.message_id = r.message_id) AS clicks,
       d.code AS issued_code, d.created_at AS issued_at,
       COALESCE(d.code, CASE WHEN r.status = 'sent' THEN NULLIF(?, '') END) AS code,
       (r.customer_id IS NOT NULL AND r.sent_at IS NOT NULL AND COALESCE(d.code, CASE WHEN r.status = 'sent' THEN NULLIF(?, '') END) IS NOT NULL
         AND EXISTS (SELECT 1 FROM ${ordersWithSummaries()} o WHERE o.customer_id = r.customer_id AND o.created_at >= r.sent_at
           AND ${orderUsedCode("o.id", (code) => `${code} = COALESCE(d.code, NULLIF(?, ''))`)})) AS redeemed
     FROM whatsapp_campaign_recipient r
     LEFT JOIN whatsapp_contact ct ON ct.id = r.contact_id
     LEFT JOIN ${customers({ withDeleted: true })} cu ON cu.id = r.customer_id
     LEFT JOIN whatsapp_message m ON m.id = r.message_id
     LEFT JOIN LATERAL (
       SELECT dc.code, dc.created_at FROM whatsapp_discount_code dc
       WHERE dc.campaign_id = r.campaign_id AND dc.contact_id = r.contact_id AND dc.promotion_id IS NOT NULL
       ORDER BY dc.created_at DESC LIMIT 1) d ON TRUE
     WHERE r.campaign_id = ? AND r.deleted_at IS NULL
     ORDER BY r.seq, r.id
     LIMIT ? OFFSET ?`,
    [campaign.discount_code ?? "", campaign.discount_code ?? "", campaign.discount_code ?? "", campaign.id, page.limit, page.offset]
  )
  return rows.map((r: any): CampaignRecipientRow => {
    const orders = (r.customer_id && attribution.get(r.customer_id)) || []
    const failed = r.recipient_status === "failed" || r.message_status === "failed"
    return {
      id: r.id,
      customer_id: r.customer_id,
      customer_name: r.customer_name,
      email: r.email,
      wa_id: r.wa_id,
      username: r.username,
      user_id: r.user_id,
      status: failed ? "failed" : r.recipient_status,
      message_status: r.message_status,
      reason: r.reason,
      sent_at: r.sent_at,
      delivered_at: r.delivered_at,
      read_at: r.read_at,
      failed_at: r.failed_at ?? (r.recipient_status === "failed" ? r.updated_at : null),
      replied_at: r.replied_at,
      clicks: r.clicks,
      discount_code: r.code,
      discount_code_source: r.issued_code ? "issued" : r.code ? "campaign" : null,
      discount_issued_at: r.issued_at ?? null,
      discount_redeemed: !!r.redeemed,
      attributed_order_id: orders[0]?.id ?? null,
      attributed_orders: orders.length,
      attributed_amount: orders.reduce((s, o) => s + o.total, 0),
    }
  })
}

/** Every recipient, `pageSize` at a time (for the CSV export). */
export async function* allRecipients(pg: Knex, campaign: any, pageSize = 1000): AsyncGenerator<CampaignRecipientRow[]> {
  const attribution = await attributionByCustomer(pg, campaign)
  for (let offset = 0; ; offset += pageSize) {
    const rows = await recipientPage(pg, campaign, { limit: pageSize, offset }, attribution)
    if (rows.length) yield rows
    if (rows.length < pageSize) return
  }
}
