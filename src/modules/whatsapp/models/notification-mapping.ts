import { model } from "@medusajs/framework/utils"

/** A merchant's choice of template and parameter sources for one event (defaults live in code). */
const WhatsappNotificationMapping = model
  .define("whatsapp_notification_mapping", {
    id: model.id({ prefix: "wamap" }).primaryKey(),
    event: model.text(),
    enabled: model.boolean().default(true),
    template_name: model.text(),
    template_language: model.text(),
    parameters: model.json(),
  })
  .indexes([{ on: ["event"], unique: true }])

export default WhatsappNotificationMapping
