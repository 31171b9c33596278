/**
 * What a status webhook tells us about its recipient since 2026: `recipient_user_id` (the BSUID),
 * maybe the phone (`recipient_id`), and on delivered/read the username in `contacts`. The status
 * itself is matched by its wamid (webhooks/apply.ts); this only completes the message's contact.
 * Kept apart from apply.ts so the status path stays one small call: one indexed read when the
 * contact already has this BSUID, nothing at all when the status carries none.
 */
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { StatusObject, WebhookContact } from "../channels/cloud-api/types"
import { resolveContact } from "../contacts/identity"
import { canonicalWaId } from "./validate"

export async function resolveStatusRecipient(
  trx: Knex.Transaction,
  s: StatusObject,
  contactId: string,
  contacts: WebhookContact[] | undefined,
  out: { events: { name: string; data: Record<string, unknown> }[] }
): Promise<void> {
  const user_id = s.recipient_user_id
  if (!user_id) return
  const entry = (contacts ?? []).find((c) => c.user_id === user_id)
  const { rows } = await trx.raw(`SELECT id, wa_id, user_id, username FROM whatsapp_contact WHERE id = ? AND deleted_at IS NULL`, [contactId])
  const contact = rows[0]
  if (!contact) return
  // A BSUID-only contact under another BSUID: a rotation, which comes by its own webhook
  // (user_id_update / user_changed_user_id); resolving here would make a second contact.
  if (!contact.wa_id && contact.user_id && contact.user_id !== user_id) return
  // recipient_id is passed on unparsed by validation (cost); parsed here only when it may add a phone.
  const phone = contact.wa_id ? null : canonicalWaId(s.recipient_id ?? entry?.wa_id)
  const username = entry?.profile?.username ?? null
  if (contact.user_id === user_id && !phone && (!username || username === contact.username)) return
  // The same user under another contact (a BSUID-only one from an earlier message): merged.
  const resolved = await resolveContact(trx, {
    wa_id: contact.wa_id ?? phone,
    user_id,
    parent_user_id: s.recipient_parent_user_id ?? entry?.parent_user_id ?? null,
    username,
  })
  if (resolved.phone_learned || resolved.merged.length || contact.user_id !== user_id) {
    out.events.push({
      name: "whatsapp.contact.identity_updated",
      data: { id: resolved.id, wa_id: resolved.wa_id, user_id: resolved.user_id, merged: resolved.merged },
    })
  }
}
