import { model } from "@medusajs/framework/utils"

/**
 * Merchant settings edited in the admin (thresholds, mappings' defaults, price table…), one JSON
 * document per key. Plugin options are for deployment (credentials); these are for the merchant.
 */
const WhatsappSetting = model
  .define("whatsapp_setting", {
    id: model.id({ prefix: "waset" }).primaryKey(),
    key: model.text(),
    value: model.json(),
  })
  .indexes([{ on: ["key"], unique: true }])

export default WhatsappSetting
