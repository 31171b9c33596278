import { model } from "@medusajs/framework/utils"

/**
 * One conversation per contact. waiting_since is the first customer message not yet answered by
 * an agent or a rule: what the inbox sorts and red-flags on.
 */
const WhatsappConversation = model
  .define("whatsapp_conversation", {
    id: model.id({ prefix: "wacnv" }).primaryKey(),
    contact_id: model.text(),
    customer_id: model.text().nullable(),
    status: model.enum(["open", "resolved"]).default("open"),
    /** A person took over: rules stay quiet until the conversation is resolved. */
    handover: model.boolean().default(false),
    assigned_to: model.text().nullable(),
    waiting_since: model.dateTime().nullable(),
    last_inbound_at: model.dateTime().nullable(),
    /** The business number the customer wrote to. */
    phone_number_id: model.text().nullable(),
    last_reply_at: model.dateTime().nullable(),
    /** Time from the first unanswered message to the answer, for analytics. */
    last_response_ms: model.number().nullable(),
    response_count: model.number().default(0),
    response_seconds_total: model.number().default(0),
    away_sent_on: model.text().nullable(),
  })
  .indexes([{ on: ["contact_id"], unique: true }, { on: ["status", "waiting_since"] }])

export default WhatsappConversation
