/**
 * Consent rules, pure: which sources exist, which ones are the customer's own "stop", when an
 * admin may re-grant marketing, when a double opt-in request has expired and which replies
 * confirm it. The I/O that applies them is consent/consent.ts.
 */
import { normalizeText } from "../../domain/keywords"

export const CONSENT_PURPOSES = ["transactional", "marketing"] as const
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number]

/** What a contact's consent column can hold. */
export type ConsentState = "unknown" | "granted" | "revoked"
/** What an event can move to: a contact state, or a double opt-in request's pending / expired. */
export type EventState = ConsentState | "pending" | "expired"

export const CONSENT_SOURCES = [
  "checkout",
  "account",
  "popup",
  "qr",
  "store",
  "keyword",
  "stop_keyword",
  "opt_out_button",
  "store_opt_out",
  "user_preferences",
  "double_opt_in",
  "admin",
  "metadata",
  "whatsapp_error",
  "merge",
] as const
export type ConsentSource = (typeof CONSENT_SOURCES)[number]

/** The sources a storefront may name when it records consent. */
export const STORE_SOURCES = ["checkout", "account", "popup", "qr", "store"] as const

/** The customer's own "stop": after one, nobody but the customer may turn marketing back on without new proof. */
export const CUSTOMER_STOP_SOURCES: readonly ConsentSource[] = ["stop_keyword", "opt_out_button", "store_opt_out", "user_preferences"]

export type Actor = { type: "customer" } | { type: "admin"; id: string } | { type: "system" }

export interface LastStop {
  at: Date
  source: ConsentSource
}

export interface RegrantInput {
  purpose: ConsentPurpose
  next: ConsentState
  actor: Actor
  /** The customer's last own stop of marketing not followed by their own grant, if any. */
  lastStop: LastStop | null
  reason?: string | null
  proof_reference?: string | null
}

export type RegrantVerdict = { ok: true } | { ok: false; stopped_at: Date; stop_source: ConsentSource; missing: ("reason" | "proof_reference")[] }

/**
 * After the customer's own STOP (keyword, opt-out button, Meta's user preferences), an admin may
 * re-grant marketing only with a reason and a reference to the new proof (a signed form, a call
 * recording). The customer themselves (START, the store form, a double opt-in YES) needs neither.
 */
export function checkRegrant(i: RegrantInput): RegrantVerdict {
  if (i.purpose !== "marketing" || i.next !== "granted" || i.actor.type !== "admin" || !i.lastStop) return { ok: true }
  const missing: ("reason" | "proof_reference")[] = []
  if (!i.reason?.trim()) missing.push("reason")
  if (!i.proof_reference?.trim()) missing.push("proof_reference")
  return missing.length ? { ok: false, stopped_at: i.lastStop.at, stop_source: i.lastStop.source, missing } : { ok: true }
}

/**
 * The customer's own stop from their event history (newest first): the latest event by the
 * customer decides, and only a revocation by a stop source counts.
 */
export function lastCustomerStop(events: { source: string; actor_type: string; new_state: string; created_at: Date | string }[]): LastStop | null {
  const own = events.find((e) => e.actor_type === "customer" && (e.new_state === "granted" || e.new_state === "revoked"))
  if (!own || own.new_state !== "revoked" || !CUSTOMER_STOP_SOURCES.includes(own.source as ConsentSource)) return null
  return { at: new Date(own.created_at), source: own.source as ConsentSource }
}

/**
 * The contact's stop recorded before the event table existed: its consent column says revoked
 * and the source is one of the customer's own (`keyword:<word>` from a STOP rule, `user_preferences`).
 */
export function legacyStop(contact: {
  marketing_consent: string
  marketing_consent_source: string | null
  marketing_consent_at: Date | string | null
}): LastStop | null {
  if (contact.marketing_consent !== "revoked" || !contact.marketing_consent_at) return null
  const s = contact.marketing_consent_source ?? ""
  const source: ConsentSource | null =
    s === "user_preferences"
      ? "user_preferences"
      : s.startsWith("keyword:")
        ? "stop_keyword"
        : s === "opt_out_button"
          ? "opt_out_button"
          : s.startsWith("store_opt_out")
            ? "store_opt_out"
            : null
  return source ? { at: new Date(contact.marketing_consent_at), source } : null
}

export const DEFAULT_CONSENT_SETTINGS = {
  /** Marketing consent from the store is granted only once the customer confirms on WhatsApp. */
  double_opt_in: true,
  /** Hours a double opt-in request waits for its YES. */
  pending_expiry_hours: 48,
  /** An approved utility template for the confirmation outside the 24 h window ({ name, language }). */
  confirmation_template: null as { name: string; language: string } | null,
}
export type ConsentSettings = typeof DEFAULT_CONSENT_SETTINGS

export function isExpired(request: { created_at: Date | string; expires_at: Date | string }, now: Date): boolean {
  return new Date(request.expires_at).getTime() <= now.getTime()
}

export function expiresAt(now: Date, hours: number): Date {
  return new Date(now.getTime() + hours * 3_600_000)
}

/** The button id of the confirmation's YES button. */
export const CONFIRM_PAYLOAD = "WA_CONSENT_YES"
const CONFIRM_WORDS = new Set(["yes", "y", "ใช่", "ตกลง", "ยืนยัน", "ok"])

/** Whether an inbound reply confirms a pending double opt-in: the button, or YES typed in Thai or English. */
export function isConfirmation(text: string | null | undefined, payload: string | null | undefined): boolean {
  if (payload && payload.trim().toUpperCase() === CONFIRM_PAYLOAD) return true
  if (!text) return false
  return CONFIRM_WORDS.has(normalizeText(text).replace(/[.!]+$/, ""))
}
