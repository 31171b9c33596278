/** Sending a failed outbound message again, as a new message (new key, same content). */
import type { Db } from "../db"
import { repointNotification } from "../notifications/ledger"
import type { SendInput, SendOutcome } from "./sender"

/** The notification that pointed at the failed message moves to the new one. */
export async function resendMessage(db: Db, send: (input: SendInput) => Promise<SendOutcome>, id: string): Promise<SendOutcome> {
  const { rows: found } = await db.raw(`SELECT * FROM whatsapp_message WHERE id = ? AND deleted_at IS NULL`, [id])
  const orig = found[0]
  if (!orig) throw new Error(`Message ${id} does not exist`)
  if (orig.direction !== "outbound" || orig.status !== "failed") {
    throw new Error(`Only a failed outbound message can be resent; ${id} is ${orig.direction} ${orig.status}`)
  }
  const { rows } = await db.raw(`SELECT count(*)::int AS n FROM whatsapp_message WHERE idempotency_key LIKE ?`, [
    `${orig.idempotency_key.replace(/[%_\\]/g, "\\$&")}:resend:%`,
  ])
  // The stored payload is the whole request; the sender adds the envelope fields again.
  const { messaging_product, to, biz_opaque_callback_data, recipient_type, ...request } = (orig.payload ?? {}) as Record<string, unknown>
  const outcome = await send({
    idempotency_key: `${orig.idempotency_key}:resend:${rows[0].n + 1}`,
    to: orig.wa_id,
    // A message to a username user known by BSUID only is resent to that BSUID.
    user_id: orig.user_id,
    customer_id: orig.customer_id,
    order_id: orig.order_id,
    source: orig.source ?? "resend",
    request: request as SendInput["request"],
    metadata: { resend_of: orig.id },
  })
  const status = outcome.outcome === "failed" ? (outcome.error.classification.retryable ? "pending" : "failed") : "sent"
  const reason = outcome.outcome === "failed" ? `${outcome.error.code ?? "error"}: ${outcome.error.classification.title}` : null
  await repointNotification(db, orig.id, outcome.message.id, status, reason)
  return outcome
}
