import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { decodeCallbackData } from "../domain/callback-data"
import { dbMessageOf } from "../domain/errors"
import type { ReceiptNote } from "./validate"
import { changePhone, changeUserId, resolveContact } from "../contacts/identity"
import { resolveStatusRecipient } from "./status-identity"
import { changeConsent } from "../consent/consent"
import { applyStatus, type MessageStatus } from "../domain/status"
import { STATUS_TIME_COLUMN, isApplicableStatus, unixToDate } from "./status-batch"
import type {
  InboundMessage,
  MessagesValue,
  MessageTemplateStatusUpdateValue,
  StatusObject,
  TemplateCategoryUpdateValue,
  UserIdUpdateValue,
  UserPreferencesValue,
  WebhookContact,
  WebhookPayload,
} from "../channels/cloud-api/types"

/** What applying one webhook did, for the caller to act on after the transaction commits. */
export interface ApplyOutcome {
  events: { name: string; data: Record<string, unknown> }[]
  /** Inbound wamids to mark as read at the provider. */
  markRead: string[]
  /** Statuses whose message we do not know (yet): the receipt is retried later. */
  unmatchedStatuses: number
  /** Items the database refused while applying in isolation (see ApplyOptions.isolate). */
  rejected: ReceiptNote[]
}

export interface ApplyOptions {
  /** The business number of this store: stamped on messages and consent changes. */
  phoneNumberId: string | null
  /**
   * Each message / status / preference in a savepoint of its own: an item the database refuses
   * is recorded as rejected and the rest still applies. The fast path applies without
   * savepoints; the receipt processor falls back to this when the fast path throws.
   */
  isolate?: boolean
}

/** Runs one item; in isolation, a database error rolls back that item only and is noted. */
async function item(trx: Knex.Transaction, opts: ApplyOptions, out: ApplyOutcome, path: string, fn: (db: Knex.Transaction) => Promise<void>) {
  if (!opts.isolate) return fn(trx)
  const mark = { events: out.events.length, markRead: out.markRead.length, unmatched: out.unmatchedStatuses }
  try {
    await trx.transaction((sp) => fn(sp))
  } catch (e) {
    out.events.length = mark.events
    out.markRead.length = mark.markRead
    out.unmatchedStatuses = mark.unmatched
    out.rejected.push({ path, kind: "rejected", reason: `database refused it: ${dbMessageOf(e).slice(0, 300)}` })
  }
}

/** Text we keep for an inbound message, whatever its type. */
export function inboundText(m: InboundMessage): string | null {
  return (
    m.text?.body ?? m.button?.text ?? m.interactive?.button_reply?.title ?? m.interactive?.list_reply?.title ?? m.image?.caption ?? m.reaction?.emoji ?? null
  )
}

/** Applies every change of one webhook inside `trx`. Idempotent: applying it twice changes nothing twice. */
export async function applyWebhook(trx: Knex.Transaction, payload: WebhookPayload, opts: ApplyOptions = { phoneNumberId: null }): Promise<ApplyOutcome> {
  const out: ApplyOutcome = { events: [], markRead: [], unmatchedStatuses: 0, rejected: [] }
  for (const [i, entry] of payload.entry.entries()) {
    for (const [j, change] of (entry.changes ?? []).entries()) {
      const path = `entry[${i}].changes[${j}].value`
      switch (change.field) {
        case "messages":
          await applyMessagesValue(trx, change.value as MessagesValue, out, opts, path)
          break
        case "user_preferences":
          await applyUserPreferences(trx, change.value as UserPreferencesValue, out, opts, path)
          break
        case "message_template_status_update":
          await applyTemplateStatus(trx, change.value as MessageTemplateStatusUpdateValue, out)
          break
        case "template_category_update":
          await applyTemplateCategory(trx, change.value as TemplateCategoryUpdateValue, out)
          break
        case "user_id_update":
          await applyUserIdUpdates(trx, change.value as UserIdUpdateValue, out, opts, path)
          break
        default:
          // account_update, phone_number_quality_update…: kept in the receipt, surfaced as an event.
          out.events.push({ name: `whatsapp.webhook.${change.field}`, data: { value: change.value as any } })
      }
    }
  }
  return out
}

/** The change's `contacts` entry of a user, found by phone or by BSUID (either may be absent). */
export function contactEntry(contacts: WebhookContact[] | undefined, who: { wa_id?: string | null; user_id?: string | null }): WebhookContact | undefined {
  return (contacts ?? []).find((c) => (who.user_id && c.user_id === who.user_id) || (who.wa_id && c.wa_id === who.wa_id))
}

/**
 * The contact of a webhook's user, by phone or BSUID (contacts/identity.ts: created, completed,
 * or merged when phone and BSUID named two), with the events that follow: a new contact, or a
 * phone learned, both look for the Medusa customer with that phone.
 */
async function contactOf(
  trx: Knex.Transaction,
  who: { wa_id?: string | null; user_id?: string | null; parent_user_id?: string | null },
  entry: WebhookContact | undefined,
  inboundAt: Date | null,
  out: ApplyOutcome
) {
  const contact = await resolveContact(trx, {
    wa_id: who.wa_id ?? entry?.wa_id ?? null,
    user_id: who.user_id ?? entry?.user_id ?? null,
    parent_user_id: who.parent_user_id ?? entry?.parent_user_id ?? null,
    username: entry?.profile?.username ?? null,
    profile_name: entry?.profile?.name ?? null,
    inbound_at: inboundAt,
  })
  if (contact.inserted) out.events.push({ name: "whatsapp.contact.created", data: { id: contact.id, wa_id: contact.wa_id, user_id: contact.user_id } })
  else if (contact.phone_learned || contact.merged.length) {
    out.events.push({
      name: "whatsapp.contact.identity_updated",
      data: { id: contact.id, wa_id: contact.wa_id, user_id: contact.user_id, merged: contact.merged },
    })
  }
  return contact
}

async function applyMessagesValue(trx: Knex.Transaction, value: MessagesValue, out: ApplyOutcome, opts: ApplyOptions, path: string) {
  for (const [k, m] of (value.messages ?? []).entries()) {
    await item(trx, opts, out, `${path}.messages[${k}]`, (db) => applyInboundMessage(db, m, value.contacts, out, opts))
  }
  for (const [k, s] of (value.statuses ?? []).entries()) {
    await item(trx, opts, out, `${path}.statuses[${k}]`, (db) => applyStatusObject(db, s, out, opts, value.contacts))
  }
}

async function applyInboundMessage(trx: Knex.Transaction, m: InboundMessage, contacts: WebhookContact[] | undefined, out: ApplyOutcome, opts: ApplyOptions) {
  if (m.type === "system") return applySystemMessage(trx, m, out)
  const at = unixToDate(m.timestamp)
  const who = { wa_id: m.from ?? null, user_id: m.from_user_id ?? null, parent_user_id: m.from_parent_user_id ?? null }
  const contact = await contactOf(trx, who, contactEntry(contacts, who), at, out)
  const { rows } = await trx.raw(
    `INSERT INTO whatsapp_message
       (id, idempotency_key, direction, contact_id, wa_id, user_id, customer_id, wamid, type, text, payload,
        context_wamid, status, received_at, source, phone_number_id)
     VALUES (?, ?, 'inbound', ?, ?, ?, ?, ?, ?, ?, ?, ?, 'received', ?, 'customer', ?)
     ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING
     RETURNING id`,
    [
      generateEntityId(undefined, "wamsg"),
      `in:${m.id}`,
      contact.id,
      contact.wa_id,
      contact.user_id,
      contact.customer_id,
      m.id,
      m.type,
      inboundText(m),
      JSON.stringify(m),
      m.context?.id ?? null,
      at,
      opts.phoneNumberId,
    ]
  )
  if (rows.length) {
    out.markRead.push(m.id)
    out.events.push({
      name: "whatsapp.message.received",
      data: { id: rows[0].id, wamid: m.id, contact_id: contact.id, customer_id: contact.customer_id, wa_id: contact.wa_id, user_id: contact.user_id },
    })
  }
}

/**
 * `user_changed_user_id`: the user's BSUID rotated (no phone shared). The previous id is in
 * `system.previous_user_id` (Meta, Aug 2026) or, in earlier payloads, the sender's `from_user_id`;
 * without either, the sender's phone names the contact. `user_changed_number`: the sender (`from`,
 * the old number) now writes from `system.wa_id`; the contact moves to it (changePhone). System
 * messages are not conversation and get no reply.
 */
async function applySystemMessage(trx: Knex.Transaction, m: InboundMessage, out: ApplyOutcome) {
  const sys = m.system
  if (sys?.type === "user_changed_number" && m.from && sys.wa_id) {
    const moved = await changePhone(trx, { old_wa_id: m.from, new_wa_id: sys.wa_id })
    if (moved) out.events.push({ name: "whatsapp.contact.identity_updated", data: { id: moved.id, wa_id: sys.wa_id, previous_wa_id: m.from } })
    return
  }
  if (sys?.type !== "user_changed_user_id" || !sys.user_id) return
  const previous = sys.previous_user_id ?? (m.from_user_id && m.from_user_id !== sys.user_id ? m.from_user_id : null)
  const changed = previous
    ? await changeUserId(trx, {
        old_user_id: previous,
        new_user_id: sys.user_id,
        wa_id: sys.wa_id ?? m.from ?? null,
        parent_user_id: sys.parent_user_id ?? null,
      })
    : m.from
      ? await resolveContact(trx, { wa_id: m.from, user_id: sys.user_id, parent_user_id: sys.parent_user_id ?? null })
      : null
  if (changed) out.events.push({ name: "whatsapp.contact.identity_updated", data: { id: changed.id, user_id: sys.user_id, previous_user_id: previous } })
}

/** `user_id_update` webhooks: the previous BSUID's contact takes the current one. */
async function applyUserIdUpdates(trx: Knex.Transaction, value: UserIdUpdateValue, out: ApplyOutcome, opts: ApplyOptions, path: string) {
  for (const [k, u] of (value.user_id_update ?? []).entries()) {
    await item(trx, opts, out, `${path}.user_id_update[${k}]`, async (db) => {
      const changed = await changeUserId(db, {
        old_user_id: u.user_id.previous,
        new_user_id: u.user_id.current,
        wa_id: u.wa_id ?? null,
        parent_user_id: u.parent_user_id?.current ?? null,
      })
      if (changed)
        out.events.push({
          name: "whatsapp.contact.identity_updated",
          data: { id: changed.id, user_id: u.user_id.current, previous_user_id: u.user_id.previous },
        })
    })
  }
}

async function applyStatusObject(trx: Knex.Transaction, s: StatusObject, out: ApplyOutcome, opts: ApplyOptions, contacts?: WebhookContact[]) {
  // Only the statuses a webhook reports have a time column ("accepted" / "pending" are ours).
  if (!isApplicableStatus(s)) return
  const ours = decodeCallbackData(s.biz_opaque_callback_data)
  // Lock the row: two webhooks for one message (delivered and read) may be processed at once.
  const { rows } = await trx.raw(
    `SELECT id, status, wamid, contact_id, customer_id FROM whatsapp_message
     WHERE deleted_at IS NULL AND direction = 'outbound' AND (wamid = ? OR id = ?)
     ORDER BY (wamid = ?) DESC LIMIT 1 FOR UPDATE`,
    [s.id, ours?.message_id ?? null, s.id]
  )
  const row = rows[0]
  if (!row) {
    out.unmatchedStatuses++
    return
  }
  const incoming = s.status as MessageStatus
  const next = applyStatus(row.status, incoming)
  const at = unixToDate(s.timestamp)
  const timeColumn = STATUS_TIME_COLUMN[incoming as keyof typeof STATUS_TIME_COLUMN]
  const error = s.errors?.[0]
  await trx.raw(
    `UPDATE whatsapp_message SET
       status = ?,
       wamid = COALESCE(wamid, ?),
       ${timeColumn} = COALESCE(${timeColumn}, ?),
       error_code = COALESCE(?, error_code),
       error_title = COALESCE(?, error_title),
       error_details = COALESCE(?, error_details),
       category = COALESCE(?, category),
       pricing = COALESCE(?::jsonb, pricing),
       updated_at = now()
     WHERE id = ?`,
    [
      next.status,
      s.id,
      at,
      error?.code ?? null,
      error?.title ?? null,
      error?.error_data?.details ?? error?.message ?? null,
      s.pricing?.category ?? null,
      s.pricing ? JSON.stringify(s.pricing) : null,
      row.id,
    ]
  )
  if (next.changed) {
    out.events.push({
      name: "whatsapp.message.status_updated",
      data: { id: row.id, wamid: s.id, status: next.status, error_code: error?.code ?? null, campaign_id: ours?.campaign_id ?? null },
    })
  }
  // A BSUID (and maybe the phone) on the status completes the recipient's contact.
  if (s.recipient_user_id && row.contact_id) await resolveStatusRecipient(trx, s, row.contact_id, contacts, out)
  // The user told Meta to stop marketing: that is consent revoked, whatever we had recorded.
  if (incoming === "failed" && error?.code === 131050 && row.contact_id) {
    await setMarketingConsent(trx, row.contact_id, "revoked", "whatsapp_error_131050", at, out, opts)
  }
}

export async function setMarketingConsent(
  trx: Knex.Transaction,
  contactId: string,
  consent: "granted" | "revoked",
  source: string,
  at: Date,
  out: ApplyOutcome,
  opts: ApplyOptions
) {
  // Out-of-order preference events: an older one never overrides a newer decision (changeConsent).
  const r = await changeConsent(trx, {
    contact_id: contactId,
    purpose: "marketing",
    state: consent,
    source: source === "user_preferences" ? "user_preferences" : "whatsapp_error",
    actor: source === "user_preferences" ? { type: "customer" } : { type: "system" },
    detail: source,
    at,
    phone_number_id: opts.phoneNumberId,
  })
  if (r.changed) out.events.push({ name: "whatsapp.marketing_consent.updated", data: { contact_id: contactId, consent, source } })
}

async function applyUserPreferences(trx: Knex.Transaction, value: UserPreferencesValue, out: ApplyOutcome, opts: ApplyOptions, path: string) {
  for (const [k, p] of (value.user_preferences ?? []).entries()) {
    if (p?.category !== "marketing_messages" || (p.value !== "stop" && p.value !== "resume")) continue
    await item(trx, opts, out, `${path}.user_preferences[${k}]`, async (db) => {
      const contact = await contactOf(db, { wa_id: p.wa_id ?? null, user_id: p.user_id ?? null }, contactEntry(value.contacts, p), null, out)
      await setMarketingConsent(db, contact.id, p.value === "stop" ? "revoked" : "granted", "user_preferences", unixToDate(p.timestamp), out, opts)
    })
  }
}

async function applyTemplateStatus(trx: Knex.Transaction, v: MessageTemplateStatusUpdateValue, out: ApplyOutcome) {
  if (!v?.message_template_name || !v.message_template_language) return
  // FLAGGED / REINSTATED describe quality, not a status; REINSTATED means approved again.
  const status = v.event === "REINSTATED" ? "APPROVED" : v.event === "FLAGGED" ? null : v.event
  const { rows } = await trx.raw(
    `INSERT INTO whatsapp_template (id, provider_template_id, name, language, category, status, rejected_reason, quality_score)
     VALUES (?, ?, ?, ?, 'UNKNOWN', COALESCE(?, 'APPROVED'), ?, ?)
     ON CONFLICT (name, language) WHERE deleted_at IS NULL DO UPDATE SET
       status = COALESCE(?, whatsapp_template.status),
       provider_template_id = COALESCE(whatsapp_template.provider_template_id, EXCLUDED.provider_template_id),
       rejected_reason = EXCLUDED.rejected_reason,
       quality_score = COALESCE(EXCLUDED.quality_score, whatsapp_template.quality_score),
       updated_at = now()
     RETURNING id, status`,
    [
      generateEntityId(undefined, "watpl"),
      String(v.message_template_id ?? ""),
      v.message_template_name,
      v.message_template_language,
      status,
      v.reason && v.reason !== "NONE" ? v.reason : null,
      v.event === "FLAGGED" ? "RED" : null,
      status,
    ]
  )
  out.events.push({
    name: "whatsapp.template.status_updated",
    data: {
      id: rows[0].id,
      name: v.message_template_name,
      language: v.message_template_language,
      status: rows[0].status,
      event: v.event,
      reason: v.reason ?? null,
    },
  })
}

async function applyTemplateCategory(trx: Knex.Transaction, v: TemplateCategoryUpdateValue, out: ApplyOutcome) {
  if (!v?.message_template_name || !v.new_category) return
  const { rows } = await trx.raw(
    `UPDATE whatsapp_template SET category = ?, updated_at = now()
     WHERE deleted_at IS NULL AND name = ? AND language = ? RETURNING id`,
    [v.new_category, v.message_template_name, v.message_template_language]
  )
  if (rows.length) {
    out.events.push({
      name: "whatsapp.template.category_updated",
      data: { id: rows[0].id, previous_category: v.previous_category, new_category: v.new_category },
    })
  }
}
