import { model } from "@medusajs/framework/utils"

/**
 * One WhatsApp user, keyed by phone (wa_id, E.164 digits) or business-scoped user id (user_id,
 * "BSUID", e.g. TH.1349…): since 2026 a username user may reach us with the BSUID alone, and the
 * phone may show up later (then the two are one contact: contacts/identity.ts merges them). At
 * least one of the two is set (a check constraint). Exists before a Medusa customer does when an
 * unknown user writes first; customer_id is filled in when a customer with that phone appears.
 * Consent is per purpose because WhatsApp's rules differ: transactional notifications vs marketing.
 */
const WhatsappContact = model
  .define("whatsapp_contact", {
    id: model.id({ prefix: "wacon" }).primaryKey(),
    wa_id: model.text().nullable(),
    /** BSUID (`user_id` in Meta's webhooks): unique per business portfolio; changes when the user changes phone. */
    user_id: model.text().nullable(),
    /** Parent BSUID (`parent_user_id`, CC.ENT.…), shared across the portfolios of a managed business. */
    parent_user_id: model.text().nullable(),
    /** `profile.username`, when the user adopted one. */
    username: model.text().nullable(),
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
  .indexes([{ on: ["wa_id"], unique: true }, { on: ["user_id"], unique: true, where: "user_id IS NOT NULL" }, { on: ["customer_id"] }])

export default WhatsappContact
