import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { acceptWebhook, handshakeChallenge } from "../../../modules/whatsapp/webhooks/accept"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"

// Meta calls this route; it carries its own authentication (verify token / HMAC signature).
export const AUTHENTICATE = false

/** Meta's subscription handshake: echo hub.challenge when the verify token matches. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const challenge = handshakeChallenge(req.query as Record<string, unknown>, whatsapp.getOptions().webhook_verify_token)
  if (challenge !== null) {
    res.status(200).type("text/plain").send(challenge)
    return
  }
  res.status(403).json({ message: "Verification failed: hub.mode must be subscribe and hub.verify_token must match" })
}

/**
 * Signature over the exact raw bytes, then shape, then store, then 200 — processing happens after
 * the answer, from the stored receipt, so Meta gets a fast ack and a crash loses nothing. The
 * standalone ingest (webhooks/ingest.ts) answers the same way.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const raw: Buffer | undefined = (req as any).rawBody
  const signature = req.headers["x-hub-signature-256"]
  // The body parser caps every webhook at 1 MiB; the merchant's option may set a lower limit.
  const verdict = acceptWebhook(raw, signature, whatsapp.getOptions())
  if (!verdict.ok) {
    res.status(verdict.status).json({ message: verdict.message })
    return
  }
  const { id, duplicate } = await whatsapp.storeWebhookReceipt(raw!, String(signature))
  res.status(200).json({ received: true, duplicate })
  if (!duplicate) whatsapp.processReceiptInBackground(id, verdict.body)
}
