/**
 * What decides, before anything is stored, whether a webhook POST is accepted: the same for the
 * in-Medusa route and the standalone ingest, so both answer a request alike. The signature is
 * checked over the exact raw bytes before the body is parsed.
 */
import { verifySignature } from "../domain/signature"
import { checkWebhookShape } from "../domain/webhook-shape"

/** Accepted: the parsed body comes along, so processing need not parse (or read back) it again. */
export type WebhookAcceptance = { ok: true; body: unknown } | { ok: false; status: 400 | 401 | 413 | 422; message: string }

export function acceptWebhook(
  raw: Buffer | undefined,
  signature: string | string[] | undefined,
  opts: { app_secret: string; max_webhook_body_bytes: number }
): WebhookAcceptance {
  if (!raw || !raw.length) return { ok: false, status: 400, message: "Expected a JSON body (Content-Type: application/json) from WhatsApp" }
  if (raw.length > opts.max_webhook_body_bytes) {
    return { ok: false, status: 413, message: `Body larger than ${opts.max_webhook_body_bytes} bytes (max_webhook_body_bytes)` }
  }
  if (!verifySignature(opts.app_secret, raw, signature as string | undefined)) {
    return { ok: false, status: 401, message: "Invalid or missing X-Hub-Signature-256" }
  }
  let body: unknown
  try {
    body = JSON.parse(raw.toString("utf8"))
  } catch {
    return { ok: false, status: 400, message: "Malformed JSON body" }
  }
  const problem = checkWebhookShape(body)
  if (problem) return { ok: false, status: 422, message: `Not a WhatsApp Business webhook: ${problem}` }
  return { ok: true, body }
}

/** Meta's subscription handshake: the challenge to echo, or null when the token or mode is wrong. */
export function handshakeChallenge(q: Record<string, unknown>, verifyToken: string): string | null {
  if (q["hub.mode"] === "subscribe" && typeof q["hub.verify_token"] === "string" && q["hub.verify_token"] === verifyToken) {
    return String(q["hub.challenge"] ?? "")
  }
  return null
}
