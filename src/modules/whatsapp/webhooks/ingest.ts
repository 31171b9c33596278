/**
 * The standalone webhook ingest: the same verification (accept.ts), the same receipt table, the
 * same processing (ReceiptProcessor) as POST /hooks/whatsapp, without Medusa's HTTP stack, which
 * alone answers only ~2,000 requests/s on a small box. Started by the worker binary when
 * WHATSAPP_INGEST_PORT is set (README, "Webhooks at volume"). Events go through the outbox
 * (outbox.ts) so the app's subscribers still see every received message and status.
 */
import http from "node:http"
import type { AddressInfo } from "node:net"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import type { Logger } from "@medusajs/framework/types"
import type { WhatsAppPluginOptions } from "../options"
import type { WhatsAppProvider } from "../channels/provider"
import { messageOf } from "../domain/errors"
import { acceptWebhook, handshakeChallenge } from "./accept"
import { writeOutbox } from "./outbox"
import { ReceiptProcessor, ReceiptWriter } from "./receipts"

export const INGEST_PATH = "/hooks/whatsapp"

export interface IngestHandle {
  port: number
  processor: ReceiptProcessor
  /** Stops accepting, answers what is in flight, waits for the receipts being applied. */
  close(): Promise<void>
}

type IngestLogger = Pick<Logger, "info" | "warn" | "error"> & Partial<Pick<Logger, "debug">>

export async function startWebhookIngest(deps: {
  pg: Knex
  options: WhatsAppPluginOptions
  provider: () => WhatsAppProvider
  logger: IngestLogger
  port: number
  host?: string
}): Promise<IngestHandle> {
  const { pg, options } = deps
  const writer = new ReceiptWriter(pg)
  const processor = new ReceiptProcessor({
    pg,
    scope: { phoneNumberId: options.phone_number_id, wabaId: options.waba_id, region: options.default_region },
    logger: deps.logger as Logger,
    provider: deps.provider,
    emit: async () => {},
    emitIn: (trx, events) => writeOutbox(trx, events),
  })
  const answer = (res: http.ServerResponse, status: number, body: unknown, type = "application/json") => {
    const text = type === "application/json" ? JSON.stringify(body) : String(body)
    res.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(text) })
    res.end(text)
  }
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://ingest")
    if (url.pathname !== INGEST_PATH) return answer(res, 404, { message: `Not found: the webhook URL is ${INGEST_PATH}` })
    if (req.method === "GET") {
      const challenge = handshakeChallenge(Object.fromEntries(url.searchParams), options.webhook_verify_token)
      if (challenge === null) return answer(res, 403, { message: "Verification failed: hub.mode must be subscribe and hub.verify_token must match" })
      return answer(res, 200, challenge, "text/plain")
    }
    if (req.method !== "POST") return answer(res, 405, { message: "Only GET (handshake) and POST (events)" })
    const chunks: Buffer[] = []
    let size = 0
    let tooLarge = false
    req.on("data", (c: Buffer) => {
      size += c.length
      // Stop buffering past the limit; the rest is read and dropped so the 413 reaches the sender.
      if (size > options.max_webhook_body_bytes) tooLarge = true
      else chunks.push(c)
    })
    req.on("end", () => {
      if (tooLarge) return answer(res, 413, { message: `Body larger than ${options.max_webhook_body_bytes} bytes (max_webhook_body_bytes)` })
      const raw = Buffer.concat(chunks)
      const signature = req.headers["x-hub-signature-256"]
      const verdict = acceptWebhook(raw, signature, options)
      if (!verdict.ok) return answer(res, verdict.status, { message: verdict.message })
      writer.store(raw, String(signature)).then(
        ({ id, duplicate }) => {
          answer(res, 200, { received: true, duplicate })
          if (!duplicate) processor.processInBackground(id, verdict.body)
        },
        (e) => {
          // Not stored, so not acked: Meta retries it.
          deps.logger.error(`whatsapp-ingest: storing a receipt failed: ${messageOf(e)}`)
          answer(res, 500, { message: "Could not store the webhook; retry" })
        }
      )
    })
    req.on("error", () => res.destroy())
  })
  server.keepAliveTimeout = 65_000
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(deps.port, deps.host ?? "0.0.0.0", () => resolve())
  })
  // What a crash left stored but unapplied, then every 15 s whatever waits for a retry.
  await processor.processPending({ includeRecent: true }).catch((e) => deps.logger.error(`whatsapp-ingest: recovery failed: ${messageOf(e)}`))
  processor.startSweeper()
  return {
    port: (server.address() as AddressInfo).port,
    processor,
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()))
      server.closeAllConnections?.()
      await processor.drain()
    },
  }
}
