/**
 * Click-tracking tokens: `<payload>.<mac>`, both base64url. The payload names what was clicked
 * (kind, campaign, recipient or message, destination); the mac is HMAC-SHA256 over the payload,
 * cut to 16 bytes (128 bits), compared in constant time. Pure.
 */
import { createHmac, timingSafeEqual } from "node:crypto"

export interface LinkClaim {
  /** "c" campaign message, "n" notification message. */
  kind: "c" | "n"
  /** Campaign id, or null for a notification. */
  campaign_id: string | null
  /** The campaign recipient's id ("c") or the message's id ("n"). */
  ref: string
  /** Where the click goes (before UTM parameters are added). */
  url: string
}

const MAC_BYTES = 16

const mac = (payload: string, secret: string) => createHmac("sha256", secret).update(payload).digest().subarray(0, MAC_BYTES)

export function signLink(claim: LinkClaim, secret: string): string {
  if (!secret) throw new Error("link secret is empty")
  const payload = Buffer.from(JSON.stringify([1, claim.kind, claim.campaign_id ?? "", claim.ref, claim.url]), "utf8").toString("base64url")
  return `${payload}.${mac(payload, secret).toString("base64url")}`
}

/** The claim of a token this secret signed, or null for anything else (tampered, truncated, foreign). */
export function verifyLink(token: string, secret: string): LinkClaim | null {
  if (!secret || typeof token !== "string" || token.length > 4096) return null
  const parts = token.split(".")
  if (parts.length !== 2 || !/^[A-Za-z0-9_-]+$/.test(parts[0]) || !/^[A-Za-z0-9_-]+$/.test(parts[1])) return null
  const given = Buffer.from(parts[1], "base64url")
  // The last base64 character carries spare bits: only the canonical spelling of a mac is accepted.
  if (given.toString("base64url") !== parts[1]) return null
  const expected = mac(parts[0], secret)
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null
  let decoded: unknown
  try {
    decoded = JSON.parse(Buffer.from(parts[0], "base64url").toString("utf8"))
  } catch {
    return null
  }
  if (!Array.isArray(decoded) || decoded.length !== 5 || decoded[0] !== 1) return null
  const [, kind, campaign, ref, url] = decoded
  if ((kind !== "c" && kind !== "n") || typeof campaign !== "string" || typeof ref !== "string" || !ref || typeof url !== "string") return null
  return { kind, campaign_id: campaign || null, ref, url }
}

/** The default secret when the merchant sets no link_secret: derived from app_secret, never equal to it. */
export function deriveLinkSecret(appSecret: string): string {
  return createHmac("sha256", appSecret).update("medusa-plugin-whatsapp:link-tracking").digest("hex")
}
