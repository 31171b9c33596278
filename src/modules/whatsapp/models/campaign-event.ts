import { model } from "@medusajs/framework/utils"

/** The campaign's state log: every transition with who made it and why. */
const WhatsappCampaignEvent = model
  .define("whatsapp_campaign_event", {
    id: model.id({ prefix: "wacev" }).primaryKey(),
    campaign_id: model.text(),
    from_status: model.text().nullable(),
    to_status: model.text(),
    /** A user id, "system", "scheduler", "webhook", "dispatcher". */
    actor: model.text(),
    reason: model.text().nullable(),
  })
  .indexes([{ on: ["campaign_id", "created_at"] }])

export default WhatsappCampaignEvent
