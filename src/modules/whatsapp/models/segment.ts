import { model } from "@medusajs/framework/utils"

/**
 * A saved segment: a rule tree (domain/segment-rules.ts) evaluated live against the customer
 * metrics, tags, consent and contact history. Campaigns send to a segment's consented members.
 */
const WhatsappSegment = model
  .define("whatsapp_segment", {
    id: model.id({ prefix: "waseg" }).primaryKey(),
    name: model.text(),
    description: model.text().nullable(),
    rules: model.json(),
    created_by: model.text().nullable(),
  })
  .indexes([{ on: ["name"], unique: true }])

export default WhatsappSegment
