import { randomUUID } from "node:crypto"
import { canonicalUserId } from "../../modules/whatsapp/domain/identity"
import { AbstractNotificationProviderService, ContainerRegistrationKeys, MedusaError } from "@medusajs/framework/utils"
import type { Logger, ProviderSendNotificationDTO, ProviderSendNotificationResultsDTO } from "@medusajs/framework/types"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { parseWhatsAppOptions, type WhatsAppPluginOptions } from "../../modules/whatsapp/options"
import { CloudApiClient } from "../../modules/whatsapp/channels/cloud-api"
import type { SendMessageRequest, TemplateComponentParam } from "../../modules/whatsapp/channels/cloud-api/types"
import { MessageSender } from "../../modules/whatsapp/sending/sender"
import { messageOf } from "../../modules/whatsapp/domain/errors"

type Cradle = {
  logger: Logger
  configModule?: { modules?: Record<string, any>; plugins?: any[] }
  [ContainerRegistrationKeys.PG_CONNECTION]: Knex
}

/** The plugin's own options, so the provider needs no second copy of the credentials. */
function findPluginOptions(configModule: Cradle["configModule"]): Record<string, unknown> | undefined {
  const candidates = [
    ...Object.values(configModule?.modules ?? {}).map((m: any) => m?.options),
    ...(configModule?.plugins ?? []).map((p: any) => (typeof p === "object" ? p.options : undefined)),
  ]
  return candidates.find((o) => o && typeof o === "object" && "phone_number_id" in o && "access_token" in o)
}

/**
 * `createNotifications({ channel: "whatsapp", to, template, data })` from a store's own code.
 * `template` is "name" or "name:language" (language defaults to data.language or "en_US");
 * `data.parameters` fills the body in order, or `data.components` gives Meta's components as is;
 * template "text" (or `content.text`) sends free-form text, which only works inside the 24 h window.
 * Messages are recorded like every other send, so statuses and replies land on the customer.
 */
export class WhatsappNotificationProviderService extends AbstractNotificationProviderService {
  static identifier = "notification-whatsapp"
  protected readonly options_: WhatsAppPluginOptions
  protected readonly sender_: MessageSender
  protected readonly logger_: Logger

  constructor(cradle: Cradle, options: Record<string, unknown> = {}) {
    super()
    const { channels: _channels, ...own } = options
    const merged = { ...(findPluginOptions(cradle.configModule) ?? {}), ...own }
    this.options_ = parseWhatsAppOptions(merged)
    this.logger_ = cradle.logger
    const client = new CloudApiClient(this.options_)
    this.sender_ = new MessageSender(cradle[ContainerRegistrationKeys.PG_CONNECTION], () => client, this.options_.default_region)
  }

  async send(n: ProviderSendNotificationDTO): Promise<ProviderSendNotificationResultsDTO> {
    const data = (n.data ?? {}) as Record<string, any>
    const request = this.toRequest(n, data)
    let outcome
    try {
      outcome = await this.sender_.send({
        idempotency_key: data.idempotency_key ?? `notification:${randomUUID()}`,
        // `to` may be a phone or, for a username user, a BSUID (`TH.1349…`): sent as `recipient`.
        ...(canonicalUserId(n.to) ? { user_id: canonicalUserId(n.to) } : { to: n.to }),
        request,
        customer_id: data.customer_id ?? null,
        order_id: data.order_id ?? null,
        source: "notification-module",
      })
    } catch (e) {
      throw new MedusaError(MedusaError.Types.INVALID_DATA, messageOf(e))
    }
    if (outcome.outcome === "failed") {
      throw new MedusaError(
        MedusaError.Types.UNEXPECTED_STATE,
        `WhatsApp ${outcome.error.code ?? ""} ${outcome.error.classification.title}: ${outcome.error.details ?? outcome.error.message}`.trim()
      )
    }
    return { id: outcome.message.wamid ?? outcome.message.id }
  }

  private toRequest(n: ProviderSendNotificationDTO, data: Record<string, any>): Omit<SendMessageRequest, "messaging_product" | "to"> {
    const text = (n.content as any)?.text ?? (n.template === "text" ? data.text : undefined)
    if (text) return { type: "text", text: { body: String(text), preview_url: true } }
    const [name, lang] = n.template.split(":")
    const components: TemplateComponentParam[] =
      data.components ??
      (Array.isArray(data.parameters) && data.parameters.length
        ? [{ type: "body", parameters: data.parameters.map((p: unknown) => ({ type: "text", text: String(p) })) }]
        : [])
    return { type: "template", template: { name, language: { code: lang ?? data.language ?? "en_US" }, components } }
  }
}
