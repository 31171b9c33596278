/**
 * Graph API routes: /{version}/{phone_number_id}/messages, /{version}/{phone_number_id}/marketing_messages
 * and /{version}/{waba_id}/message_templates.
 */
import type { IncomingMessage, ServerResponse } from "node:http"
import type { Parts } from "./context"
import { ApiError, unknownObject } from "./errors"
import { readJson, sendJson } from "./http"
import { listTemplates } from "./templates"
import { checkEnvelope } from "./validation"

const PATH = /^\/(v\d+\.\d+)\/([^/]+)(?:\/([^/]+))?\/?$/

export async function handleGraph(p: Parts, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const cfg = p.ctx.config()
  const method = req.method ?? "GET"
  const m = PATH.exec(url.pathname)
  if (!m) throw unknownPath(url.pathname)
  authenticate(req, url, cfg.accessToken)
  const [, , id, edge] = m
  const ok = (body: unknown) => sendJson(res, 200, body, true)

  if (id === cfg.phoneNumberId) {
    if (!edge && method === "GET")
      return ok({
        verified_name: "Sandbox Store",
        display_phone_number: cfg.displayPhoneNumber,
        id: cfg.phoneNumberId,
        quality_rating: "GREEN",
        code_verification_status: "VERIFIED",
        platform_type: "CLOUD_API",
        throughput: { level: "STANDARD" },
      })
    if (edge === "messages" && method === "POST") {
      const body = await readJson(req)
      checkEnvelope(body)
      return ok(body.status === "read" ? p.outbound.markRead(body.message_id) : p.outbound.send(id, body))
    }
    // The Marketing Messages API: the same body as a template send, marketing templates only.
    if (edge === "marketing_messages" && method === "POST") {
      const body = await readJson(req)
      checkEnvelope(body)
      return ok(p.outbound.send(id, body, { marketingApi: true }))
    }
  } else if (id === cfg.wabaId) {
    if (!edge && method === "GET")
      return ok({ id: cfg.wabaId, name: "Sandbox WABA", currency: cfg.pricing.currency, timezone_id: "1", message_template_namespace: "sandbox" })
    if (edge === "message_templates") {
      if (method === "GET") return ok(listTemplates(p.ctx.state.templates, selfUrl(req, url)))
      if (method === "POST") return ok(p.templates.create(await readJson(req)))
      if (method === "DELETE") return ok(p.templates.delete(url.searchParams.get("name"), url.searchParams.get("hsm_id")))
    }
  } else throw unknownObject(method, id)
  throw edge ? unknownPath(`/${edge}`) : unknownObject(method, id)
}

function authenticate(req: IncomingMessage, url: URL, token: string): void {
  const header = req.headers.authorization ?? ""
  const given = /^Bearer\s+(.+)$/i.exec(header)?.[1]?.trim() ?? url.searchParams.get("access_token")
  if (given !== token)
    throw new ApiError(190, undefined, {
      message: given
        ? "Invalid OAuth access token - Cannot parse access token"
        : "An active access token must be used to query information about the current user.",
    })
}

const unknownPath = (path: string) => new ApiError(2500, `Unknown path components: ${path}`, { message: `Unknown path components: ${path}` })

/** Absolute URL as the client addressed us, so paging links work behind port mappings too. */
const selfUrl = (req: IncomingMessage, url: URL) => new URL(url.pathname + url.search, `http://${req.headers.host}`)
