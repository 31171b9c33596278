/**
 * Consent I/O: every change of a contact's consent goes through changeConsent, which writes the
 * contact's current state and its append-only event (whatsapp_consent_event) in one transaction.
 * Double opt-in requests (whatsapp_consent_request) wait for the customer's YES.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { generateEntityId } from "@medusajs/framework/utils"
import type { Db } from "../db"
import {
  checkRegrant,
  expiresAt,
  lastCustomerStop,
  legacyStop,
  type Actor,
  type ConsentPurpose,
  type ConsentSource,
  type ConsentState,
  type LastStop,
} from "./domain/consent"

export interface ConsentProof {
  wording?: string | null
  wording_version?: string | null
  ip?: string | null
  user_agent?: string | null
}

export interface ConsentChange {
  contact_id: string
  purpose: ConsentPurpose
  state: "granted" | "revoked"
  source: ConsentSource
  actor: Actor
  /** What the contact's `<purpose>_consent_source` column shows (e.g. "keyword:stop"); the source by default. */
  detail?: string
  /** When the decision was made (a webhook's timestamp): an older one never overrides a newer decision. */
  at?: Date
  phone_number_id?: string | null
  proof?: ConsentProof
  reference?: string | null
  reason?: string | null
  proof_reference?: string | null
  request_id?: string | null
  /** Record an event even when the state stays (new proof of the same decision, from the store). */
  record_unchanged?: boolean
}

export interface ConsentChangeResult {
  changed: boolean
  event_id: string | null
  old_state: ConsentState
  contact: Record<string, any>
}

/** A re-grant of marketing after the customer's own stop, without new proof (the API answers 409). */
export class ConsentProofRequiredError extends Error {
  constructor(
    readonly stopped_at: Date,
    readonly stop_source: ConsentSource,
    readonly missing: string[]
  ) {
    super(
      `The customer asked to stop marketing on ${stopped_at.toISOString().slice(0, 10)} (${stop_source}); re-granting needs ${missing.join(" and ")} in the request`
    )
  }
}

export function inTransaction<T>(db: Db, fn: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  return (db as Knex.Transaction).isTransaction ? fn(db as Knex.Transaction) : (db as Knex).transaction(fn)
}

const col = (purpose: ConsentPurpose) => (purpose === "marketing" ? "marketing" : "transactional")

async function insertEvent(
  trx: Db,
  e: {
    contact_id: string
    customer_id: string | null
    purpose: ConsentPurpose
    old_state: string
    new_state: string
    source: string
    actor: Actor
    at?: Date
    proof?: ConsentProof
    reference?: string | null
    reason?: string | null
    proof_reference?: string | null
    request_id?: string | null
  }
): Promise<string> {
  const id = generateEntityId(undefined, "wacev")
  await trx.raw(
    `INSERT INTO whatsapp_consent_event (id, contact_id, customer_id, purpose, old_state, new_state, source, actor_type, actor_id,
       wording, wording_version, ip, user_agent, reference, reason, proof_reference, request_id, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?::timestamptz, now()))`,
    [
      id,
      e.contact_id,
      e.customer_id,
      e.purpose,
      e.old_state,
      e.new_state,
      e.source,
      e.actor.type,
      e.actor.type === "admin" ? e.actor.id : null,
      e.proof?.wording ?? null,
      e.proof?.wording_version ?? null,
      e.proof?.ip ?? null,
      e.proof?.user_agent ?? null,
      e.reference ?? null,
      e.reason ?? null,
      e.proof_reference ?? null,
      e.request_id ?? null,
      e.at ?? null,
    ]
  )
  return id
}

/** The customer's own stop of marketing that still stands, from the events, else from the contact's columns. */
export async function customerStop(db: Db, contact: Record<string, any>): Promise<LastStop | null> {
  const { rows } = await db.raw(
    `SELECT source, actor_type, new_state, created_at FROM whatsapp_consent_event
     WHERE contact_id = ? AND purpose = 'marketing' AND actor_type = 'customer' AND new_state IN ('granted', 'revoked')
     ORDER BY created_at DESC, id DESC LIMIT 1`,
    [contact.id]
  )
  return rows.length ? lastCustomerStop(rows) : legacyStop(contact as any)
}

/**
 * The one way consent changes. Locks the contact, checks the re-grant rule, writes the contact's
 * current state and the event in one transaction (the caller's, if it passes one).
 */
export function changeConsent(db: Db, c: ConsentChange): Promise<ConsentChangeResult> {
  return inTransaction(db, async (trx) => {
    const { rows } = await trx.raw(`SELECT * FROM whatsapp_contact WHERE id = ? AND deleted_at IS NULL FOR UPDATE`, [c.contact_id])
    const contact = rows[0]
    if (!contact) throw new Error(`WhatsApp contact ${c.contact_id} not found`)
    const k = col(c.purpose)
    const old_state = contact[`${k}_consent`] as ConsentState
    if (c.actor.type === "admin") {
      const verdict = checkRegrant({
        purpose: c.purpose,
        next: c.state,
        actor: c.actor,
        lastStop: c.purpose === "marketing" && c.state === "granted" ? await customerStop(trx, contact) : null,
        reason: c.reason,
        proof_reference: c.proof_reference,
      })
      if (!verdict.ok) throw new ConsentProofRequiredError(verdict.stopped_at, verdict.stop_source, verdict.missing)
    }
    const currentAt = contact[`${k}_consent_at`] ? new Date(contact[`${k}_consent_at`]) : null
    if (c.at && currentAt && currentAt > c.at) return { changed: false, event_id: null, old_state, contact }
    if (old_state === c.state && !c.record_unchanged) return { changed: false, event_id: null, old_state, contact }
    const phoneCol = k === "marketing" && c.phone_number_id !== undefined ? `, marketing_consent_phone_number_id = ?` : ""
    const updated = await trx.raw(
      `UPDATE whatsapp_contact SET ${k}_consent = ?, ${k}_consent_source = ?, ${k}_consent_at = COALESCE(?::timestamptz, now())${phoneCol}, updated_at = now()
       WHERE id = ? RETURNING *`,
      [c.state, c.detail ?? c.source, c.at ?? null, ...(phoneCol ? [c.phone_number_id ?? null] : []), c.contact_id]
    )
    const event_id = await insertEvent(trx, {
      contact_id: c.contact_id,
      customer_id: contact.customer_id ?? null,
      purpose: c.purpose,
      old_state,
      new_state: c.state,
      source: c.source,
      actor: c.actor,
      at: c.at,
      proof: c.proof,
      reference: c.reference ?? (c.detail && c.detail !== c.source ? c.detail : null),
      reason: c.reason,
      proof_reference: c.proof_reference,
      request_id: c.request_id,
    })
    return { changed: old_state !== c.state, event_id, old_state, contact: updated.rows[0] }
  })
}

/** The contact of a phone (created if new), linked to the customer when there is one, with its messages. */
export async function contactForPhone(trx: Db, wa_id: string, customer_id: string | null): Promise<Record<string, any>> {
  const { rows } = await trx.raw(
    `INSERT INTO whatsapp_contact (id, wa_id, customer_id) VALUES (?, ?, ?)
     ON CONFLICT (wa_id) WHERE deleted_at IS NULL DO UPDATE SET
       customer_id = COALESCE(EXCLUDED.customer_id, whatsapp_contact.customer_id), updated_at = now()
     RETURNING *`,
    [generateEntityId(undefined, "wacon"), wa_id, customer_id]
  )
  if (customer_id) {
    await trx.raw(`UPDATE whatsapp_message SET customer_id = ?, updated_at = now() WHERE contact_id = ? AND customer_id IS DISTINCT FROM ?`, [
      customer_id,
      rows[0].id,
      customer_id,
    ])
  }
  return rows[0]
}

export interface DoubleOptInRequest {
  contact_id: string
  customer_id: string | null
  source: ConsentSource
  proof: Required<Pick<ConsentProof, "wording" | "wording_version">> & ConsentProof
  now: Date
  hours: number
}

/** A marketing opt-in that waits for the customer's YES: any older pending request is cancelled. */
export function requestDoubleOptIn(db: Db, r: DoubleOptInRequest) {
  return inTransaction(db, async (trx) => {
    const { rows: contacts } = await trx.raw(`SELECT * FROM whatsapp_contact WHERE id = ? FOR UPDATE`, [r.contact_id])
    await trx.raw(`UPDATE whatsapp_consent_request SET status = 'cancelled', resolved_at = ? WHERE contact_id = ? AND status = 'pending'`, [
      r.now,
      r.contact_id,
    ])
    const id = generateEntityId(undefined, "wacrq")
    const { rows } = await trx.raw(
      `INSERT INTO whatsapp_consent_request (id, contact_id, customer_id, purpose, source, wording, wording_version, ip, user_agent, expires_at, created_at)
       VALUES (?, ?, ?, 'marketing', ?, ?, ?, ?, ?, ?, ?) RETURNING *`,
      [
        id,
        r.contact_id,
        r.customer_id,
        r.source,
        r.proof.wording,
        r.proof.wording_version,
        r.proof.ip ?? null,
        r.proof.user_agent ?? null,
        expiresAt(r.now, r.hours),
        r.now,
      ]
    )
    await insertEvent(trx, {
      contact_id: r.contact_id,
      customer_id: r.customer_id ?? contacts[0]?.customer_id ?? null,
      purpose: "marketing",
      old_state: contacts[0]?.marketing_consent ?? "unknown",
      new_state: "pending",
      source: r.source,
      actor: { type: "customer" },
      proof: r.proof,
      request_id: id,
      at: r.now,
    })
    return rows[0]
  })
}

/** Pending requests past their time become expired, each with its event. */
export function expirePending(db: Db, now: Date, contact_id?: string) {
  return inTransaction(db, async (trx) => {
    const { rows } = await trx.raw(
      `UPDATE whatsapp_consent_request r SET status = 'expired', resolved_at = ?
       WHERE status = 'pending' AND expires_at <= ? ${contact_id ? "AND contact_id = ?" : ""}
       RETURNING r.*, (SELECT marketing_consent FROM whatsapp_contact c WHERE c.id = r.contact_id) AS contact_state`,
      [now, now, ...(contact_id ? [contact_id] : [])]
    )
    for (const r of rows) {
      await insertEvent(trx, {
        contact_id: r.contact_id,
        customer_id: r.customer_id,
        purpose: "marketing",
        old_state: "pending",
        new_state: "expired",
        source: "double_opt_in",
        actor: { type: "system" },
        request_id: r.id,
        reference: "no confirmation before expiry",
      })
    }
    return rows.length as number
  })
}

/**
 * The customer's YES: the pending request of the contact (if still in time) grants marketing
 * with the proof the store recorded. Null when there is nothing to confirm.
 */
export function confirmPending(db: Db, contact_id: string, now: Date, reference: string) {
  return inTransaction(db, async (trx) => {
    await expirePending(trx, now, contact_id)
    const { rows } = await trx.raw(
      `SELECT * FROM whatsapp_consent_request WHERE contact_id = ? AND status = 'pending' ORDER BY created_at DESC LIMIT 1 FOR UPDATE`,
      [contact_id]
    )
    const req = rows[0]
    if (!req) return null
    await trx.raw(`UPDATE whatsapp_consent_request SET status = 'confirmed', resolved_at = ? WHERE id = ?`, [now, req.id])
    const result = await changeConsent(trx, {
      contact_id,
      purpose: "marketing",
      state: "granted",
      source: "double_opt_in",
      actor: { type: "customer" },
      at: now,
      proof: { wording: req.wording, wording_version: req.wording_version, ip: req.ip, user_agent: req.user_agent },
      reference,
      request_id: req.id,
      record_unchanged: true,
    })
    return { request: req, ...result }
  })
}

export async function pendingRequest(db: Db, contact_id: string): Promise<Record<string, any> | null> {
  const { rows } = await db.raw(`SELECT * FROM whatsapp_consent_request WHERE contact_id = ? AND status = 'pending' ORDER BY created_at DESC LIMIT 1`, [
    contact_id,
  ])
  return rows[0] ?? null
}

export async function setRequestMessage(db: Db, request_id: string, message_id: string) {
  await db.raw(`UPDATE whatsapp_consent_request SET message_id = ? WHERE id = ?`, [message_id, request_id])
}

/** A contact's current consent per purpose, with the pending double opt-in (expired ones lapse first). */
export async function currentConsent(db: Db, contact: Record<string, any>, now: Date) {
  await expirePending(db, now, contact.id)
  const pending = await pendingRequest(db, contact.id)
  const { rows } = await db.raw(`SELECT * FROM whatsapp_contact WHERE id = ?`, [contact.id])
  const c = rows[0]
  const one = (k: "marketing" | "transactional") => ({ state: c[`${k}_consent`], source: c[`${k}_consent_source`], at: c[`${k}_consent_at`] })
  return {
    contact_id: c.id,
    wa_id: c.wa_id,
    transactional: one("transactional"),
    marketing: { ...one("marketing"), pending: pending ? { id: pending.id, expires_at: pending.expires_at, created_at: pending.created_at } : null },
  }
}

export const EVENT_COLUMNS = [
  "id",
  "created_at",
  "contact_id",
  "customer_id",
  "purpose",
  "old_state",
  "new_state",
  "source",
  "actor_type",
  "actor_id",
  "wording",
  "wording_version",
  "ip",
  "user_agent",
  "reference",
  "reason",
  "proof_reference",
  "request_id",
] as const

/** Events of a customer's contacts (or of one contact), newest first. */
export async function listEvents(db: Db, by: { customer_id?: string; contact_id?: string }, limit = 1000) {
  const { rows } = await db.raw(
    `SELECT ${EVENT_COLUMNS.join(", ")} FROM whatsapp_consent_event
     WHERE ${by.customer_id ? "(customer_id = ? OR contact_id IN (SELECT id FROM whatsapp_contact WHERE customer_id = ?))" : "contact_id = ?"}
     ORDER BY created_at DESC, id DESC LIMIT ?`,
    by.customer_id ? [by.customer_id, by.customer_id, limit] : [by.contact_id ?? "", limit]
  )
  return rows as Record<(typeof EVENT_COLUMNS)[number], unknown>[]
}
