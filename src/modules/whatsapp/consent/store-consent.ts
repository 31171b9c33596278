/**
 * The storefront's consent form and opt-out, each in one transaction: the contact of the phone,
 * then every purpose through changeConsent (or a double opt-in request for marketing). Sending the
 * confirmation happens after the commit, in the service (it calls the provider).
 */
import type { Db } from "../db"
import type { SendInput, SendOutcome } from "../sending/sender"
import { changeConsent, contactForPhone, inTransaction, requestDoubleOptIn, setRequestMessage, type ConsentProof } from "./consent"
import { CONFIRM_PAYLOAD, type ConsentPurpose, type ConsentSettings, type ConsentSource } from "./domain/consent"
import {
  confirmationTemplate,
  planStoreConsent,
  unusableConfirmationTemplate,
  type ConfirmationLanguage,
  type StoreConsentStep,
  type StorePurposes,
} from "./domain/store"

export interface StoreConsentInput {
  wa_id: string
  customer_id: string | null
  purposes: StorePurposes
  /** Where the form was shown (checkout, account, popup, qr, store). */
  source: ConsentSource
  proof: { wording: string; wording_version: string } & ConsentProof
  settings: Pick<ConsentSettings, "double_opt_in" | "pending_expiry_hours">
  now: Date
}

export interface StoreConsentResult {
  contact: Record<string, any>
  steps: StoreConsentStep[]
  /** The double opt-in request created for marketing, if any. */
  request: Record<string, any> | null
}

async function cancelPending(trx: Db, contact_id: string, now: Date) {
  await trx.raw(`UPDATE whatsapp_consent_request SET status = 'cancelled', resolved_at = ? WHERE contact_id = ? AND status = 'pending'`, [now, contact_id])
}

/**
 * The customer's own revocation from the store counts as their stop (source store_opt_out): after
 * it an admin needs new proof to turn marketing back on, as after a STOP keyword.
 */
function revoke(trx: Db, contact_id: string, purpose: ConsentPurpose, source: string, proof: ConsentProof, now: Date) {
  return changeConsent(trx, {
    contact_id,
    purpose,
    state: "revoked",
    source: "store_opt_out",
    detail: `store_opt_out:${source}`,
    actor: { type: "customer" },
    at: now,
    proof,
    record_unchanged: true,
  })
}

export function recordStoreConsent(db: Db, i: StoreConsentInput): Promise<StoreConsentResult> {
  return inTransaction(db, async (trx) => {
    const contact = await contactForPhone(trx, i.wa_id, i.customer_id)
    const steps = planStoreConsent(i.purposes, { marketing: contact.marketing_consent, transactional: contact.transactional_consent }, i.settings)
    let request: Record<string, any> | null = null
    for (const s of steps) {
      if (s.action === "request_double_opt_in") {
        request = await requestDoubleOptIn(trx, {
          contact_id: contact.id,
          customer_id: i.customer_id ?? contact.customer_id ?? null,
          source: i.source,
          proof: i.proof,
          now: i.now,
          hours: i.settings.pending_expiry_hours,
        })
      } else if (s.action === "revoke") {
        if (s.purpose === "marketing") await cancelPending(trx, contact.id, i.now)
        await revoke(trx, contact.id, s.purpose, i.source, i.proof, i.now)
      } else {
        await changeConsent(trx, {
          contact_id: contact.id,
          purpose: s.purpose,
          state: "granted",
          source: i.source,
          actor: { type: "customer" },
          at: i.now,
          proof: i.proof,
          // The same decision again with new proof (a second checkout) is still evidence.
          record_unchanged: true,
        })
      }
    }
    const { rows } = await trx.raw(`SELECT * FROM whatsapp_contact WHERE id = ?`, [contact.id])
    return { contact: rows[0], steps, request }
  })
}

export interface StoreOptOutInput {
  wa_id: string
  customer_id: string | null
  purposes: ConsentPurpose[]
  source: ConsentSource
  proof: ConsentProof
  now: Date
}

/** Opt-out from the store: each purpose revoked, a pending double opt-in cancelled. */
export function storeOptOut(db: Db, i: StoreOptOutInput) {
  return inTransaction(db, async (trx) => {
    const contact = await contactForPhone(trx, i.wa_id, i.customer_id)
    const events: (string | null)[] = []
    for (const purpose of i.purposes) {
      if (purpose === "marketing") await cancelPending(trx, contact.id, i.now)
      events.push((await revoke(trx, contact.id, purpose, i.source, i.proof, i.now)).event_id)
    }
    const { rows } = await trx.raw(`SELECT * FROM whatsapp_contact WHERE id = ?`, [contact.id])
    return { contact: rows[0] as Record<string, any>, event_ids: events }
  })
}

/** The contact of a phone, without creating one (a read must not write a contact). */
export async function findContact(db: Db, wa_id: string): Promise<Record<string, any> | null> {
  const { rows } = await db.raw(`SELECT * FROM whatsapp_contact WHERE wa_id = ? AND deleted_at IS NULL`, [wa_id])
  return rows[0] ?? null
}

export interface ConfirmationDeps {
  db: Db
  findTemplate(name: string, language: string): Promise<{ status?: string | null; category?: string | null } | null>
  send(input: SendInput): Promise<SendOutcome>
}

export type ConfirmationOutcome = { sent: true; message_id: string; template: { name: string; language: string } } | { sent: false; reason: string }

/**
 * The "reply YES" message of a double opt-in request: an approved utility template (the customer
 * has usually not written to the shop, so free text would be outside the 24 h window), whose
 * quick-reply button carries CONFIRM_PAYLOAD. Once per request (its id is the idempotency key).
 */
export async function sendConfirmation(
  deps: ConfirmationDeps,
  request: Record<string, any>,
  contact: Record<string, any>,
  settings: Pick<ConsentSettings, "confirmation_template">,
  language: ConfirmationLanguage
): Promise<ConfirmationOutcome> {
  const ref = confirmationTemplate(settings, language)
  const unusable = unusableConfirmationTemplate(await deps.findTemplate(ref.name, ref.language), ref)
  if (unusable) return { sent: false, reason: unusable }
  const outcome = await deps.send({
    idempotency_key: `consent-confirm:${request.id}`,
    to: contact.wa_id,
    user_id: contact.user_id ?? null,
    customer_id: contact.customer_id ?? null,
    source: "consent_confirmation",
    request: {
      type: "template",
      template: {
        name: ref.name,
        language: { code: ref.language },
        components: [{ type: "button", sub_type: "quick_reply", index: "0", parameters: [{ type: "payload", payload: CONFIRM_PAYLOAD }] }],
      },
    },
    metadata: { consent_request_id: request.id },
  })
  await setRequestMessage(deps.db, request.id, outcome.message.id)
  if (outcome.outcome === "failed") return { sent: false, reason: outcome.error.message }
  return { sent: true, message_id: outcome.message.id, template: ref }
}
