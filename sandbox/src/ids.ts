import { createHash, randomBytes } from "node:crypto"

/** Mimics the structure of real wamids (base64 of a protobuf-ish blob holding the recipient). */
export function wamid(waId: string): string {
  const blob = Buffer.concat([
    Buffer.from([0x1c, 0x18, waId.length]),
    Buffer.from(waId),
    Buffer.from([0x15, 0x02, 0x00, 0x11, 0x18, 0x12]),
    Buffer.from(randomBytes(9).toString("hex").toUpperCase()),
    Buffer.from([0x00]),
  ])
  return `wamid.${blob.toString("base64")}`
}

/**
 * The BSUID Meta would give this phone in this portfolio: `CC.` and digits, stable per phone
 * (a hash), so a user keeps one BSUID across sandbox resets and test runs.
 */
export function bsuidOf(waId: string): string {
  const cc = waId.startsWith("66") ? "TH" : waId.startsWith("1") ? "US" : waId.startsWith("44") ? "GB" : "SG"
  const digits = BigInt("0x" + createHash("sha256").update(`bsuid:${waId}`).digest("hex").slice(0, 16)).toString()
  return `${cc}.${digits}`
}

/** Whether the user with this phone adopted a username, for a configured share (deterministic). */
export function hasUsername(waId: string, share: number): boolean {
  if (share <= 0) return false
  if (share >= 1) return true
  return parseInt(createHash("sha256").update(`username:${waId}`).digest("hex").slice(0, 8), 16) / 0xffffffff < share
}

export const fbtraceId = (): string => `A${randomBytes(8).toString("base64url").slice(0, 10)}`

let templateSeq = Math.floor(Math.random() * 1e9)
/** 15 digits like Graph object ids and below 2^53, so webhooks can carry it as a JSON number. */
export const templateId = (): string => String(500_000_000_000_000 + templateSeq++)

export const unixSeconds = (ms: number = Date.now()): string => String(Math.floor(ms / 1000))
