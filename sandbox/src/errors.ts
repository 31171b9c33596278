import type { GraphError, GraphErrorResponse, WebhookError } from "../../src/modules/whatsapp/channels/cloud-api/types"
import { fbtraceId } from "./ids"

/** Titles and default details as Meta words them (Cloud API error code reference). */
const CATALOG: Record<number, { title: string; details: string }> = {
  100: { title: "Invalid parameter", details: "Invalid parameter" },
  190: { title: "Invalid OAuth access token - Cannot parse access token", details: "Invalid access token" },
  368: { title: "Temporarily blocked for policies violations", details: "The sender is temporarily blocked." },
  80007: { title: "Rate limit issues", details: "The WhatsApp Business Account has reached its rate limit." },
  130429: { title: "Rate limit hit", details: "Cloud API message throughput has been reached." },
  131000: { title: "Something went wrong", details: "Something went wrong" },
  131005: { title: "Access denied", details: "Permission is either not granted or has been removed." },
  131008: { title: "Required parameter is missing", details: "The request is missing a required parameter." },
  131009: { title: "Parameter value is not valid", details: "One or more parameter values are invalid." },
  131016: { title: "Service unavailable", details: "A service is temporarily unavailable." },
  131026: {
    title: "Message undeliverable",
    details: "Unable to deliver message. Reasons can include: the recipient phone number is not a WhatsApp phone number.",
  },
  131047: {
    title: "Re-engagement message",
    details: "Message failed to send because more than 24 hours have passed since the customer last replied to this number.",
  },
  131048: {
    title: "Spam rate limit hit",
    details: "Message failed to send because there are restrictions on how many messages can be sent from this phone number.",
  },
  131049: {
    title: "This message was not delivered to maintain healthy ecosystem engagement.",
    details: "In order to maintain a healthy ecosystem engagement, the message failed to be delivered.",
  },
  131050: {
    title: "Unable to deliver the message. This recipient has chosen to stop receiving marketing messages on WhatsApp from your business.",
    details: "The recipient has stopped marketing messages from this business.",
  },
  131051: { title: "Unsupported message type", details: "Message type is not currently supported." },
  131056: {
    title: "(Business Account, Consumer Account) pair rate limit hit",
    details: "Too many messages sent from the sender phone number to the same recipient phone number in a short period of time.",
  },
  131057: { title: "Account in maintenance mode", details: "Business Account is in maintenance mode." },
  131062: {
    title: "Business-scoped user ID recipients not supported for this message type",
    details: "This message type cannot be sent to a business-scoped user ID. Send it to the user's phone number.",
  },
  132000: {
    title: "Number of parameters does not match the expected number of params",
    details: "The number of variable parameter values included in the request did not match the number of variable parameters defined in the template.",
  },
  132001: {
    title: "Template name does not exist in the translation",
    details: "The template does not exist in the specified language or the template has not been approved.",
  },
  132005: { title: "Translated text too long", details: "Translated text is too long." },
  132007: { title: "Template format character policy violated", details: "Template content violates a WhatsApp policy." },
  132012: { title: "Parameter format does not match format in the created template", details: "Variable parameter values formatted incorrectly." },
  132015: { title: "Template is Paused", details: "Template is paused due to low quality so it cannot be sent in a template message." },
  132016: { title: "Template is Disabled", details: "Template has been paused too many times due to low quality and is now permanently disabled." },
  133010: { title: "Account not registered", details: "Phone number not registered on the WhatsApp Business Platform." },
}

/** Codes Meta reports only through a `failed` status webhook, never in the send response. */
export const ASYNC_ONLY_CODES = new Set([131026, 131047, 131049, 131050])

export class ApiError extends Error {
  constructor(
    readonly code: number,
    readonly details?: string,
    readonly extra: { httpStatus?: number; subcode?: number; type?: string; message?: string; userTitle?: string; userMsg?: string } = {}
  ) {
    super(extra.message ?? `(#${code}) ${titleOf(code)}`)
  }

  get httpStatus(): number {
    return this.extra.httpStatus ?? (this.code === 190 ? 401 : 400)
  }

  toResponse(): GraphErrorResponse {
    const error: GraphError = {
      message: this.message,
      type: this.extra.type ?? "OAuthException",
      code: this.code,
    }
    if (this.extra.subcode !== undefined) error.error_subcode = this.extra.subcode
    if (this.extra.userTitle) error.error_user_title = this.extra.userTitle
    if (this.extra.userMsg) error.error_user_msg = this.extra.userMsg
    if (this.code !== 190) error.error_data = { messaging_product: "whatsapp", details: this.details ?? detailsOf(this.code) }
    error.fbtrace_id = fbtraceId()
    return { error }
  }
}

export const titleOf = (code: number): string => CATALOG[code]?.title ?? "Unknown error"
const detailsOf = (code: number): string => CATALOG[code]?.details ?? titleOf(code)

/** The `errors[]` entry of a failed status webhook. */
export function webhookError(code: number, details?: string): WebhookError {
  return {
    code,
    title: titleOf(code),
    message: titleOf(code),
    error_data: { details: details ?? detailsOf(code) },
    href: "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
  }
}

/** Graph's answer for an object id that does not exist (or that the token may not see). */
export const unknownObject = (method: string, id: string) =>
  new ApiError(100, undefined, {
    subcode: 33,
    type: "GraphMethodException",
    message: `Unsupported ${method.toLowerCase()} request. Object with ID '${id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api`,
  })

export const invalidParam = (details: string, extra: ApiError["extra"] = {}) => new ApiError(100, details, { message: `(#100) ${details}`, ...extra })
