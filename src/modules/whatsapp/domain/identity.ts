/**
 * Who a WhatsApp user is, since Meta's 2026 identities: a phone (`wa_id`, E.164 digits) and/or a
 * business-scoped user id (BSUID, `user_id`, e.g. `TH.13491208655302741918`). A user who adopts a
 * username may reach us with the BSUID alone (no `wa_id`, no `messages[].from`), so a contact is
 * keyed by either. Pure: unit-tested in __tests__/identity.unit.spec.ts.
 */

/**
 * A BSUID as Meta documents it: ISO 3166 alpha-2 country, a dot, then up to 128 alphanumerics.
 * Strict on purpose: it becomes a unique key and the `recipient` of a send, so anything looser
 * (spaces, other punctuation, lower-case country) is rejected like a bad phone number.
 */
const BSUID = /^[A-Z]{2}\.[A-Za-z0-9]{1,128}$/
/** A parent BSUID (shared across portfolios of a managed business): `CC.ENT.<alphanumerics>`. */
const PARENT_BSUID = /^[A-Z]{2}\.ENT\.[A-Za-z0-9]{1,128}$/
/** WhatsApp usernames: letters, digits, dot and underscore; Meta caps them well under this. */
const USERNAME = /^[\p{L}\p{N}._]{1,64}$/u

/** The BSUID, trimmed, or null when it is not one. */
export function canonicalUserId(input: unknown): string | null {
  if (typeof input !== "string") return null
  const s = input.trim()
  return BSUID.test(s) ? s : null
}

export function canonicalParentUserId(input: unknown): string | null {
  if (typeof input !== "string") return null
  const s = input.trim()
  return PARENT_BSUID.test(s) ? s : null
}

/** A username as shown to the merchant (without a leading "@"), or null. */
export function canonicalUsername(input: unknown): string | null {
  if (typeof input !== "string") return null
  const s = input.trim().replace(/^@/, "")
  return USERNAME.test(s) ? s : null
}

export interface Identity {
  wa_id: string | null
  user_id: string | null
}

/**
 * The addressing of a send: `to` whenever a phone is known (Meta recommends it, and it keeps the
 * phone appearing in later webhooks), `recipient` (the BSUID) otherwise. Meta lets `to` win when
 * both are present, so never sending both keeps the request unambiguous.
 */
export function addressOf(who: Identity): { to: string } | { recipient: string } {
  if (who.wa_id) return { to: who.wa_id }
  if (who.user_id) return { recipient: who.user_id }
  throw new Error("a contact needs a phone number or a business-scoped user id")
}

/** What the admin shows where a phone would be: the phone, else @username, else the BSUID. */
export function displayIdentity(c: { wa_id?: string | null; username?: string | null; user_id?: string | null }): string {
  if (c.wa_id) return `+${c.wa_id}`
  if (c.username) return `@${c.username}`
  return c.user_id ?? "unknown"
}

/**
 * Message types Meta refuses for a BSUID recipient (error 131062): authentication templates
 * (one-tap, zero-tap, copy-code) still need a phone number. Copy-code buttons are refused too,
 * as the issue asks: a coupon's code button is the same `copy_code` component. Returns the reason
 * to record, or null when a BSUID-only contact may receive it. Checked before sending, so a
 * campaign or notification never spends a call (and an error) on what Meta would refuse.
 */
export function bsuidRefusal(t: {
  category?: string | null
  /** The template's definition (Meta's components), when we have it. */
  components?: unknown
  /** The components of the send request (parameters). */
  request_components?: unknown
}): string | null {
  if (String(t.category ?? "").toUpperCase() === "AUTHENTICATION") {
    return "131062: authentication templates need a phone number; this contact is known only by a business-scoped user id (username user)"
  }
  const hasCopyCode = (components: unknown) =>
    Array.isArray(components) &&
    components.some((c: any) => {
      if (!c || typeof c !== "object") return false
      if (String(c.sub_type ?? "").toLowerCase() === "copy_code") return true
      return Array.isArray(c.buttons) && c.buttons.some((b: any) => String(b?.type ?? "").toUpperCase() === "COPY_CODE")
    })
  if (hasCopyCode(t.components) || hasCopyCode(t.request_components)) {
    return "131062: copy-code templates need a phone number; this contact is known only by a business-scoped user id (username user)"
  }
  return null
}
