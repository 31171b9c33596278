import { model } from "@medusajs/framework/utils"

/**
 * One row per (campaign, contact), materialised when the campaign starts (the frozen audience).
 * `seq` orders the keyset pagination; `idempotency_key` is the message's key
 * (`campaign:<campaign_id>:<contact_id>`), so a recipient is never sent twice whatever crashes.
 *
 * queued → sending (claimed with FOR UPDATE SKIP LOCKED, lease `claimed_at`) → sent | failed | skipped;
 * a deferral (quiet hours, pair rate, retryable error) puts it back to queued with `not_before`.
 * held: outside an A/B test's share, queued with the winner's variant once it is decided.
 */
const WhatsappCampaignRecipient = model
  .define("whatsapp_campaign_recipient", {
    id: model.id({ prefix: "wacrc" }).primaryKey(),
    campaign_id: model.text(),
    contact_id: model.text(),
    customer_id: model.text().nullable(),
    /** Null for a BSUID-only contact: the send then reads the contact's user_id. */
    wa_id: model.text().nullable(),
    seq: model.number(),
    idempotency_key: model.text(),
    status: model.enum(["queued", "sending", "sent", "failed", "skipped", "held"]).default("queued"),
    not_before: model.dateTime().nullable(),
    /** Best-hour send: the time chosen at freeze (not_before starts equal to it). */
    planned_at: model.dateTime().nullable(),
    /** A/B test: the variant sent (index into the campaign's ab_test.variants); null outside a test. */
    variant: model.number().nullable(),
    attempts: model.number().default(0),
    claimed_by: model.text().nullable(),
    claimed_at: model.dateTime().nullable(),
    message_id: model.text().nullable(),
    sent_at: model.dateTime().nullable(),
    /** skipped/failed/deferred reason: "no_consent", "frequency_cap", "quiet_hours", "131026: …". */
    reason: model.text().nullable(),
  })
  // Every recipient row is updated twice (claim, outcome), and each update touches every index:
  // the key is unique through (campaign_id, contact_id) already, and the status index holds only
  // the rows still in play (claims, sweeps, tier usage), so a finished row leaves it.
  .indexes([
    { on: ["campaign_id", "contact_id"], unique: true },
    { on: ["campaign_id", "status", "seq"], where: "status IN ('queued', 'sending')" },
    { on: ["campaign_id", "seq"] },
  ])

export default WhatsappCampaignRecipient
