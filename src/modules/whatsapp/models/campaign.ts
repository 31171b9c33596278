import { model } from "@medusajs/framework/utils"

/**
 * A marketing campaign: who (a segment, frozen into recipients at start), what (an APPROVED
 * template with a parameter mapping, or free-form text that only goes to contacts inside their
 * 24 h window), when (now or `scheduled_at`), and where it is in its life
 * (domain/campaign-rules.ts holds the state machine; every change is a whatsapp_campaign_event).
 */
const WhatsappCampaign = model
  .define("whatsapp_campaign", {
    id: model.id({ prefix: "wacmp" }).primaryKey(),
    name: model.text(),
    status: model.enum(["draft", "scheduled", "running", "paused", "completed", "canceled", "failed"]).default("draft"),
    /** Why it is paused/failed, for the merchant: "tier_limit", "template_paused: …", "error_rate: …". */
    status_reason: model.text().nullable(),
    /** A tier-paused campaign may resume from this time on (the scheduler tick checks). */
    resume_after: model.dateTime().nullable(),
    segment_id: model.text().nullable(),
    /** The rule tree as it was when the audience was frozen (the segment may change later). */
    segment_rules: model.json().nullable(),
    /** A follow-up: { parent_campaign_id, criterion: "not_read" | "not_replied" }. */
    retarget: model.json().nullable(),
    message_kind: model.enum(["template", "text"]).default("template"),
    template_name: model.text().nullable(),
    template_language: model.text().nullable(),
    template_category: model.text().nullable(),
    /** CampaignParameterMapping[] (domain/campaign-rules.ts). */
    parameters: model.json().nullable(),
    text: model.text().nullable(),
    /** Call to action: { payload: "YES", reply_rule_id? } — the quick-reply or keyword tied back to this campaign. */
    cta: model.json().nullable(),
    discount_code: model.text().nullable(),
    scheduled_at: model.dateTime().nullable(),
    timezone: model.text().nullable(),
    attribution_window_days: model.number().default(7),
    /** When each recipient gets it: { mode: "now" | "best_hour", window_hours } (null = now). */
    send_time: model.json().nullable(),
    /** A/B test: { variants, test_share, metric, window_hours, alpha, min_sample } (campaigns/ab-test). */
    ab_test: model.json().nullable(),
    /** The variant the held recipients got (index into ab_test.variants), once decided. */
    ab_winner: model.number().nullable(),
    ab_decided_at: model.dateTime().nullable(),
    /** pickAbWinner's verdict (domain/ab-winner.ts), or the merchant's pick. */
    ab_verdict: model.json().nullable(),
    frozen_at: model.dateTime().nullable(),
    audience_count: model.number().default(0),
    /** Keyset checkpoint: every recipient with seq <= this one has been taken at least once. */
    checkpoint_seq: model.number().default(0),
    started_at: model.dateTime().nullable(),
    finished_at: model.dateTime().nullable(),
    created_by: model.text().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([{ on: ["status", "scheduled_at"] }])

export default WhatsappCampaign
