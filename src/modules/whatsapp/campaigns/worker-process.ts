/**
 * A campaign worker without Medusa: `npx whatsapp-campaign-worker` (bin/whatsapp-campaign-worker.js).
 *
 * Runs the same engine and pipeline as the plugin inside Medusa, against the same database, so a
 * store can send large campaigns from dedicated processes (on any number of machines) without
 * booting a whole Medusa app in each: a fraction of the memory, and the Medusa server's CPU left
 * to the storefront. Exactly-once does not depend on who sends (Postgres claims do that), so it
 * may run beside Medusa's own in-process worker; set WHATSAPP_CAMPAIGN_WORKERS=0 on the Medusa
 * side to leave all sending to these processes.
 *
 * Every WHATSAPP_WORKER_TICK_MS it does what the plugin's scheduled job does once a minute: start
 * due scheduled campaigns, resume tier-paused ones with room, and pick up running ones.
 */
import { createPgConnection } from "@medusajs/framework/utils"
import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { z } from "@medusajs/framework/zod"
import { parseWhatsAppOptions } from "../options"
import { LinkTracking } from "../links/clicks"
import { CloudApiClient } from "../channels/cloud-api"
import { CampaignEngine } from "./engine"
import { campaignQueueEnv } from "./queue-env"
import { probeCampaignTable } from "./store"
import { withLock } from "../settings/store"
import { messageOf } from "../domain/errors"
import { INGEST_PATH, startWebhookIngest, type IngestHandle } from "../webhooks/ingest"

const env = z.object({
  DATABASE_URL: z.string({ error: "DATABASE_URL is required (the Medusa store's database)" }).min(1, "DATABASE_URL is required"),
  DATABASE_SCHEMA: z.string().default("public"),
  REDIS_URL: z.string().optional(),
  WHATSAPP_WORKER_TICK_MS: z.coerce.number().int().min(100).default(5_000),
  WHATSAPP_WORKER_DB_POOL: z.coerce.number().int().min(2).max(100).default(10),
  /** Set: this process also serves the standalone webhook ingest on that port (webhooks/ingest.ts). */
  WHATSAPP_INGEST_PORT: z.coerce.number().int().min(0).max(65535).optional(),
  WHATSAPP_INGEST_HOST: z.string().default("0.0.0.0"),
  /** 0: no campaign sending here (an ingest-only process). */
  WHATSAPP_CAMPAIGN_SENDING: z.enum(["0", "1"]).default("1"),
})

export interface WorkerHandle {
  engine: CampaignEngine
  pg: Knex
  /** The standalone webhook ingest, when WHATSAPP_INGEST_PORT is set. */
  ingest: IngestHandle | null
  /** Stops picking up work, lets in-flight batches record their outcomes, closes connections. */
  stop(): Promise<void>
}

type Log = { info(m: string): void; warn(m: string): void; error(m: string): void }

/** Plugin options from the same WHATSAPP_* variables the README's medusa-config example reads. */
export function optionsFromEnv(e: NodeJS.ProcessEnv) {
  return parseWhatsAppOptions({
    base_url: e.WHATSAPP_BASE_URL,
    api_version: e.WHATSAPP_API_VERSION,
    phone_number_id: e.WHATSAPP_PHONE_NUMBER_ID,
    waba_id: e.WHATSAPP_WABA_ID,
    access_token: e.WHATSAPP_ACCESS_TOKEN,
    // Only the webhook ingest verifies webhooks (and then requires both, see startCampaignWorker);
    // a sending-only worker needs neither.
    app_secret: e.WHATSAPP_APP_SECRET || "unused-by-the-campaign-worker",
    webhook_verify_token: e.WHATSAPP_VERIFY_TOKEN || "unused-by-the-campaign-worker",
    default_region: e.WHATSAPP_DEFAULT_REGION,
    store_timezone: e.WHATSAPP_STORE_TIMEZONE,
    store_name: e.WHATSAPP_STORE_NAME,
    request_timeout_ms: e.WHATSAPP_REQUEST_TIMEOUT_MS,
    marketing_messages_api: e.WHATSAPP_MARKETING_MESSAGES_API,
    // Tracked links must be signed with the app's key: set WHATSAPP_LINK_SECRET or the real app secret.
    tracking_base_url: e.WHATSAPP_TRACKING_BASE_URL,
    storefront_url: e.WHATSAPP_STOREFRONT_URL,
    link_allowed_hosts: e.WHATSAPP_LINK_ALLOWED_HOSTS,
    link_secret: e.WHATSAPP_LINK_SECRET,
  })
}

export async function startCampaignWorker(e: NodeJS.ProcessEnv = process.env, log: Log = consoleLog): Promise<WorkerHandle> {
  const parsed = env.safeParse(e)
  if (!parsed.success) throw new Error(parsed.error.issues.map((i) => `whatsapp-campaign-worker: ${i.path.join(".")}: ${i.message}`).join("\n"))
  const cfg = parsed.data
  if (cfg.WHATSAPP_INGEST_PORT !== undefined && (!e.WHATSAPP_APP_SECRET || !e.WHATSAPP_VERIFY_TOKEN)) {
    throw new Error(
      "whatsapp-campaign-worker: WHATSAPP_INGEST_PORT needs WHATSAPP_APP_SECRET and WHATSAPP_VERIFY_TOKEN (the webhook's signature and handshake)"
    )
  }
  const options = optionsFromEnv(e)
  const pg = createPgConnection({ clientUrl: cfg.DATABASE_URL, schema: cfg.DATABASE_SCHEMA, pool: { min: 1, max: cfg.WHATSAPP_WORKER_DB_POOL } } as any)
  await probeCampaignTable(pg).catch((err: Error) => {
    throw new Error(`whatsapp-campaign-worker: cannot read whatsapp_campaign (${err.message}); is DATABASE_URL the store's database, migrated?`)
  })
  const provider = new CloudApiClient(options)
  const links = new LinkTracking(pg, options)
  const engine = new CampaignEngine({
    pg,
    provider: () => provider,
    phoneNumberId: options.phone_number_id,
    storeTimezone: options.store_timezone,
    storeName: options.store_name ?? null,
    trackLinks: (request, campaignId, recipientId) => links.trackCampaignRequest(request, campaignId, recipientId),
    logger: log,
    redisUrl: cfg.REDIS_URL || null,
    // Same prefix and lock timings as the Medusa side, or the two would watch different queues.
    bullmq: campaignQueueEnv(e),
    runWorker: cfg.WHATSAPP_CAMPAIGN_SENDING === "1",
  })
  const ingest =
    cfg.WHATSAPP_INGEST_PORT === undefined
      ? null
      : await startWebhookIngest({ pg, options, provider: () => provider, logger: log, port: cfg.WHATSAPP_INGEST_PORT, host: cfg.WHATSAPP_INGEST_HOST })
  if (ingest) log.info(`whatsapp-campaign-worker: webhook ingest on http://${cfg.WHATSAPP_INGEST_HOST}:${ingest.port}${INGEST_PATH}`)

  let stopped = false
  let ticking: Promise<unknown> = Promise.resolve()
  const tick = () =>
    // The same lock as the plugin's scheduled job: one tick at a time across every process.
    (ticking = withLock(pg, "whatsapp:campaign-scheduler", () => engine.tick()).catch((err: Error) =>
      log.error(`whatsapp-campaign-worker: tick failed: ${err.message}`)
    ))
  await tick()
  const timer = setInterval(() => !stopped && tick(), cfg.WHATSAPP_WORKER_TICK_MS)
  log.info(`whatsapp-campaign-worker: ${engine.queue().kind} queue, phone number ${options.phone_number_id}, tick every ${cfg.WHATSAPP_WORKER_TICK_MS} ms`)

  return {
    engine,
    pg,
    ingest,
    async stop() {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      await ingest?.close()
      await ticking
      await engine.close()
      await pg.destroy()
    },
  }
}

const consoleLog: Log = {
  info: (m) => console.log(m),
  warn: (m) => console.warn(m),
  error: (m) => console.error(m),
}

/** The bin's entry: start, and stop cleanly on SIGTERM / SIGINT. */
export async function main() {
  // Handlers go in before starting: a SIGTERM that arrives while the first tick or the ingest's
  // recovery is still running must wait for the start and then stop cleanly, not kill the process.
  const started = startCampaignWorker()
  let stopping = false
  const shutdown = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`whatsapp-campaign-worker: ${signal}: finishing in-flight batches …`)
    started
      .then((handle) => handle.stop())
      .then(
        () => process.exit(0),
        (err) => {
          console.error(`whatsapp-campaign-worker: shutdown failed: ${messageOf(err)}`)
          process.exit(1)
        }
      )
  }
  process.once("SIGTERM", () => shutdown("SIGTERM"))
  process.once("SIGINT", () => shutdown("SIGINT"))
  try {
    await started
  } catch (err) {
    console.error(messageOf(err))
    process.exit(1)
  }
}
