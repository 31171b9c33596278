import { model } from "@medusajs/framework/utils"

/** A message template as the WABA knows it, synced from Meta and updated by webhooks. */
const WhatsappTemplate = model
  .define("whatsapp_template", {
    id: model.id({ prefix: "watpl" }).primaryKey(),
    provider_template_id: model.text().nullable(),
    name: model.text(),
    language: model.text(),
    category: model.text(),
    status: model.text(),
    components: model.json().nullable(),
    parameter_format: model.text().nullable(),
    quality_score: model.text().nullable(),
    rejected_reason: model.text().nullable(),
    synced_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["name", "language"], unique: true }])

export default WhatsappTemplate
