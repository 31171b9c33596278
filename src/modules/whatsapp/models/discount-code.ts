import { model } from "@medusajs/framework/utils"

/**
 * A Medusa promotion issued to one contact. Asking again (any discount keyword, or the campaign's
 * YES) returns the same code while it is valid: one live code per (contact, scope), where scope is
 * the campaign or "store". The row is reserved (unique) before the promotion is created, so two
 * concurrent requests — on any number of servers — cannot issue two codes; expired codes are
 * soft-deleted to free the slot.
 */
const WhatsappDiscountCode = model
  .define("whatsapp_discount_code", {
    id: model.id({ prefix: "wadsc" }).primaryKey(),
    contact_id: model.text(),
    customer_id: model.text().nullable(),
    rule_id: model.text(),
    scope: model.text(),
    campaign_id: model.text().nullable(),
    /** Null while the promotion is being created by whoever reserved the row. */
    promotion_id: model.text().nullable(),
    code: model.text(),
    expires_at: model.dateTime(),
  })
  .indexes([
    { on: ["contact_id", "scope"], unique: true },
    { on: ["code"], unique: true },
  ])

export default WhatsappDiscountCode
