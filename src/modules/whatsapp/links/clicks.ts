/**
 * Click tracking, the I/O half: tokens for the links of a message being sent, and the redirect's
 * lookup + click row. Pure rules are in domain/ (token.ts, urls.ts).
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { entityId } from "../domain/ids"
import { allowedHosts, allowedUrl, slugify, trackRequestLinks, withUtm, type LinkPolicy } from "./domain/urls"
import { signLink, verifyLink } from "./domain/token"

export interface LinkTrackingOptions {
  tracking_base_url?: string
  storefront_url?: string
  link_allowed_hosts?: string[]
  link_secret: string
}

export class LinkTracking {
  readonly policy: LinkPolicy

  constructor(
    private readonly pg: Knex,
    private readonly options: LinkTrackingOptions
  ) {
    this.policy = { allowed_hosts: allowedHosts(options.storefront_url, options.link_allowed_hosts) }
  }

  /** Whether sends rewrite links at all: a public base for the redirect and somewhere to go. */
  get enabled(): boolean {
    return !!this.options.tracking_base_url && this.policy.allowed_hosts.length > 0
  }

  /** A campaign recipient's request with its allowed links replaced by tracked ones. */
  trackCampaignRequest(request: any, campaignId: string, recipientId: string): any {
    if (!this.enabled) return request
    return trackRequestLinks(request, this.options.tracking_base_url!, (url) =>
      allowedUrl(url, this.policy) ? signLink({ kind: "c", campaign_id: campaignId, ref: recipientId, url }, this.options.link_secret) : null
    ).request
  }

  /** A notification message's request (its id known before the send) with its links tracked. */
  trackNotificationRequest(request: any, messageId: string): any {
    if (!this.enabled) return request
    return trackRequestLinks(request, this.options.tracking_base_url!, (url) =>
      allowedUrl(url, this.policy) ? signLink({ kind: "n", campaign_id: null, ref: messageId, url }, this.options.link_secret) : null
    ).request
  }

  /**
   * Records a click and returns where to send the browser, or null (nothing recorded) for a token
   * that is not ours, names nothing sent, or points to a host that is not allowed.
   */
  async click(token: string, who: { user_agent?: string | null; ip?: string | null }, now = new Date()): Promise<{ location: string; first: boolean } | null> {
    const claim = verifyLink(token, this.options.link_secret)
    if (!claim) return null
    const url = allowedUrl(claim.url, this.policy)
    if (!url) return null
    const target = claim.kind === "c" ? await this.campaignTarget(claim.ref, claim.campaign_id) : await this.notificationTarget(claim.ref)
    if (!target) return null
    const row = {
      message_id: target.message_id,
      campaign_id: target.campaign_id,
      recipient_id: target.recipient_id,
      contact_id: target.contact_id,
      customer_id: target.customer_id,
      url: claim.url,
      clicked_at: now,
      user_agent: who.user_agent?.slice(0, 512) ?? null,
      ip: who.ip?.slice(0, 64) ?? null,
    }
    // The first click of this message on this link wins the partial unique index; repeats are rows too.
    const first = await this.pg.raw(
      `INSERT INTO whatsapp_link_click (id, message_id, campaign_id, recipient_id, contact_id, customer_id, url, first_click, clicked_at, user_agent, ip)
       VALUES (?, ?, ?, ?, ?, ?, ?, true, ?, ?, ?) ON CONFLICT (message_id, url) WHERE first_click DO NOTHING RETURNING id`,
      [entityId("walclk"), row.message_id, row.campaign_id, row.recipient_id, row.contact_id, row.customer_id, row.url, row.clicked_at, row.user_agent, row.ip]
    )
    const isFirst = first.rows.length > 0
    if (!isFirst) {
      await this.pg.raw(
        `INSERT INTO whatsapp_link_click (id, message_id, campaign_id, recipient_id, contact_id, customer_id, url, first_click, clicked_at, user_agent, ip)
         VALUES (?, ?, ?, ?, ?, ?, ?, false, ?, ?, ?)`,
        [
          entityId("walclk"),
          row.message_id,
          row.campaign_id,
          row.recipient_id,
          row.contact_id,
          row.customer_id,
          row.url,
          row.clicked_at,
          row.user_agent,
          row.ip,
        ]
      )
    }
    return { location: withUtm(url, { medium: target.campaign_id ? "campaign" : "notification", campaign: target.utm_campaign }), first: isFirst }
  }

  private async campaignTarget(recipientId: string, campaignId: string | null) {
    const { rows } = await this.pg.raw(
      `SELECT r.id, r.campaign_id, r.message_id, r.contact_id, r.customer_id, c.name
       FROM whatsapp_campaign_recipient r JOIN whatsapp_campaign c ON c.id = r.campaign_id
       WHERE r.id = ? AND r.campaign_id = ? AND r.message_id IS NOT NULL AND r.deleted_at IS NULL`,
      [recipientId, campaignId ?? ""]
    )
    const r = rows[0]
    if (!r) return null
    return {
      message_id: r.message_id as string,
      campaign_id: r.campaign_id as string,
      recipient_id: r.id as string,
      contact_id: r.contact_id as string | null,
      customer_id: r.customer_id as string | null,
      utm_campaign: slugify(r.name ?? ""),
    }
  }

  private async notificationTarget(messageId: string) {
    const { rows } = await this.pg.raw(
      `SELECT id, contact_id, customer_id, template_name, metadata FROM whatsapp_message WHERE id = ? AND direction = 'outbound' AND deleted_at IS NULL`,
      [messageId]
    )
    const m = rows[0]
    if (!m) return null
    const event = (m.metadata?.event as string | undefined) ?? m.template_name ?? "notification"
    return {
      message_id: m.id as string,
      campaign_id: null,
      recipient_id: null,
      contact_id: m.contact_id as string | null,
      customer_id: m.customer_id as string | null,
      utm_campaign: slugify(event),
    }
  }
}
