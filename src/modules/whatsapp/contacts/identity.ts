/**
 * Finding (or creating) the one contact of a WhatsApp user from whatever Meta sent this time: a
 * phone (wa_id), a BSUID (user_id), or both. When both arrive and they name two contacts — a
 * BSUID-only one made when a username user first wrote, and the phone one (made by a customer's
 * phone, a notification, an earlier message) — they are merged into the phone contact, never kept
 * as two: messages, the conversation, discount codes and campaign rows move, the other contact is
 * soft-deleted with `metadata.merged_into`. Runs in the caller's transaction, under row locks.
 */
import { generateEntityId } from "@medusajs/framework/utils"
import { changeConsent } from "../consent/consent"
import type { Db } from "../db"

export interface IdentityInput {
  wa_id?: string | null
  user_id?: string | null
  parent_user_id?: string | null
  username?: string | null
  profile_name?: string | null
  /** An inbound message's time: opens the 24 h window. */
  inbound_at?: Date | null
  /** A customer to link when the contact has none yet (sends for a customer). */
  customer_id?: string | null
}

export interface ResolvedContact {
  id: string
  customer_id: string | null
  wa_id: string | null
  user_id: string | null
  /** A new contact row was made. */
  inserted: boolean
  /** The contact had no phone and now has one: the caller looks for a customer with it. */
  phone_learned: boolean
  /** Contacts merged into this one (soft-deleted). */
  merged: string[]
}

interface Row {
  id: string
  wa_id: string | null
  user_id: string | null
  customer_id: string | null
  created_at: Date
}

const RETURNING = `RETURNING id, wa_id, user_id, customer_id`

/** The contact of this user, created or completed, merged when phone and BSUID named two. */
export async function resolveContact(db: Db, input: IdentityInput): Promise<ResolvedContact> {
  const wa_id = input.wa_id || null
  const user_id = input.user_id || null
  if (!wa_id && !user_id) throw new Error("resolveContact: a phone number or a business-scoped user id is needed")
  for (let attempt = 0; ; attempt++) {
    const rows = await lockMatches(db, wa_id, user_id)
    if (!rows.length) {
      // ON CONFLICT without a target: either unique index (wa_id or user_id) may be the one a
      // concurrent writer just took; then the row is there to lock on the next pass.
      const { rows: ins } = await db.raw(
        `INSERT INTO whatsapp_contact (id, wa_id, user_id, parent_user_id, username, profile_name, last_inbound_at, customer_id)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING ${RETURNING}`,
        [
          generateEntityId(undefined, "wacon"),
          wa_id,
          user_id,
          input.parent_user_id ?? null,
          input.username ?? null,
          input.profile_name ?? null,
          input.inbound_at ?? null,
          input.customer_id ?? null,
        ]
      )
      if (ins.length) return { ...ins[0], inserted: true, phone_learned: false, merged: [] }
      if (attempt >= 2) throw new Error("resolveContact: the contact keeps changing under us")
      continue
    }
    return completeAndMerge(db, rows, input, wa_id, user_id)
  }
}

async function lockMatches(db: Db, wa_id: string | null, user_id: string | null): Promise<Row[]> {
  // The phone contact first: it is the one customers, consent and campaigns already point at.
  const { rows } = await db.raw(
    `SELECT id, wa_id, user_id, customer_id, created_at FROM whatsapp_contact
     WHERE deleted_at IS NULL AND (wa_id = ? OR user_id = ?)
     ORDER BY (wa_id IS NOT NULL AND wa_id = ?) DESC, (customer_id IS NOT NULL) DESC, created_at, id
     FOR UPDATE`,
    [wa_id, user_id, wa_id]
  )
  return rows
}

async function completeAndMerge(db: Db, rows: Row[], input: IdentityInput, wa_id: string | null, user_id: string | null): Promise<ResolvedContact> {
  const survivor = rows[0]
  const merged: string[] = []
  for (const other of rows.slice(1)) {
    if (other.wa_id && wa_id && other.wa_id !== wa_id) {
      // The BSUID now belongs to this phone (Meta issues a new one when a phone changes, so this
      // is a stale pairing): the other contact keeps its own phone and loses the BSUID.
      await db.raw(`UPDATE whatsapp_contact SET user_id = NULL, updated_at = now() WHERE id = ?`, [other.id])
      continue
    }
    await mergeContact(db, other.id, survivor.id)
    merged.push(other.id)
  }
  const phone_learned = !survivor.wa_id && !!wa_id
  const { rows: upd } = await db.raw(
    `UPDATE whatsapp_contact SET
       wa_id = COALESCE(wa_id, ?),
       user_id = COALESCE(?, user_id),
       parent_user_id = COALESCE(?, parent_user_id),
       username = COALESCE(?, username),
       profile_name = COALESCE(?, profile_name),
       last_inbound_at = GREATEST(last_inbound_at, ?),
       customer_id = COALESCE(customer_id, ?),
       updated_at = now()
     WHERE id = ? ${RETURNING}`,
    [
      wa_id,
      user_id,
      input.parent_user_id ?? null,
      input.username ?? null,
      input.profile_name ?? null,
      input.inbound_at ?? null,
      input.customer_id ?? null,
      survivor.id,
    ]
  )
  return { ...upd[0], inserted: false, phone_learned, merged }
}

/**
 * Moves everything of `from` to `into` and soft-deletes `from`. Rows unique per contact (one
 * conversation, one discount code per scope, one recipient per campaign) keep `into`'s where
 * both have one. Consent: the more recent decision per purpose wins, with its source and time.
 */
export async function mergeContact(db: Db, from: string, into: string): Promise<void> {
  const { rows } = await db.raw(`SELECT * FROM whatsapp_contact WHERE id IN (?, ?)`, [from, into])
  const src = rows.find((r: any) => r.id === from)
  if (!src) return
  // First free the unique keys (user_id) the survivor takes over.
  await db.raw(
    `UPDATE whatsapp_contact SET deleted_at = now(), updated_at = now(),
       metadata = COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('merged_into', ?::text)
     WHERE id = ?`,
    [into, from]
  )
  for (const purpose of ["transactional", "marketing"] as const) {
    const state = src[`${purpose}_consent`]
    if (!src[`${purpose}_consent_at`] || (state !== "granted" && state !== "revoked")) continue
    // The more recent decision wins (changeConsent skips an older one), recorded as a merge.
    await changeConsent(db, {
      contact_id: into,
      purpose,
      state,
      source: "merge",
      actor: { type: "system" },
      detail: src[`${purpose}_consent_source`] ?? "merge",
      reference: `merged from ${from}: ${src[`${purpose}_consent_source`] ?? ""}`,
      at: new Date(src[`${purpose}_consent_at`]),
      ...(purpose === "marketing" ? { phone_number_id: src.marketing_consent_phone_number_id } : {}),
    })
  }
  await db.raw(
    `UPDATE whatsapp_contact SET
       user_id = COALESCE(user_id, ?), parent_user_id = COALESCE(parent_user_id, ?), username = COALESCE(username, ?),
       profile_name = COALESCE(profile_name, ?), customer_id = COALESCE(customer_id, ?),
       last_inbound_at = GREATEST(last_inbound_at, ?), last_outbound_at = GREATEST(last_outbound_at, ?), updated_at = now()
     WHERE id = ?`,
    [src.user_id, src.parent_user_id, src.username, src.profile_name, src.customer_id, src.last_inbound_at, src.last_outbound_at, into]
  )
  const { rows: target } = await db.raw(`SELECT wa_id, customer_id FROM whatsapp_contact WHERE id = ?`, [into])
  await db.raw(`UPDATE whatsapp_message SET contact_id = ?, customer_id = COALESCE(customer_id, ?), updated_at = now() WHERE contact_id = ?`, [
    into,
    target[0].customer_id,
    from,
  ])
  const { rowCount } = await db.raw(
    `UPDATE whatsapp_conversation SET contact_id = ?, customer_id = COALESCE(customer_id, ?), updated_at = now()
     WHERE contact_id = ? AND deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM whatsapp_conversation WHERE contact_id = ? AND deleted_at IS NULL)`,
    [into, target[0].customer_id, from, into]
  )
  if (!rowCount) {
    // Both had one: the survivor's stays, waiting since the earlier unanswered message of the two.
    await db.raw(
      `UPDATE whatsapp_conversation t SET
         waiting_since = CASE WHEN t.waiting_since IS NULL THEN f.waiting_since WHEN f.waiting_since IS NULL THEN t.waiting_since ELSE LEAST(t.waiting_since, f.waiting_since) END,
         last_inbound_at = GREATEST(t.last_inbound_at, f.last_inbound_at), handover = t.handover OR f.handover, updated_at = now()
       FROM whatsapp_conversation f
       WHERE t.contact_id = ? AND t.deleted_at IS NULL AND f.contact_id = ? AND f.deleted_at IS NULL`,
      [into, from]
    )
    await db.raw(`UPDATE whatsapp_conversation SET deleted_at = now(), updated_at = now() WHERE contact_id = ? AND deleted_at IS NULL`, [from])
  }
  await db.raw(
    `UPDATE whatsapp_discount_code d SET contact_id = ?, updated_at = now()
     WHERE d.contact_id = ? AND d.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM whatsapp_discount_code x WHERE x.contact_id = ? AND x.scope = d.scope AND x.deleted_at IS NULL)`,
    [into, from, into]
  )
  await db.raw(
    `UPDATE whatsapp_campaign_recipient r SET contact_id = ?, wa_id = COALESCE(r.wa_id, ?), customer_id = COALESCE(r.customer_id, ?), updated_at = now()
     WHERE r.contact_id = ? AND r.deleted_at IS NULL
       AND NOT EXISTS (SELECT 1 FROM whatsapp_campaign_recipient x WHERE x.contact_id = ? AND x.campaign_id = r.campaign_id AND x.deleted_at IS NULL)`,
    [into, target[0].wa_id, target[0].customer_id, from, into]
  )
}

/**
 * A BSUID changed (`user_id_update` webhook, `user_changed_user_id` system message): the contact
 * holding the old one takes the new one. When a contact with the new BSUID exists already (a
 * message under the new id arrived first) the two are merged. Returns the contact id, or null when
 * neither BSUID is known here (nothing to update: the next message creates the contact).
 */
export async function changeUserId(
  db: Db,
  input: { old_user_id: string; new_user_id: string; wa_id?: string | null; parent_user_id?: string | null; username?: string | null }
): Promise<{ id: string; merged: string[] } | null> {
  const { rows } = await db.raw(
    `SELECT id, wa_id, user_id, customer_id, created_at FROM whatsapp_contact
     WHERE deleted_at IS NULL AND (user_id = ? OR user_id = ? OR (?::text IS NOT NULL AND wa_id = ?))
     ORDER BY (wa_id IS NOT NULL) DESC, (user_id = ?) DESC, created_at, id FOR UPDATE`,
    [input.old_user_id, input.new_user_id, input.wa_id ?? null, input.wa_id ?? null, input.old_user_id]
  )
  if (!rows.length) return null
  const survivor = rows[0]
  const merged: string[] = []
  for (const other of rows.slice(1)) {
    if (other.wa_id && survivor.wa_id && other.wa_id !== survivor.wa_id) {
      // Another phone's contact: not merged; it gives up the BSUID the survivor takes (unique).
      await db.raw(`UPDATE whatsapp_contact SET user_id = NULL, updated_at = now() WHERE id = ? AND user_id = ?`, [other.id, input.new_user_id])
      continue
    }
    await mergeContact(db, other.id, survivor.id)
    merged.push(other.id)
  }
  await db.raw(
    `UPDATE whatsapp_contact SET user_id = ?, parent_user_id = COALESCE(?, parent_user_id), username = COALESCE(?, username),
       wa_id = COALESCE(wa_id, ?), metadata = COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('previous_user_id', ?::text), updated_at = now()
     WHERE id = ?`,
    [input.new_user_id, input.parent_user_id ?? null, input.username ?? null, input.wa_id ?? null, input.old_user_id, survivor.id]
  )
  return { id: survivor.id, merged }
}

/**
 * `user_changed_number`: WhatsApp says the user behind `old_wa_id` now writes from `new_wa_id`.
 * It is the same person, so the contact keeps its history and consent and takes the new number;
 * when a contact with the new number exists already (a message from it came first) the younger one
 * is merged into the older. The old number is kept in metadata. Returns null when neither is known.
 */
export async function changePhone(db: Db, input: { old_wa_id: string; new_wa_id: string }): Promise<{ id: string; merged: string[] } | null> {
  if (input.old_wa_id === input.new_wa_id) return null
  const { rows } = await db.raw(
    `SELECT id, wa_id, created_at FROM whatsapp_contact WHERE deleted_at IS NULL AND wa_id IN (?, ?) ORDER BY created_at, id FOR UPDATE`,
    [input.old_wa_id, input.new_wa_id]
  )
  if (!rows.length) return null
  const survivor = rows[0]
  const merged: string[] = []
  for (const other of rows.slice(1)) {
    await mergeContact(db, other.id, survivor.id)
    merged.push(other.id)
  }
  // The merged contact is soft-deleted; its number is free for the survivor (unique among live rows).
  await db.raw(
    `UPDATE whatsapp_contact SET wa_id = ?, metadata = COALESCE(metadata, '{}'::jsonb) || jsonb_build_object('previous_wa_id', ?::text), updated_at = now()
     WHERE id = ?`,
    [input.new_wa_id, input.old_wa_id, survivor.id]
  )
  return { id: survivor.id, merged }
}
