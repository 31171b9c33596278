/**
 * What a storefront's consent form turns into, pure: per purpose a grant, a revocation or (marketing
 * with double opt-in on) a request that waits for the customer's YES. The I/O is consent/store-consent.ts.
 */
import type { ConsentPurpose, ConsentSettings, ConsentState } from "./consent"

export type StorePurposes = Partial<Record<ConsentPurpose, boolean>>

export type StoreConsentStep =
  | { purpose: ConsentPurpose; action: "grant" | "revoke" }
  /** Marketing waits for the YES; the contact's state does not change until then. */
  | { purpose: "marketing"; action: "request_double_opt_in" }

/**
 * The steps for the form's answers. A marketing "yes" from a contact whose marketing is already
 * granted is recorded as new proof of the same decision: there is nothing left to confirm.
 */
export function planStoreConsent(
  purposes: StorePurposes,
  current: Record<ConsentPurpose, ConsentState>,
  settings: Pick<ConsentSettings, "double_opt_in">
): StoreConsentStep[] {
  const steps: StoreConsentStep[] = []
  if (purposes.transactional !== undefined) steps.push({ purpose: "transactional", action: purposes.transactional ? "grant" : "revoke" })
  if (purposes.marketing === false) steps.push({ purpose: "marketing", action: "revoke" })
  else if (purposes.marketing === true)
    steps.push(
      settings.double_opt_in && current.marketing !== "granted"
        ? { purpose: "marketing", action: "request_double_opt_in" }
        : { purpose: "marketing", action: "grant" }
    )
  return steps
}

/** The seeded utility template that asks "reply YES" (sandbox/seed-templates.json), used when none is set. */
export const DEFAULT_CONFIRMATION_TEMPLATE = "optin_confirm"
export const CONFIRMATION_LANGUAGES = ["th", "en"] as const
export type ConfirmationLanguage = (typeof CONFIRMATION_LANGUAGES)[number]

/** The template of the double opt-in confirmation: the merchant's if set, else optin_confirm in the shopper's language. */
export function confirmationTemplate(settings: Pick<ConsentSettings, "confirmation_template">, language: ConfirmationLanguage) {
  return settings.confirmation_template ?? { name: DEFAULT_CONFIRMATION_TEMPLATE, language }
}

/** Why a template cannot carry the confirmation, or null when it can (approved, utility). */
export function unusableConfirmationTemplate(
  template: { status?: string | null; category?: string | null } | null,
  ref: { name: string; language: string }
): string | null {
  if (!template) return `template ${ref.name} (${ref.language}) is not synced`
  if (template.status !== "APPROVED") return `template ${ref.name} (${ref.language}) is ${template.status ?? "not approved"}`
  if (template.category && template.category !== "UTILITY") return `template ${ref.name} (${ref.language}) is ${template.category}, not UTILITY`
  return null
}

/** The short answer to a confirming YES. */
export const CONFIRMED_REPLY: Record<ConfirmationLanguage, string> = {
  th: "ยืนยันแล้ว ขอบคุณค่ะ คุณจะได้รับข่าวสารและโปรโมชันทาง WhatsApp พิมพ์ STOP เมื่อใดก็ได้เพื่อยกเลิก",
  en: "Confirmed, thank you. You will get our news and offers on WhatsApp. Reply STOP at any time to opt out.",
}

/** The language of that answer: a button press answers in the confirmation's language, typed text in its own script. */
export function confirmedReplyLanguage(
  text: string | null | undefined,
  pressed: boolean,
  confirmationLanguage: string | null | undefined
): ConfirmationLanguage {
  if (pressed || !text) return confirmationLanguage?.toLowerCase().startsWith("en") ? "en" : "th"
  return /[\u0E00-\u0E7F]/.test(text) ? "th" : "en"
}
