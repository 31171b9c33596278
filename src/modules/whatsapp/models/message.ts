import { model } from "@medusajs/framework/utils"

/**
 * A message either way. Outbound rows are created (status "pending") before the API call, keyed by
 * our idempotency_key, so a retried event or a crashed worker can never send twice.
 * Each status keeps its own timestamp because webhooks arrive out of order.
 */
const WhatsappMessage = model
  .define("whatsapp_message", {
    id: model.id({ prefix: "wamsg" }).primaryKey(),
    idempotency_key: model.text(),
    direction: model.enum(["inbound", "outbound"]),
    contact_id: model.text().nullable(),
    /** The user's phone; null for a user known only by BSUID (then user_id is set). */
    wa_id: model.text().nullable(),
    /** The user's BSUID, when known: the `recipient` of a send without a phone. */
    user_id: model.text().nullable(),
    customer_id: model.text().nullable(),
    order_id: model.text().nullable(),
    // Meta's message id; unknown until the API accepts an outbound message.
    wamid: model.text().nullable(),
    type: model.text(),
    template_name: model.text().nullable(),
    template_language: model.text().nullable(),
    template_parameters: model.json().nullable(),
    text: model.text().nullable(),
    payload: model.json().nullable(),
    context_wamid: model.text().nullable(),
    /** The business number (Cloud API phone_number_id) the message was sent from or to. */
    phone_number_id: model.text().nullable(),
    status: model.enum(["pending", "accepted", "sent", "delivered", "read", "failed", "received"]).default("pending"),
    accepted_at: model.dateTime().nullable(),
    sent_at: model.dateTime().nullable(),
    delivered_at: model.dateTime().nullable(),
    read_at: model.dateTime().nullable(),
    failed_at: model.dateTime().nullable(),
    received_at: model.dateTime().nullable(),
    error_code: model.number().nullable(),
    error_title: model.text().nullable(),
    error_details: model.text().nullable(),
    category: model.text().nullable(),
    pricing: model.json().nullable(),
    source: model.text().nullable(),
    attempts: model.number().default(0),
    metadata: model.json().nullable(),
  })
  .indexes([
    { on: ["idempotency_key"], unique: true },
    { on: ["wamid"], unique: true, where: "wamid IS NOT NULL" },
    { on: ["contact_id", "created_at"] },
    { on: ["customer_id", "created_at"] },
    // Only notifications carry an order; campaign and chat messages (most rows) stay out of it.
    { on: ["order_id"], where: "order_id IS NOT NULL" },
  ])

export default WhatsappMessage
