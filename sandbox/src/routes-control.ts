/** /_sandbox/* control endpoints. Unauthenticated on purpose: the sandbox is a local test tool. */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { ConfigPatch } from "./config"
import type { Parts } from "./context"
import { InputError, normaliseWaId, type InboundInput, type UserInput } from "./customers"
import { readJson, sendJson } from "./http"
import type { SandboxState, SimUser } from "./state"

export interface Controls {
  patchConfig(patch: ConfigPatch): unknown
  reset(opts: { templates?: boolean; config?: boolean }): void
}

export async function handleControl(p: Parts, c: Controls, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const { state } = p.ctx
  const method = req.method ?? "GET"
  const path = url.pathname.replace(/\/+$/, "")
  const wait = url.searchParams.get("async") !== "1"
  const ok = (body: unknown) => sendJson(res, 200, body)
  const body = async <T>() => (await readJson(req)) as T
  let m: RegExpExecArray | null

  if (method === "POST" && path === "/_sandbox/inbound") {
    const { id, webhook } = p.customers.inbound(await body<InboundInput>())
    return ok({ id, webhook: wait ? await webhook : null })
  }
  if (method === "POST" && path === "/_sandbox/users") return ok(userView(state, p.customers.upsertUser(await body<UserInput>())))
  if (method === "POST" && (m = /^\/_sandbox\/users\/([^/]+)\/preferences$/.exec(path))) {
    const { user, webhook } = p.customers.setPreference(decodeURIComponent(m[1]), (await body<{ value?: unknown }>()).value)
    return ok({ user: userView(state, user), webhook: wait ? await webhook : null })
  }
  if (method === "GET" && path === "/_sandbox/messages") {
    const to = url.searchParams.get("to")
    const waId = to ? normaliseWaId(to) : null
    const type = url.searchParams.get("type")
    return ok({ data: [...state.outbound.values()].filter((m) => (!waId || m.wa_id === waId) && (!type || m.type === type)) })
  }
  if (method === "GET" && path === "/_sandbox/state") return ok(snapshot(p))
  if (method === "GET" && path === "/_sandbox/config") return ok({ config: publicConfig(p) })
  if (method === "PATCH" && path === "/_sandbox/config") {
    try {
      c.patchConfig(await body<ConfigPatch>())
    } catch (e) {
      if (e instanceof Error && !(e instanceof InputError)) throw new InputError(e.message)
      throw e
    }
    return ok({ config: publicConfig(p) })
  }
  if (method === "POST" && path === "/_sandbox/templates/seed") return ok({ data: p.templates.seed(await body<unknown>()) })
  if (method === "POST" && (m = /^\/_sandbox\/templates\/([^/]+)\/status$/.exec(path)))
    return ok({ data: await p.templates.forceStatus(decodeURIComponent(m[1]), await body()) })
  if (method === "POST" && path === "/_sandbox/reset") {
    c.reset(await body<{ templates?: boolean; config?: boolean }>())
    return ok({ success: true })
  }
  sendJson(res, 404, { error: { message: `No control endpoint ${method} ${path}` } })
}

const userView = (state: SandboxState, u: SimUser) => ({
  ...u,
  window_open: state.windowOpen(u),
  window_expires_at: state.windowExpiresAt(u),
})

/** Config without the credentials (the state endpoint is polled by a browser page). */
function publicConfig(p: Parts) {
  const { accessToken: _token, appSecret: _secret, ...rest } = p.ctx.config()
  return rest
}

/** Everything the chat page renders; webhook bodies are left out to keep polling light. */
function snapshot(p: Parts) {
  const { state } = p.ctx
  return {
    config: publicConfig(p),
    users: [...state.users.values()].map((u) => userView(state, u)),
    templates: state.templates,
    messages: [...state.outbound.values()],
    inbound: [...state.inbound.values()],
    webhooks: state.webhookLog.slice(-100).map(({ body: _body, ...a }) => a),
  }
}
