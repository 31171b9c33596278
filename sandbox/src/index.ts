/** A local WhatsApp Cloud API simulator: Graph-compatible routes, signed webhooks, a chat page. */
import http from "node:http"
import type { AddressInfo } from "node:net"
import type { MessageTemplate } from "../../src/modules/whatsapp/channels/cloud-api/types"
import { chatPageHtml } from "./chat-page"
import { defaultConfig, mergeConfig, type ConfigPatch, type SandboxConfig } from "./config"
import type { Ctx, Parts } from "./context"
import { Customers, InputError, type InboundInput, type UserInput } from "./customers"
import { ApiError } from "./errors"
import { sendHtml, sendJson } from "./http"
import { Outbound } from "./outbound"
import { handleControl } from "./routes-control"
import { handleGraph } from "./routes-meta"
import { SandboxState, type SimUser } from "./state"
import { TemplateStore, type TemplateSeed } from "./template-store"
import { WebhookDispatcher, type FirstAttempt } from "./webhooks"

export type { ConfigPatch, SandboxConfig } from "./config"
export type { InboundInput, UserInput } from "./customers"
export type { DeliveryAttempt, OutboundMessage, SandboxState, SimUser } from "./state"
export type { TemplateSeed } from "./template-store"
export { metaJson, sign } from "./webhooks"

export type SandboxOptions = ConfigPatch & { templates?: TemplateSeed[] }

export interface Sandbox {
  /** Base URL, e.g. http://127.0.0.1:8787 — use it in place of https://graph.facebook.com. */
  url: string
  port: number
  /** Live config: mutate fields directly or use patchConfig (checked). */
  config: SandboxConfig
  state: SandboxState
  setWebhookUrl(url: string | null): void
  patchConfig(patch: ConfigPatch): SandboxConfig
  /** Simulates a customer message; resolves after the first webhook delivery attempt. */
  inbound(input: InboundInput): Promise<{ id: string; webhook: FirstAttempt }>
  upsertUser(input: UserInput): SimUser
  setUserPreference(waId: string, value: "stop" | "resume"): Promise<{ user: SimUser; webhook: FirstAttempt }>
  seedTemplates(templates: TemplateSeed[]): MessageTemplate[]
  setTemplateStatus(name: string, input: { language?: string; status: string; reason?: string }): Promise<unknown>
  /** Clears users, messages, webhook log, rate limits and pending status webhooks / retries.
   * `templates: true` also drops templates; `config: true` restores the config given at creation. */
  reset(opts?: { templates?: boolean; config?: boolean }): void
  close(): Promise<void>
}

export async function createSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const { templates: seeds, ...patch } = options
  const initial = mergeConfig(defaultConfig(), patch)
  const config: SandboxConfig = structuredClone(initial)
  const state = new SandboxState()
  state.usernameShare = () => config.usernameShare
  const webhooks = new WebhookDispatcher(() => config, state)
  const ctx: Ctx = { config: () => config, state, webhooks }
  const parts: Parts = { ctx, outbound: new Outbound(ctx), customers: new Customers(ctx), templates: new TemplateStore(ctx) }
  if (seeds) parts.templates.seed(seeds)

  // Keeps `config` the same object so references handed out stay live.
  const patchConfig = (p: ConfigPatch) => Object.assign(config, mergeConfig(config, p))
  const reset = (opts: { templates?: boolean; config?: boolean } = {}) => {
    parts.outbound.reset()
    webhooks.cancel()
    if (opts.templates) parts.templates.reset()
    state.clear(!!opts.templates)
    if (opts.config) Object.assign(config, structuredClone({ ...initial, port: config.port }))
  }

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://sandbox")
    if (url.pathname === "/favicon.ico") return void res.writeHead(204).end()
    const route =
      url.pathname === "/" && req.method === "GET"
        ? Promise.resolve(sendHtml(res, chatPageHtml()))
        : url.pathname.startsWith("/_sandbox/")
          ? handleControl(parts, { patchConfig, reset }, req, res, url)
          : handleGraph(parts, req, res, url)
    route.catch((e: unknown) => {
      if (res.headersSent) return res.destroy()
      if (e instanceof ApiError) sendJson(res, e.httpStatus, e.toResponse(), true)
      else if (e instanceof InputError) sendJson(res, 400, { error: { message: e.message } })
      else sendJson(res, 500, { error: { message: e instanceof Error ? e.message : String(e), type: "SandboxInternalError" } })
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(config.port, config.host, resolve)
  })
  const port = (server.address() as AddressInfo).port
  config.port = port
  const host = config.host.includes(":") ? `[${config.host}]` : config.host

  return {
    url: `http://${host}:${port}`,
    port,
    config,
    state,
    setWebhookUrl: (url) => void patchConfig({ webhookUrl: url }),
    patchConfig,
    inbound: async (input) => {
      const { id, webhook } = parts.customers.inbound(input)
      return { id, webhook: await webhook }
    },
    upsertUser: (input) => parts.customers.upsertUser(input),
    setUserPreference: async (waId, value) => {
      const { user, webhook } = parts.customers.setPreference(waId, value)
      return { user, webhook: await webhook }
    },
    seedTemplates: (t) => parts.templates.seed(t),
    setTemplateStatus: (name, input) => parts.templates.forceStatus(name, input),
    reset,
    close: async () => {
      parts.outbound.reset()
      parts.templates.reset()
      webhooks.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
