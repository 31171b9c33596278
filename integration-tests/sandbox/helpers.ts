/** Test helpers for the sandbox suites: a webhook receiver that verifies signatures on its own
 * (node:crypto over the raw bytes, no sandbox code involved) and a small Graph client. */
import { createHmac, timingSafeEqual } from "node:crypto"
import http from "node:http"
import type { AddressInfo } from "node:net"
import { createSandbox, type Sandbox, type SandboxOptions } from "../../sandbox/src"

export const TOKEN = "test-token"
export const SECRET = "test-app-secret"
export const PHONE_ID = "100000000000001"
export const WABA_ID = "200000000000001"

export interface Delivery {
  raw: Buffer
  signature: string | undefined
  signatureValid: boolean
  body: any
  answeredWith: number
}

export interface Receiver {
  /** Where the sandbox must post now; see renew(). */
  readonly url: string
  deliveries: Delivery[]
  /** Answer the next `n` deliveries with `status` instead of 200. */
  failNext(n: number, status?: number): void
  waitFor(predicate: (d: Delivery[]) => boolean, timeoutMs?: number): Promise<Delivery[]>
  clear(): void
  /** Moves to a fresh URL (and clears): posts still aimed at an older one are answered, not recorded. */
  renew(): string
  close(): Promise<void>
}

/** Generous: conditions are met in tens of ms, but a loaded 2-core CI box can stall for seconds. */
const WAIT_MS = 10_000

export function verify(secret: string, raw: Buffer, header: string | undefined): boolean {
  const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`)
  const given = Buffer.from(header ?? "")
  return given.length === expected.length && timingSafeEqual(given, expected)
}

export async function startReceiver(secret = SECRET): Promise<Receiver> {
  const deliveries: Delivery[] = []
  const failures: number[] = []
  let waiters: (() => void)[] = []
  // A POST the sandbox wrote just before reset() can still be read after the next test began; it
  // carries the previous generation's path and is answered without being recorded (or using up failNext).
  let generation = 0
  const path = () => `/webhook/${generation}`
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => {
      if (req.url !== path()) return void res.writeHead(200).end()
      const raw = Buffer.concat(chunks)
      const signature = req.headers["x-hub-signature-256"] as string | undefined
      const answeredWith = failures.shift() ?? 200
      deliveries.push({ raw, signature, signatureValid: verify(secret, raw, signature), body: JSON.parse(raw.toString("utf8")), answeredWith })
      res.writeHead(answeredWith).end()
      waiters.forEach((w) => w())
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r))
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const clear = () => {
    deliveries.length = 0
    failures.length = 0
  }
  return {
    get url() {
      return `${origin}${path()}`
    },
    deliveries,
    failNext: (n, status = 500) => failures.push(...Array(n).fill(status)),
    waitFor: (predicate, timeoutMs = WAIT_MS) =>
      new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(deliveries)) return false
          clearTimeout(timer)
          waiters = waiters.filter((w) => w !== check)
          resolve(deliveries)
          return true
        }
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== check)
          reject(new Error(`webhook condition not met within ${timeoutMs} ms; got ${deliveries.length} deliveries`))
        }, timeoutMs)
        if (!check()) waiters.push(check)
      }),
    clear,
    renew: () => {
      generation++
      clear()
      return `${origin}${path()}`
    },
    close: () => {
      server.closeAllConnections()
      return new Promise((r) => server.close(() => r()))
    },
  }
}

/** Fast timings so every suite stays well under a few seconds. */
export async function startSandbox(receiver: Receiver, extra: SandboxOptions = {}): Promise<Sandbox> {
  return createSandbox({
    accessToken: TOKEN,
    appSecret: SECRET,
    webhookUrl: receiver.url,
    statusDelaysMs: { sent: 10, delivered: 40, read: 80 },
    templateReviewDelayMs: 20,
    webhookRetry: { attempts: 3, backoffMs: 30, factor: 2, timeoutMs: 1000 },
    ...extra,
  })
}

export async function graph(sandbox: Sandbox, method: string, path: string, body?: unknown, token: string | null = TOKEN) {
  const res = await fetch(path.startsWith("http") ? path : `${sandbox.url}${path}`, {
    method,
    headers: { "Content-Type": "application/json", ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
  })
  return { status: res.status, body: (await res.json()) as any }
}

export const send = (sandbox: Sandbox, message: Record<string, unknown>) =>
  graph(sandbox, "POST", `/v23.0/${PHONE_ID}/messages`, { messaging_product: "whatsapp", recipient_type: "individual", ...message })

export const text = (to: string, body = "hello", extra: Record<string, unknown> = {}) => ({ to, type: "text", text: { body }, ...extra })

export const template = (to: string, name: string, lang: string, components?: unknown[], extra: Record<string, unknown> = {}) => ({
  to,
  type: "template",
  template: { name, language: { code: lang }, ...(components ? { components } : {}) },
  ...extra,
})

export const bodyParams = (...values: string[]) => ({ type: "body", parameters: values.map((text) => ({ type: "text", text })) })

/** Status webhooks for one wamid, in arrival order. */
export const statusesOf = (deliveries: Delivery[], wamid: string): any[] =>
  deliveries.flatMap((d) => d.body.entry.flatMap((e: any) => e.changes.map((c: any) => c.value.statuses ?? [])).flat()).filter((s: any) => s.id === wamid)

export const changesOf = (deliveries: Delivery[], field: string): any[] =>
  deliveries.flatMap((d) => d.body.entry.flatMap((e: any) => e.changes.filter((c: any) => c.field === field)))

/** Between tests: drop sandbox state and what was received, and point the sandbox at the
 * receiver's new URL, so a delivery aborted by the reset cannot show up in the next test. */
export async function resetAll(sandbox: Sandbox, receiver: Receiver): Promise<void> {
  sandbox.reset({ config: true })
  sandbox.setWebhookUrl(receiver.renew())
}

/** Templates most suites need: a utility one with header/body/URL button, a marketing one. */
export const SEED = [
  {
    name: "order_update",
    language: "th",
    category: "UTILITY" as const,
    components: [
      { type: "HEADER" as const, format: "TEXT" as const, text: "คำสั่งซื้อ #{{1}}", example: { header_text: ["1024"] } },
      { type: "BODY" as const, text: "สวัสดีคุณ {{1}} ยอดรวม {{2}} ขอบคุณค่ะ", example: { body_text: [["สมชาย", "฿100"]] } },
      {
        type: "BUTTONS" as const,
        buttons: [
          { type: "URL" as const, text: "ดูคำสั่งซื้อ", url: "https://shop.example.com/o/{{1}}", example: ["https://shop.example.com/o/1"] },
          { type: "QUICK_REPLY" as const, text: "ติดต่อร้าน" },
        ],
      },
    ],
  },
  {
    name: "promo_blast",
    language: "th",
    category: "MARKETING" as const,
    components: [{ type: "BODY" as const, text: "ลดราคาพิเศษ {{1}} สำหรับคุณวันนี้เท่านั้น", example: { body_text: [["20%"]] } }],
  },
]

export const orderUpdate = (to: string, extra: Record<string, unknown> = {}) =>
  template(
    to,
    "order_update",
    "th",
    [
      { type: "header", parameters: [{ type: "text", text: "1024" }] },
      bodyParams("สมชาย", "฿100"),
      { type: "button", sub_type: "url", index: "0", parameters: [{ type: "text", text: "1024" }] },
    ],
    extra
  )
