import { createHmac, timingSafeEqual } from "node:crypto"

const PREFIX = "sha256="
const HEX_DIGEST = /^[0-9a-f]{64}$/i

/** `X-Hub-Signature-256` value for a body: "sha256=<hex HMAC-SHA256>". */
export function signPayload(appSecret: string, raw: Buffer | string): string {
  return PREFIX + digest(appSecret, raw).toString("hex")
}

/**
 * Checks Meta's `X-Hub-Signature-256` against the exact raw bytes received. Never verify a
 * re-serialised body: Meta escapes non-ASCII as \uXXXX, so JSON.stringify(JSON.parse(raw)) differs.
 * Returns false, never throws, on a missing secret/body/header or any malformed header.
 */
export function verifySignature(appSecret: string, raw: Buffer | string | undefined, header: string | string[] | undefined): boolean {
  if (!appSecret || raw === undefined) {
    return false
  }
  // Node gives an array only for repeated headers; one request, one signature.
  const value = Array.isArray(header) ? (header.length === 1 ? header[0] : undefined) : header
  if (typeof value !== "string") {
    return false
  }
  const trimmed = value.trim()
  if (trimmed.slice(0, PREFIX.length).toLowerCase() !== PREFIX) {
    return false
  }
  const hex = trimmed.slice(PREFIX.length)
  if (!HEX_DIGEST.test(hex)) {
    return false
  }
  // Both sides are 32 bytes here, as timingSafeEqual requires.
  return timingSafeEqual(Buffer.from(hex, "hex"), digest(appSecret, raw))
}

function digest(appSecret: string, raw: Buffer | string): Buffer {
  return createHmac("sha256", appSecret)
    .update(typeof raw === "string" ? Buffer.from(raw, "utf8") : raw)
    .digest()
}
