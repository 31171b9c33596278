import { model } from "@medusajs/framework/utils"

/**
 * One WhatsApp user (wa_id, E.164 digits). Exists before a Medusa customer does when an unknown
 * number writes first; customer_id is filled in when a customer with that phone appears.
 * Consent is per purpose because WhatsApp's rules differ: transactional notifications vs marketing.
 */
const WhatsappContact = model
  .define("whatsapp_contact", {
    id: model.id({ prefix: "wacon" }).primaryKey(),
    wa_id: model.text(),
    customer_id: model.text().nullable(),
    profile_name: model.text().nullable(),
    transactional_consent: model.enum(["unknown", "granted", "revoked"]).default("unknown"),
    transactional_consent_source: model.text().nullable(),
    transactional_consent_at: model.dateTime().nullable(),
    marketing_consent: model.enum(["unknown", "granted", "revoked"]).default("unknown"),
    marketing_consent_source: model.text().nullable(),
    /** The business number through which the last consent change arrived. */
    marketing_consent_phone_number_id: model.text().nullable(),
    marketing_consent_at: model.dateTime().nullable(),
    // The 24 h customer-service window opens at the last inbound message.
    last_inbound_at: model.dateTime().nullable(),
    last_outbound_at: model.dateTime().nullable(),
    metadata: model.json().nullable(),
  })
  .indexes([{ on: ["wa_id"], unique: true }, { on: ["customer_id"] }])

export default WhatsappContact
