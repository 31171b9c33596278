import { generateEntityId } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { encodeCallbackData } from "../domain/callback-data"
import { normalizePhone, type CountryCode } from "../domain/phone"
import type { SendMessageRequest } from "../channels/cloud-api/types"
import { WhatsAppProviderError, type WhatsAppProvider } from "../channels/provider"
import { addressOf, bsuidRefusal } from "../domain/identity"
import { classifyWhatsAppError } from "../domain/errors"
import { resolveContact } from "../contacts/identity"

export interface SendInput {
  /** Same key, same message: a second call returns the first row and sends nothing. */
  idempotency_key: string
  /** Phone in any format (normalised with the default region) or a wa_id. */
  to?: string | null
  /**
   * The user's BSUID, for a contact known without a phone (a username user): sent as `recipient`.
   * Used only when `to` is empty; when the contact has a phone after all, the phone is used.
   */
  user_id?: string | null
  request: Omit<SendMessageRequest, "messaging_product" | "to" | "recipient" | "biz_opaque_callback_data">
  customer_id?: string | null
  order_id?: string | null
  source?: string
  campaign_id?: string
  metadata?: Record<string, unknown>
}

export type SendOutcome =
  { outcome: "sent"; message: any } | { outcome: "duplicate"; message: any } | { outcome: "failed"; message: any; error: WhatsAppProviderError }

/**
 * The one way a message leaves: the row is inserted first under its unique idempotency key, so a
 * second call — a retried event, a second server — finds it and sends nothing. Shared by the
 * module service and the Notification Module provider, which has no access to the service.
 */
export class MessageSender {
  constructor(
    private readonly pg: Knex,
    private readonly provider: () => WhatsAppProvider,
    private readonly region: CountryCode
  ) {}

  async send(input: SendInput): Promise<SendOutcome> {
    const contact = input.to
      ? await this.upsertContact(normalizePhone(input.to, this.region).wa_id, input.customer_id ?? null)
      : input.user_id
        ? await resolveContact(this.pg, { user_id: input.user_id, customer_id: input.customer_id ?? null })
        : (() => {
            throw new Error("A send needs a phone number (to) or a business-scoped user id (user_id)")
          })()
    const r = input.request
    const { rows } = await this.pg.raw(
      `INSERT INTO whatsapp_message
         (id, idempotency_key, direction, contact_id, wa_id, user_id, customer_id, order_id, type, template_name,
          template_language, template_parameters, text, payload, status, source, metadata)
       VALUES (?, ?, 'outbound', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?)
       ON CONFLICT (idempotency_key) WHERE deleted_at IS NULL DO NOTHING RETURNING *`,
      [
        generateEntityId(undefined, "wamsg"),
        input.idempotency_key,
        contact.id,
        contact.wa_id,
        contact.user_id,
        input.customer_id ?? contact.customer_id ?? null,
        input.order_id ?? null,
        r.type ?? "text",
        r.template?.name ?? null,
        r.template?.language?.code ?? null,
        r.template?.components ? JSON.stringify(r.template.components) : null,
        r.text?.body ?? null,
        JSON.stringify(r),
        input.source ?? null,
        input.metadata ? JSON.stringify(input.metadata) : null,
      ]
    )
    let message = rows[0]
    if (!message) {
      const existing = await this.pg.raw(`SELECT * FROM whatsapp_message WHERE idempotency_key = ? AND deleted_at IS NULL`, [input.idempotency_key])
      message = existing.rows[0]
      // A pending row is a send that has not succeeded yet (retryable error): retrying is allowed.
      if (message.status !== "pending") return { outcome: "duplicate", message }
    }
    const refused = message.wa_id ? null : await this.refusalForBsuid(message)
    if (refused) return refused
    return this.deliver(message, input.campaign_id)
  }

  /**
   * A template Meta refuses for a BSUID recipient (authentication, copy-code: error 131062) is
   * failed here, before any call, with the reason: a username user gets nothing either way, and
   * the merchant sees why instead of a provider error.
   */
  private async refusalForBsuid(message: any): Promise<SendOutcome | null> {
    const payload = typeof message.payload === "string" ? JSON.parse(message.payload) : (message.payload ?? {})
    if (payload.type !== "template" || !payload.template?.name) return null
    const { rows } = await this.pg.raw(`SELECT category, components FROM whatsapp_template WHERE name = ? AND language = ? AND deleted_at IS NULL LIMIT 1`, [
      payload.template.name,
      payload.template.language?.code ?? null,
    ])
    const reason = bsuidRefusal({ category: rows[0]?.category, components: rows[0]?.components, request_components: payload.template.components })
    if (!reason) return null
    const classification = classifyWhatsAppError(131062)
    const error = new WhatsAppProviderError(`refused before sending: ${reason}`, { code: 131062, details: `refused before sending: ${reason}`, classification })
    const { rows: failed } = await this.pg.raw(
      `UPDATE whatsapp_message SET status = 'failed', failed_at = now(), error_code = 131062, error_title = ?, error_details = ?, updated_at = now()
       WHERE id = ? RETURNING *`,
      [classification.title, error.details, message.id]
    )
    return { outcome: "failed", message: failed[0], error }
  }

  private async deliver(message: any, campaign_id?: string): Promise<SendOutcome> {
    const request: SendMessageRequest = {
      ...(typeof message.payload === "string" ? JSON.parse(message.payload) : message.payload),
      messaging_product: "whatsapp",
      recipient_type: "individual",
      ...addressOf(message),
      biz_opaque_callback_data: encodeCallbackData({ message_id: message.id, campaign_id }),
    }
    try {
      const result = await this.provider().send(request)
      const { rows } = await this.pg.raw(
        `UPDATE whatsapp_message SET wamid = ?, attempts = attempts + 1, accepted_at = now(),
           status = CASE WHEN status = 'pending' THEN 'accepted' ELSE status END, updated_at = now()
         WHERE id = ? RETURNING *`,
        [result.wamid, message.id]
      )
      await this.pg.raw(`UPDATE whatsapp_contact SET last_outbound_at = now() WHERE id = ?`, [message.contact_id])
      return { outcome: "sent", message: rows[0] }
    } catch (e) {
      const error =
        e instanceof WhatsAppProviderError
          ? e
          : new WhatsAppProviderError((e as Error).message, {
              classification: {
                code: -1,
                title: "Unexpected error",
                retryable: false,
                retry: "none",
                effect: "none",
                scope: "message",
                meaning: (e as Error).message,
              },
            })
      const retryable = error.classification.retryable
      const { rows } = await this.pg.raw(
        `UPDATE whatsapp_message SET attempts = attempts + 1, error_code = ?, error_title = ?, error_details = ?,
           status = CASE WHEN ? THEN status ELSE 'failed' END,
           failed_at = CASE WHEN ? THEN failed_at ELSE now() END, updated_at = now()
         WHERE id = ? RETURNING *`,
        [error.code ?? null, error.classification.title, error.details ?? error.message, retryable, retryable, message.id]
      )
      return { outcome: "failed", message: rows[0], error }
    }
  }

  async upsertContact(wa_id: string, customer_id: string | null): Promise<{ id: string; customer_id: string | null; wa_id: string; user_id: string | null }> {
    const { rows } = await this.pg.raw(
      `INSERT INTO whatsapp_contact (id, wa_id, customer_id) VALUES (?, ?, ?)
       ON CONFLICT (wa_id) WHERE deleted_at IS NULL DO UPDATE SET
         customer_id = COALESCE(whatsapp_contact.customer_id, EXCLUDED.customer_id), updated_at = now()
       RETURNING id, customer_id, wa_id, user_id`,
      [generateEntityId(undefined, "wacon"), wa_id, customer_id]
    )
    return rows[0]
  }
}
