import http from "node:http"
import type { AddressInfo } from "node:net"
import { inspect } from "node:util"
import { CloudApiClient, type CloudApiClientOptions, type MessageTemplate, type SendMessageRequest } from "../cloud-api"
import { WhatsAppProviderError } from "../provider"
import { axiosTransport, createTransport, nodeTransport, type Transport, type TransportOptions } from "../cloud-api/transport"

const TOKEN = "EAAG-super-secret-token-123"

interface Received {
  method: string
  path: string
  query: URLSearchParams
  headers: http.IncomingHttpHeaders
  body: unknown
}
type Handler = (req: Received, res: http.ServerResponse) => void

let server: http.Server
let baseUrl: string
let handler: Handler
let received: Received[]
// Every test runs over both transports: Node's http (the default) and axios (used when a proxy is set).
let transport: (o: TransportOptions) => Transport = nodeTransport

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (chunk: Buffer) => chunks.push(chunk))
    req.on("end", () => {
      const url = new URL(req.url ?? "/", "http://local")
      const raw = Buffer.concat(chunks).toString("utf8")
      const entry = { method: req.method ?? "", path: url.pathname, query: url.searchParams, headers: req.headers, body: raw ? JSON.parse(raw) : undefined }
      received.push(entry)
      handler(entry, res)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})

beforeEach(() => {
  received = []
  handler = (_, res) => reply(res, 404, { error: { message: "unexpected call", type: "GraphMethodException", code: 100 } })
})

function client(overrides: Partial<CloudApiClientOptions> = {}): CloudApiClient {
  return new CloudApiClient({
    base_url: baseUrl,
    api_version: "v23.0",
    phone_number_id: "106540352242922",
    waba_id: "102290129340398",
    access_token: TOKEN,
    request_timeout_ms: 2000,
    transport,
    ...overrides,
  })
}

function reply(res: http.ServerResponse, status: number, body?: unknown) {
  if (body === undefined) {
    res.writeHead(status).end()
    return
  }
  res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body))
}

function graphError(code: number, extra: Record<string, unknown> = {}) {
  return {
    error: {
      message: `(#${code}) something about ${code}`,
      type: "OAuthException",
      code,
      error_data: { messaging_product: "whatsapp", details: `details for ${code}` },
      fbtrace_id: "AbCdEfTrace",
      ...extra,
    },
  }
}

async function failure(promise: Promise<unknown>): Promise<WhatsAppProviderError> {
  try {
    await promise
  } catch (error) {
    expect(error).toBeInstanceOf(WhatsAppProviderError)
    return error as WhatsAppProviderError
  }
  throw new Error("expected the call to fail")
}

const TEXT: SendMessageRequest = {
  messaging_product: "whatsapp",
  recipient_type: "individual",
  to: "66812345678",
  type: "text",
  text: { body: "สวัสดีครับ" },
  biz_opaque_callback_data: "msg_01",
}

const SENT = {
  messaging_product: "whatsapp",
  contacts: [{ input: "66812345678", wa_id: "66812345678" }],
  messages: [{ id: "wamid.HBgLNjY4MTIzNDU2NzgVAgARGBI", message_status: "accepted" }],
}

describe.each([
  ["Node http", nodeTransport],
  ["axios", axiosTransport],
] as const)("over %s", (_name, factory) => {
  beforeAll(() => {
    transport = factory
  })

  describe("send", () => {
    it("posts the message with the bearer token and returns wamid, wa_id and message_status", async () => {
      handler = (_, res) => reply(res, 200, SENT)
      await expect(client().send(TEXT)).resolves.toEqual({
        wamid: "wamid.HBgLNjY4MTIzNDU2NzgVAgARGBI",
        wa_id: "66812345678",
        message_status: "accepted",
      })
      expect(received).toHaveLength(1)
      const [req] = received
      expect(req.method).toBe("POST")
      expect(req.path).toBe("/v23.0/106540352242922/messages")
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
      expect(req.headers["content-type"]).toMatch(/^application\/json/)
      expect(req.body).toEqual(TEXT)
    })

    it("sends marketing templates through the Marketing Messages API when enabled, everything else through /messages", async () => {
      handler = (_, res) => reply(res, 200, { ...SENT, messages: [{ id: "wamid.M", message_status: "held_for_quality_assessment" }] })
      const TEMPLATE: SendMessageRequest = { ...TEXT, type: "template", text: undefined, template: { name: "promo", language: { code: "th" } } } as any
      const on = client({ marketing_messages_api: true })
      await expect(on.send(TEMPLATE, { marketing: true })).resolves.toMatchObject({ wamid: "wamid.M", message_status: "held_for_quality_assessment" })
      await on.send(TEMPLATE) // a utility / notification template
      await on.send(TEXT, { marketing: true }) // free-form text is never on the MM API
      await client().send(TEMPLATE, { marketing: true }) // the option off
      expect(received.map((r) => r.path)).toEqual([
        "/v23.0/106540352242922/marketing_messages",
        "/v23.0/106540352242922/messages",
        "/v23.0/106540352242922/messages",
        "/v23.0/106540352242922/messages",
      ])
      expect(received[0].body).toEqual(TEMPLATE)
    })

    it("returns Meta's wa_id and status, defaulting a missing status to accepted", async () => {
      handler = (_, res) => reply(res, 200, { ...SENT, contacts: [{ input: "+66812345678", wa_id: "66812345678" }], messages: [{ id: "wamid.X" }] })
      await expect(client().send({ ...TEXT, to: "+66812345678" })).resolves.toEqual({ wamid: "wamid.X", wa_id: "66812345678", message_status: "accepted" })

      handler = (_, res) => reply(res, 200, { ...SENT, messages: [{ id: "wamid.Y", message_status: "held_for_quality_assessment" }] })
      await expect(client().send(TEXT)).resolves.toMatchObject({ message_status: "held_for_quality_assessment" })
    })

    it("keeps a path prefix in base_url (proxy / sandbox)", async () => {
      handler = (_, res) => reply(res, 200, SENT)
      await client({ base_url: `${baseUrl}/graph` }).send(TEXT)
      expect(received[0].path).toBe("/graph/v23.0/106540352242922/messages")
    })

    it("maps Graph error 132001 to a non-retryable classified error", async () => {
      handler = (_, res) => reply(res, 400, graphError(132001, { error_subcode: 2494010 }))
      const error = await failure(client().send(TEXT))
      expect(error).toMatchObject({
        name: "WhatsAppProviderError",
        code: 132001,
        subcode: 2494010,
        httpStatus: 400,
        fbtrace_id: "AbCdEfTrace",
        details: "details for 132001",
      })
      expect(error.classification).toMatchObject({ code: 132001, retryable: false, effect: "fix_request", scope: "template" })
      expect(error.message).toContain("132001")
    })

    it("classifies 130429 sent with HTTP 400 as retryable: code wins over status", async () => {
      handler = (_, res) => reply(res, 400, graphError(130429))
      const error = await failure(client().send(TEXT))
      expect(error.httpStatus).toBe(400)
      expect(error.classification).toMatchObject({ code: 130429, retryable: true, retry: "backoff" })
    })

    it("classifies a non-retryable code as such even under HTTP 500", async () => {
      handler = (_, res) => reply(res, 500, graphError(131047))
      const error = await failure(client().send(TEXT))
      expect(error.classification).toMatchObject({ retryable: false, effect: "use_template" })
    })

    it("reads a stringified code", async () => {
      handler = (_, res) => reply(res, 400, graphError(131056, { code: "131056" }))
      const error = await failure(client().send(TEXT))
      expect(error.code).toBe(131056)
      expect(error.classification.retry).toBe("per_recipient_later")
    })

    it("treats 500 without a body as retryable transport", async () => {
      handler = (_, res) => reply(res, 500)
      const error = await failure(client().send(TEXT))
      expect(error.code).toBeUndefined()
      expect(error.httpStatus).toBe(500)
      expect(error.classification).toMatchObject({ retryable: true, title: "Transport failure" })
    })

    it("treats 502 with an HTML body as retryable transport", async () => {
      handler = (_, res) => res.writeHead(502, { "content-type": "text/html" }).end("<html>Bad gateway</html>")
      const error = await failure(client().send(TEXT))
      expect(error.classification.retryable).toBe(true)
    })

    it("does not retry a 4xx without a Graph error", async () => {
      handler = (_, res) => res.writeHead(404, { "content-type": "text/plain" }).end("not found")
      const error = await failure(client().send(TEXT))
      expect(error.httpStatus).toBe(404)
      expect(error.classification.retryable).toBe(false)
    })

    it("does not retry an unreadable 2xx: Meta may have accepted the message", async () => {
      handler = (_, res) => reply(res, 200, { messaging_product: "whatsapp" })
      const error = await failure(client().send(TEXT))
      expect(error.message).toMatch(/unexpected response/)
      expect(error.classification.retryable).toBe(false)
    })

    it("treats connection refused as retryable transport", async () => {
      const closed = http.createServer()
      await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve))
      const port = (closed.address() as AddressInfo).port
      await new Promise((resolve) => closed.close(resolve))

      const error = await failure(client({ base_url: `http://127.0.0.1:${port}` }).send(TEXT))
      expect(error.message).toContain("ECONNREFUSED")
      expect(error.httpStatus).toBeUndefined()
      expect(error.classification).toMatchObject({ retryable: true, title: "Transport failure" })
    })

    it("treats a timeout as retryable transport", async () => {
      handler = () => undefined // never answers
      const error = await failure(client({ request_timeout_ms: 100 }).send(TEXT))
      expect(error.message).toMatch(/timeout|ECONNABORTED|ETIMEDOUT/i)
      expect(error.classification.retryable).toBe(true)
    })
  })

  describe("the access token", () => {
    it("never appears in error messages, details or the error object, even when echoed back", async () => {
      handler = (_, res) =>
        reply(res, 401, graphError(190, { message: `Invalid OAuth access token - ${TOKEN}`, error_data: { details: `token ${TOKEN} expired` } }))
      const error = await failure(client().send(TEXT))
      expect(error.classification.effect).toBe("alert_merchant")
      expect(error.message).toContain("***")
      for (const text of [error.message, error.details ?? "", error.stack ?? "", inspect(error, { depth: 10 }), JSON.stringify(error)]) {
        expect(text).not.toContain(TOKEN)
      }
    })

    it("never appears in transport errors", async () => {
      handler = () => undefined
      const error = await failure(client({ request_timeout_ms: 50 }).send(TEXT))
      for (const text of [error.message, error.stack ?? "", inspect(error, { depth: 10 }), JSON.stringify(error)]) {
        expect(text).not.toContain(TOKEN)
      }
    })

    it("is not visible when inspecting the client", () => {
      expect(inspect(client(), { depth: 10, showHidden: true })).not.toContain(TOKEN)
      expect(JSON.stringify(client())).not.toContain(TOKEN)
    })
  })

  describe("markRead", () => {
    it("posts a read status for the wamid", async () => {
      handler = (_, res) => reply(res, 200, { success: true })
      await expect(client().markRead("wamid.IN")).resolves.toBeUndefined()
      expect(received[0]).toMatchObject({
        method: "POST",
        path: "/v23.0/106540352242922/messages",
        body: { messaging_product: "whatsapp", status: "read", message_id: "wamid.IN" },
      })
    })

    it("fails when Meta does not confirm", async () => {
      handler = (_, res) => reply(res, 200, { success: false })
      await failure(client().markRead("wamid.IN"))
    })
  })

  function template(name: string): MessageTemplate {
    return { id: `id_${name}`, name, language: "th", status: "APPROVED", category: "UTILITY", components: [{ type: "BODY", text: "สวัสดี {{1}}" }] }
  }

  describe("templates", () => {
    it("lists a page with fields, limit and after", async () => {
      handler = (_, res) => reply(res, 200, { data: [template("a")] })
      const page = await client().listTemplates({ after: "CURSOR", limit: 2 })
      expect(page.data.map((t) => t.name)).toEqual(["a"])
      const [req] = received
      expect(req.method).toBe("GET")
      expect(req.path).toBe("/v23.0/102290129340398/message_templates")
      expect(req.query.get("after")).toBe("CURSOR")
      expect(req.query.get("limit")).toBe("2")
      expect(req.query.get("fields")).toContain("quality_score")
      expect(req.headers.authorization).toBe(`Bearer ${TOKEN}`)
    })

    it("follows after cursors across 3 pages and ignores the absolute next URL", async () => {
      const pages: Record<string, unknown> = {
        "": { data: [template("a"), template("b")], paging: { cursors: { before: "B0", after: "C1" }, next: "https://graph.facebook.com/v23.0/x?after=C1" } },
        C1: { data: [template("c"), template("d")], paging: { cursors: { before: "C1", after: "C2" }, next: "https://graph.facebook.com/v23.0/x?after=C2" } },
        // The last page still has an after cursor; only the missing `next` says it is the end.
        C2: { data: [template("e")], paging: { cursors: { before: "C2", after: "C3" } } },
      }
      handler = (req, res) => reply(res, 200, pages[req.query.get("after") ?? ""])

      const names: string[] = []
      for await (const t of client().listAllTemplates({ limit: 2 })) {
        names.push(t.name)
      }
      expect(names).toEqual(["a", "b", "c", "d", "e"])
      expect(received.map((r) => r.query.get("after"))).toEqual([null, "C1", "C2"])
      expect(received.every((r) => r.query.get("limit") === "2" && r.path === "/v23.0/102290129340398/message_templates")).toBe(true)
    })

    it("keeps paging past an empty page that has a next link", async () => {
      const pages: Record<string, unknown> = {
        "": { data: [], paging: { cursors: { after: "C1" }, next: "https://graph.facebook.com/next" } },
        C1: { data: [template("z")], paging: { cursors: { after: "C2" } } },
      }
      handler = (req, res) => reply(res, 200, pages[req.query.get("after") ?? ""])
      const all: MessageTemplate[] = []
      for await (const t of client().listAllTemplates()) {
        all.push(t)
      }
      expect(all.map((t) => t.name)).toEqual(["z"])
    })

    it("stops with an error if the cursor does not advance", async () => {
      handler = (_, res) => reply(res, 200, { data: [template("loop")], paging: { cursors: { after: "SAME" }, next: "https://graph.facebook.com/next" } })
      const run = async () => {
        for await (const _ of client().listAllTemplates()) {
          // drain
        }
      }
      const error = await failure(run())
      expect(error.message).toMatch(/cursor did not advance/)
      expect(received).toHaveLength(2)
    })

    it("surfaces a Graph error while paging", async () => {
      handler = (req, res) =>
        req.query.get("after")
          ? reply(res, 400, graphError(80007))
          : reply(res, 200, { data: [template("a")], paging: { cursors: { after: "C1" }, next: "https://graph.facebook.com/next" } })
      const seen: string[] = []
      const run = async () => {
        for await (const t of client().listAllTemplates()) {
          seen.push(t.name)
        }
      }
      const error = await failure(run())
      expect(seen).toEqual(["a"])
      expect(error.classification).toMatchObject({ code: 80007, retryable: true, retry: "later" })
    })

    it("creates a template", async () => {
      handler = (_, res) => reply(res, 200, { id: "594425479261596", status: "PENDING", category: "UTILITY" })
      const request = {
        name: "order_shipped",
        language: "th",
        category: "UTILITY" as const,
        components: [{ type: "BODY" as const, text: "คำสั่งซื้อ {{1}} จัดส่งแล้ว", example: { body_text: [["#1001"]] } }],
      }
      await expect(client().createTemplate(request)).resolves.toEqual({ id: "594425479261596", status: "PENDING", category: "UTILITY" })
      expect(received[0]).toMatchObject({ method: "POST", path: "/v23.0/102290129340398/message_templates", body: request })
    })

    it("maps a template creation error", async () => {
      handler = (_, res) => reply(res, 400, graphError(100, { error_subcode: 2388023 }))
      const error = await failure(client().createTemplate({ name: "dup", language: "th", category: "UTILITY", components: [] }))
      expect(error).toMatchObject({ code: 100, subcode: 2388023 })
      expect(error.classification.effect).toBe("fix_request")
    })
  })
})

describe("createTransport", () => {
  it("uses Node's http without a proxy variable and axios with one", async () => {
    handler = (req, res) => reply(res, 200, { seen: req.headers["user-agent"] ?? null })
    const options = { baseUrl: `${baseUrl}/v23.0`, timeoutMs: 1000, headers: {} }
    const plain = await createTransport(options, {})({ method: "GET", url: "/x" })
    // axios announces itself in User-Agent; Node's http sends none.
    expect(plain).toEqual({ status: 200, data: { seen: null } })
    // NO_PROXY keeps axios from actually routing this loopback call through the (absent) proxy.
    const proxied = await createTransport(options, { HTTPS_PROXY: "http://proxy.invalid:3128", NO_PROXY: "127.0.0.1" })({ method: "GET", url: "/x" })
    expect(proxied.data).toEqual({ seen: expect.stringMatching(/^axios\//) })
  })
})
