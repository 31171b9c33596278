import { model } from "@medusajs/framework/utils"

/**
 * The once-only ledger of event notifications: one row per (event, resource), claimed before
 * sending, so a redelivered event or a second server finds it and does nothing. Skips are rows
 * too, with the reason the merchant sees.
 */
const WhatsappNotification = model
  .define("whatsapp_notification", {
    id: model.id({ prefix: "wantf" }).primaryKey(),
    key: model.text(),
    event: model.text(),
    resource_id: model.text(),
    order_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    status: model.enum(["pending", "sent", "skipped", "failed"]).default("pending"),
    reason: model.text().nullable(),
    message_id: model.text().nullable(),
    template_name: model.text().nullable(),
    template_language: model.text().nullable(),
  })
  .indexes([{ on: ["key"], unique: true }, { on: ["order_id"] }, { on: ["status", "created_at"] }])

export default WhatsappNotification
