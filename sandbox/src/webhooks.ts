/** Outgoing webhooks: Meta's byte-level serialisation, HMAC signing, at-least-once delivery. */
import { createHmac, randomUUID } from "node:crypto"
import http from "node:http"
import https from "node:https"
import type { WebhookChange, WebhookPayload } from "../../src/modules/whatsapp/channels/cloud-api/types"
import type { SandboxConfig } from "./config"
import { Scheduler } from "./scheduler"
import type { DeliveryAttempt, SandboxState } from "./state"

/** JSON as Meta sends it: every char above "~" as a lowercase \uXXXX escape (UTF-16 units, so
 * astral chars become surrogate pairs) and "/" as "\/". Receivers must verify the raw bytes. */
export function metaJson(value: unknown): string {
  return JSON.stringify(value)
    .replace(/[^\0-~]/g, (ch) => "\\u" + ch.charCodeAt(0).toString(16).padStart(4, "0"))
    .replace(/\//g, "\\/")
}

export const sign = (secret: string, body: string | Buffer): string => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`

export const envelope = (wabaId: string, change: WebhookChange): WebhookPayload => ({
  object: "whatsapp_business_account",
  entry: [{ id: wabaId, changes: [change] }],
})

export interface FirstAttempt {
  delivered: boolean
  status?: number
  error?: string
}

export class WebhookDispatcher {
  private inflight = new Set<http.ClientRequest>()
  private agents = { http: new http.Agent({ keepAlive: true }), https: new https.Agent({ keepAlive: true }) }
  private retries = new Scheduler()
  /** Bumped by cancel(): attempts started before it finish but are not retried. */
  private epoch = 0

  constructor(
    private config: () => SandboxConfig,
    private state: SandboxState
  ) {}

  /** Starts delivery (with retries, maybe a duplicate) and resolves after the first attempt.
   * Never rejects; callers that must not wait simply ignore the promise. */
  send(change: WebhookChange): Promise<FirstAttempt> {
    const cfg = this.config()
    const body = metaJson(envelope(cfg.wabaId, change))
    if (Math.random() < cfg.duplicateRate) void this.deliver(change.field, body, true)
    return this.deliver(change.field, body, false)
  }

  private deliver(field: string, body: string, duplicate: boolean): Promise<FirstAttempt> {
    const deliveryId = randomUUID()
    const epoch = this.epoch
    return new Promise((resolveFirst) => {
      const attempt = (n: number) => {
        const cfg = this.config()
        const started = Date.now()
        const done = (result: FirstAttempt) => {
          if (n === 1) resolveFirst(result)
          // Attempts cut short by reset()/close() leave no trace in the fresh state.
          if (epoch !== this.epoch) return
          this.state.logDelivery({
            delivery_id: deliveryId,
            attempt: n,
            duplicate,
            field,
            url: cfg.webhookUrl,
            at: new Date(started).toISOString(),
            ok: result.delivered,
            status: result.status,
            error: result.error,
            duration_ms: Date.now() - started,
            body,
          } satisfies DeliveryAttempt)
          const { attempts, backoffMs, factor } = cfg.webhookRetry
          if (!result.delivered && cfg.webhookUrl && n < attempts) this.retries.after(backoffMs * factor ** (n - 1), () => attempt(n + 1))
        }
        if (!cfg.webhookUrl) return done({ delivered: false, error: "no webhook URL configured" })
        this.post(cfg.webhookUrl, body, cfg).then(done)
      }
      attempt(1)
    })
  }

  private post(url: string, body: string, cfg: SandboxConfig): Promise<FirstAttempt> {
    return new Promise((resolve) => {
      const secure = url.startsWith("https:")
      const req = (secure ? https : http).request(url, {
        method: "POST",
        agent: secure ? this.agents.https : this.agents.http,
        headers: {
          "Content-Type": "application/json",
          "Content-Length": Buffer.byteLength(body),
          "User-Agent": "facebookexternalua",
          "X-Hub-Signature-256": sign(cfg.appSecret, body),
        },
      })
      this.inflight.add(req)
      const finish = (r: FirstAttempt) => {
        this.inflight.delete(req)
        resolve(r)
      }
      req.setTimeout(cfg.webhookRetry.timeoutMs, () => req.destroy(new Error(`timed out after ${cfg.webhookRetry.timeoutMs} ms`)))
      req.on("response", (res) => {
        res.resume()
        res.on("end", () => {
          const status = res.statusCode ?? 0
          finish({ delivered: status >= 200 && status < 300, status })
        })
        res.on("error", (e) => finish({ delivered: false, status: res.statusCode, error: e.message }))
      })
      req.on("error", (e) => finish({ delivered: false, error: e.message }))
      req.end(body)
    })
  }

  /** Drops pending retries and aborts requests in flight (used by reset). */
  cancel(): void {
    this.epoch++
    this.retries.clear()
    for (const req of this.inflight) req.destroy()
    this.inflight.clear()
  }

  /** Like cancel(), and frees pooled sockets. */
  close(): void {
    this.cancel()
    this.agents.http.destroy()
    this.agents.https.destroy()
  }
}
