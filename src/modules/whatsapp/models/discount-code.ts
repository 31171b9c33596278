import { model } from "@medusajs/framework/utils"

/**
 * A Medusa promotion issued to one contact. Asking again (any discount keyword, or the campaign's
 * YES) returns the same code while it is valid: codes are per (contact, scope), where scope is the
 * campaign or "store". Issuing runs under an advisory lock on that pair.
 */
const WhatsappDiscountCode = model
  .define("whatsapp_discount_code", {
    id: model.id({ prefix: "wadsc" }).primaryKey(),
    contact_id: model.text(),
    customer_id: model.text().nullable(),
    rule_id: model.text(),
    scope: model.text(),
    campaign_id: model.text().nullable(),
    promotion_id: model.text().nullable(),
    code: model.text(),
    expires_at: model.dateTime(),
  })
  .indexes([
    { on: ["contact_id", "scope", "expires_at"] },
    { on: ["code"], unique: true },
  ])

export default WhatsappDiscountCode
