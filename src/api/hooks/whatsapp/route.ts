import type { MedusaRequest, MedusaResponse } from "@medusajs/framework/http"
import { WHATSAPP_MODULE } from "../../../modules/whatsapp"
import type WhatsappModuleService from "../../../modules/whatsapp/service"
import { verifySignature } from "../../../modules/whatsapp/domain/signature"
import { checkWebhookShape } from "../../../modules/whatsapp/domain/webhook-shape"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"

// Meta calls this route; it carries its own authentication (verify token / HMAC signature).
export const AUTHENTICATE = false

/** Meta's subscription handshake: echo hub.challenge when the verify token matches. */
export async function GET(req: MedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const q = req.query as Record<string, string | undefined>
  const token = whatsapp.getOptions().webhook_verify_token
  if (q["hub.mode"] === "subscribe" && typeof q["hub.verify_token"] === "string" && q["hub.verify_token"] === token) {
    res
      .status(200)
      .type("text/plain")
      .send(String(q["hub.challenge"] ?? ""))
    return
  }
  res.status(403).json({ message: "Verification failed: hub.mode must be subscribe and hub.verify_token must match" })
}

/**
 * Signature over the exact raw bytes, then shape, then store, then 200 — processing happens after
 * the answer, from the stored receipt, so Meta gets a fast ack and a crash loses nothing.
 */
export async function POST(req: MedusaRequest, res: MedusaResponse) {
  const whatsapp = resolveWhatsapp(req.scope)
  const raw: Buffer | undefined = (req as any).rawBody
  const signature = req.headers["x-hub-signature-256"]
  if (!raw || !raw.length) {
    res.status(400).json({ message: "Expected a JSON body (Content-Type: application/json) from WhatsApp" })
    return
  }
  // The body parser caps every webhook at 1 MiB; the merchant's option may set a lower limit.
  const limit = whatsapp.getOptions().max_webhook_body_bytes
  if (raw.length > limit) {
    res.status(413).json({ message: `Body larger than ${limit} bytes (max_webhook_body_bytes)` })
    return
  }
  if (!verifySignature(whatsapp.getOptions().app_secret, raw, signature)) {
    res.status(401).json({ message: "Invalid or missing X-Hub-Signature-256" })
    return
  }
  let body: unknown
  try {
    body = JSON.parse(raw.toString("utf8"))
  } catch {
    res.status(400).json({ message: "Malformed JSON body" })
    return
  }
  const problem = checkWebhookShape(body)
  if (problem) {
    res.status(422).json({ message: `Not a WhatsApp Business webhook: ${problem}` })
    return
  }
  const { id, duplicate } = await whatsapp.storeWebhookReceipt(raw, String(signature))
  res.status(200).json({ received: true, duplicate })
  if (!duplicate) whatsapp.processReceiptInBackground(id)
}
