import { model } from "@medusajs/framework/utils"

/**
 * The raw webhook, stored before anything is processed, so a crash after the 200 loses nothing.
 * dedupe_key is the SHA-256 of the exact bytes: Meta's at-least-once redelivery of the same POST
 * is stored once.
 */
const WhatsappWebhookReceipt = model
  .define("whatsapp_webhook_receipt", {
    id: model.id({ prefix: "wawhr" }).primaryKey(),
    dedupe_key: model.text(),
    raw_body: model.text(),
    signature: model.text().nullable(),
    status: model.enum(["pending", "processed", "failed", "ignored"]).default("pending"),
    attempts: model.number().default(0),
    next_attempt_at: model.dateTime().nullable(),
    processed_at: model.dateTime().nullable(),
    last_error: model.text().nullable(),
    /** What was dropped while applying, item by item: [{ path, kind: rejected|ignored|clamped, reason }]. */
    notes: model.json().nullable(),
    /** When the retention job blanked raw_body (PDPA / GDPR: phone numbers and message text). */
    redacted_at: model.dateTime().nullable(),
  })
  .indexes([{ on: ["dedupe_key"], unique: true }, { on: ["status", "next_attempt_at"] }])

export default WhatsappWebhookReceipt
