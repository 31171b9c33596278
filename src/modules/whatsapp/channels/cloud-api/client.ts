import { classifyWhatsAppError } from "../../domain/errors"
import type { WhatsAppPluginOptions } from "../../options"
import { WhatsAppProviderError, type SendOptions, type SendResult, type WhatsAppProvider } from "../provider"
import type {
  CreateTemplateRequest,
  CreateTemplateResponse,
  GraphError,
  ListTemplatesResponse,
  MarkReadRequest,
  MessageTemplate,
  SendMessageRequest,
  SendMessageResponse,
} from "./types"
import { createTransport, TransportError, type Transport, type TransportOptions, type TransportRequest } from "./transport"

export type CloudApiClientOptions = Pick<
  WhatsAppPluginOptions,
  "base_url" | "api_version" | "phone_number_id" | "waba_id" | "access_token" | "request_timeout_ms"
> &
  Partial<Pick<WhatsAppPluginOptions, "marketing_messages_api">> & {
    /** Which transport; by default Node's http, or axios when a proxy variable is set (see transport.ts). */
    transport?: (options: TransportOptions) => Transport
  }

// Name the fields we store rather than rely on the endpoint's default field set.
const TEMPLATE_FIELDS = "id,name,language,status,category,components,parameter_format,quality_score,rejected_reason"

/** WhatsApp Cloud API (Graph) provider. */
export class CloudApiClient implements WhatsAppProvider {
  readonly id = "cloud_api"
  // Private so that logging or inspecting the client never prints the token.
  readonly #http: Transport
  readonly #token: string
  readonly #phoneNumberId: string
  readonly #wabaId: string
  readonly #marketingApi: boolean

  constructor(options: CloudApiClientOptions) {
    this.#token = options.access_token
    this.#phoneNumberId = options.phone_number_id
    this.#wabaId = options.waba_id
    this.#marketingApi = options.marketing_messages_api ?? false
    const transport = {
      baseUrl: `${options.base_url}/${options.api_version}`,
      timeoutMs: options.request_timeout_ms,
      headers: { Authorization: `Bearer ${options.access_token}`, "Content-Type": "application/json" },
    }
    this.#http = options.transport ? options.transport(transport) : createTransport(transport)
  }

  async send(message: SendMessageRequest, opts: SendOptions = {}): Promise<SendResult> {
    // The Marketing Messages API takes the same body, for marketing templates only.
    const edge = this.#marketingApi && opts.marketing && message.type === "template" ? "marketing_messages" : "messages"
    const response = await this.#request<SendMessageResponse>({
      method: "POST",
      url: `/${this.#phoneNumberId}/${edge}`,
      data: message,
    })
    const sent = response?.messages?.[0]
    if (!sent?.id) {
      throw this.#unexpected("send", response)
    }
    return {
      wamid: sent.id,
      // A send by BSUID (`recipient`) is answered with the user's user_id, not a wa_id.
      wa_id: response.contacts?.[0]?.wa_id ?? message.to,
      user_id: response.contacts?.[0]?.user_id ?? message.recipient,
      message_status: sent.message_status ?? "accepted",
    }
  }

  async markRead(wamid: string): Promise<void> {
    const body: MarkReadRequest = { messaging_product: "whatsapp", status: "read", message_id: wamid }
    const response = await this.#request<{ success?: boolean }>({
      method: "POST",
      url: `/${this.#phoneNumberId}/messages`,
      data: body,
    })
    if (response?.success !== true) {
      throw this.#unexpected("markRead", response)
    }
  }

  async listTemplates(params: { after?: string; limit?: number } = {}): Promise<ListTemplatesResponse> {
    const response = await this.#request<ListTemplatesResponse>({
      method: "GET",
      url: `/${this.#wabaId}/message_templates`,
      params: { fields: TEMPLATE_FIELDS, limit: params.limit, after: params.after },
    })
    if (!Array.isArray(response?.data)) {
      throw this.#unexpected("listTemplates", response)
    }
    return response
  }

  /**
   * Follows `paging.cursors.after` rather than the absolute `paging.next` URL, so a sandbox or proxy
   * base URL keeps working. Graph signals the last page by omitting `next` (a page may be empty and
   * still have one), so `next` decides whether to continue.
   */
  async *listAllTemplates(params: { limit?: number } = {}): AsyncIterable<MessageTemplate> {
    let after: string | undefined
    do {
      const page = await this.listTemplates({ after, limit: params.limit })
      yield* page.data
      const next = page.paging?.next ? page.paging.cursors?.after : undefined
      if (next !== undefined && next === after) {
        throw this.#unexpected("listAllTemplates (paging cursor did not advance)", page.paging)
      }
      after = next
    } while (after)
  }

  async createTemplate(request: CreateTemplateRequest): Promise<CreateTemplateResponse> {
    const response = await this.#request<CreateTemplateResponse>({
      method: "POST",
      url: `/${this.#wabaId}/message_templates`,
      data: request,
    })
    if (!response?.id) {
      throw this.#unexpected("createTemplate", response)
    }
    return response
  }

  async #request<T>(config: TransportRequest): Promise<T> {
    let response
    try {
      response = await this.#http(config)
    } catch (error) {
      throw this.#transportError(error)
    }
    const graph = readGraphError(response.data)
    if (graph) {
      const message = `WhatsApp Cloud API error ${graph.code}: ${graph.message ?? "no message"}`
      throw new WhatsAppProviderError(this.#redact(message), {
        code: graph.code,
        subcode: graph.error_subcode,
        httpStatus: response.status,
        fbtrace_id: graph.fbtrace_id,
        details: graph.error_data?.details === undefined ? undefined : this.#redact(graph.error_data.details),
        classification: classifyWhatsAppError(graph.code, { httpStatus: response.status }),
      })
    }
    if (response.status < 200 || response.status >= 300) {
      throw new WhatsAppProviderError(`WhatsApp Cloud API answered HTTP ${response.status} without a Graph error`, {
        httpStatus: response.status,
        classification: classifyWhatsAppError(undefined, { httpStatus: response.status }),
      })
    }
    return response.data as T
  }

  #transportError(error: unknown): WhatsAppProviderError {
    const reached = error instanceof TransportError && error.reached
    const reason = error instanceof TransportError ? `${error.code}: ${error.message}` : String(error)
    return new WhatsAppProviderError(this.#redact(`WhatsApp Cloud API request failed (${reason})`), {
      // A request that never left (bad config) is not worth retrying; one lost on the wire is.
      classification: classifyWhatsAppError(undefined, { transport: reached }),
    })
  }

  /**
   * A 2xx we cannot read. Not retryable: for a send, Meta may have accepted the message and a retry
   * would deliver it twice.
   */
  #unexpected(operation: string, body: unknown): WhatsAppProviderError {
    const excerpt = JSON.stringify(body ?? null).slice(0, 200)
    return new WhatsAppProviderError(this.#redact(`WhatsApp Cloud API ${operation}: unexpected response ${excerpt}`), {
      classification: classifyWhatsAppError(undefined),
    })
  }

  #redact(text: string): string {
    return this.#token ? text.split(this.#token).join("***") : text
  }
}

function readGraphError(body: unknown): GraphError | undefined {
  const error: unknown = (body as { error?: unknown } | null)?.error
  if (!error || typeof error !== "object") {
    return undefined
  }
  // Graph sends a number; some proxies stringify it.
  const raw = (error as { code?: unknown }).code
  const code = typeof raw === "number" ? raw : typeof raw === "string" && /^\d+$/.test(raw) ? Number(raw) : undefined
  return code === undefined ? undefined : { ...(error as GraphError), code }
}
