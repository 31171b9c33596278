import type { ErrorClassification } from "../domain/errors"
import type {
  CreateTemplateRequest,
  CreateTemplateResponse,
  ListTemplatesResponse,
  MessageTemplate,
  SendMessageRequest,
  SendMessageResponse,
} from "./cloud-api/types"

/**
 * What the module talks to; it never knows which provider sits behind. Requests and results use
 * Meta's vocabulary (the reference shape): other providers map to and from it.
 */
export interface WhatsAppProvider {
  readonly id: string
  /** `marketing`: a MARKETING template, which may go through the Marketing Messages API. */
  send(message: SendMessageRequest, opts?: SendOptions): Promise<SendResult>
  markRead(wamid: string): Promise<void>
  listTemplates(params?: { after?: string; limit?: number }): Promise<ListTemplatesResponse>
  /** Every template, page after page, fetched lazily. */
  listAllTemplates(params?: { limit?: number }): AsyncIterable<MessageTemplate>
  createTemplate(request: CreateTemplateRequest): Promise<CreateTemplateResponse>
}

export interface SendOptions {
  marketing?: boolean
}

export interface SendResult {
  wamid: string
  /** Meta's canonical id for the recipient; may differ from the `to` we sent. Absent for a send by BSUID. */
  wa_id?: string
  /** The recipient's BSUID, for a send by `recipient`. */
  user_id?: string
  /** "accepted" is not "delivered": delivery comes later by status webhook. */
  message_status: NonNullable<SendMessageResponse["messages"][number]["message_status"]>
}

export interface WhatsAppProviderErrorFields {
  code?: number
  subcode?: number
  httpStatus?: number
  fbtrace_id?: string
  details?: string
  classification: ErrorClassification
}

/** A failed provider call, classified. Messages never carry the access token. */
export class WhatsAppProviderError extends Error {
  readonly name = "WhatsAppProviderError"
  readonly code?: number
  readonly subcode?: number
  readonly httpStatus?: number
  readonly fbtrace_id?: string
  readonly details?: string
  readonly classification: ErrorClassification

  constructor(message: string, fields: WhatsAppProviderErrorFields) {
    super(message)
    this.code = fields.code
    this.subcode = fields.subcode
    this.httpStatus = fields.httpStatus
    this.fbtrace_id = fields.fbtrace_id
    this.details = fields.details
    this.classification = fields.classification
  }
}
