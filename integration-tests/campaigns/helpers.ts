/**
 * Helpers for the campaign process tests (crash.spec.ts, bullmq.spec.ts): worker processes that run
 * the campaign engine (`medusa exec integration-tests/campaigns/worker.ts`, see worker.ts) against the
 * test runner's database, SQL seeding, and what the sandbox saw.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process"
import fs from "node:fs"
import net from "node:net"
import os from "node:os"
import path from "node:path"

export const ROOT = path.resolve(__dirname, "..", "..")

/** The URL medusaIntegrationTestRunner uses for `dbName` (same env as @medusajs/test-utils getDatabaseURL). */
export function databaseUrl(dbName: string) {
  const user = process.env.DB_USERNAME ?? "postgres"
  const password = process.env.DB_PASSWORD ?? ""
  const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user)
  return `postgres://${auth}@${process.env.DB_HOST ?? "localhost"}:${process.env.DB_PORT ?? "5432"}/${dbName}`
}

export const uniqueDbName = (what: string) => `wa-${what}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`

export interface WorkerProcess {
  pid: number
  log: string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  running(): boolean
  /** kill -9 of the worker's whole process group (the CLI and anything it forked). */
  kill9(): Promise<void>
  /** SIGTERM, then SIGKILL after graceMs. */
  stop(graceMs?: number): Promise<void>
}

const workers = new Set<WorkerProcess>()

/** Starts one worker process (own process group, output to a log file under the OS temp dir). */
export function startWorker(opts: {
  name: string
  databaseUrl: string
  sandboxUrl: string
  campaignId?: string
  env?: Record<string, string>
  tickMs?: number
  /** bin/whatsapp-campaign-worker.js (the built plugin without Medusa) instead of `medusa exec worker.ts`. */
  standalone?: boolean
}): WorkerProcess {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `wa-campaign-${opts.name}-`))
  const log = path.join(dir, "worker.log")
  const out = fs.openSync(log, "a")
  const cli = require.resolve("@medusajs/cli/cli.js", { paths: [ROOT] })
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_OPTIONS: undefined, // jest's --experimental-vm-modules is not for the child
    NODE_ENV: "development",
    MEDUSA_DISABLE_TELEMETRY: "true",
    LOG_LEVEL: "error",
    DATABASE_URL: opts.databaseUrl,
    DB_HOST: undefined,
    WHATSAPP_BASE_URL: opts.sandboxUrl,
    WHATSAPP_CAMPAIGN_WORKERS: "1",
    REDIS_URL: undefined,
    WA_WORKER: JSON.stringify({ campaignId: opts.campaignId, tickMs: opts.tickMs ?? 2000, progress: log }),
    ...opts.env,
  }
  if (opts.standalone) {
    // What the root medusa-config.ts defaults to, which the app half of the test runs with.
    Object.assign(env, {
      WHATSAPP_PHONE_NUMBER_ID: process.env.WHATSAPP_PHONE_NUMBER_ID || "100000000000001",
      WHATSAPP_WABA_ID: process.env.WHATSAPP_WABA_ID || "200000000000001",
      WHATSAPP_ACCESS_TOKEN: process.env.WHATSAPP_ACCESS_TOKEN || "sandbox-token",
      WHATSAPP_WORKER_TICK_MS: String(opts.tickMs ?? 500),
      ...opts.env,
    })
  }
  const args = opts.standalone ? [path.join(ROOT, "bin", "whatsapp-campaign-worker.js")] : [cli, "exec", "integration-tests/campaigns/worker.ts"]
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: env as NodeJS.ProcessEnv,
    detached: true,
    stdio: ["ignore", out, out],
  })
  fs.closeSync(out)
  let done = false
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on("exit", (code, signal) => {
      done = true
      workers.delete(w)
      resolve({ code, signal })
    })
  )
  const group = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal)
    } catch {}
  }
  const w: WorkerProcess = {
    pid: child.pid!,
    log,
    exited,
    running: () => !done,
    async kill9() {
      group("SIGKILL")
      await exited
    },
    async stop(graceMs = 5000) {
      if (done) return
      group("SIGTERM")
      const t = setTimeout(() => group("SIGKILL"), graceMs)
      await exited
      clearTimeout(t)
    },
  }
  workers.add(w)
  return w
}

/** Stops every worker this file started (afterAll / failures). */
export async function stopAllWorkers() {
  await Promise.all([...workers].map((w) => w.kill9()))
}

export const tailLog = (w: WorkerProcess, lines = 30) => {
  try {
    return fs.readFileSync(w.log, "utf8").split("\n").slice(-lines).join("\n")
  } catch {
    return "(no log)"
  }
}

/** null when Redis answers PING at url, else why not: over a raw socket, synchronously (jest needs to know at definition time). */
export function redisReachable(url: string): string | null {
  const u = new URL(url)
  const script = `
    const s = require("net").connect(${Number(u.port || 6379)}, ${JSON.stringify(u.hostname)});
    s.setTimeout(1500, () => { console.log("timeout"); process.exit(1) });
    s.on("connect", () => s.write("PING\\r\\n"));
    s.on("data", (d) => { const t = String(d); if (t.startsWith("+PONG") || t.includes("NOAUTH")) process.exit(0); console.log(t.trim()); process.exit(1) });
    s.on("error", (e) => { console.log(e.code || e.message); process.exit(1) });`
  const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8", timeout: 5000 })
  return r.status === 0 ? null : (r.stdout || r.stderr || "no answer").trim()
}

/**
 * True when Redis answers at url. Otherwise the file gets one skipped test whose name says why, and
 * a warning on the console: a Redis test may skip only with a printed reason (CI has Redis).
 */
export function requireRedis(url: string, suite: string, file: string): boolean {
  const unreachable = redisReachable(url)
  if (!unreachable) return true
  describe(suite, () => {
    it.skip(`SKIPPED: Redis is not reachable at ${url} (${unreachable}); set REDIS_URL or start redis-server on 127.0.0.1:6379`, () => {})
  })
  // eslint-disable-next-line no-console
  console.warn(`[${file}] skipped: Redis is not reachable at ${url} (${unreachable})`)
  return false
}

/** A Redis key namespace of its own (WHATSAPP_REDIS_PREFIX) for one test run: queue and limiter keys never meet another run's. */
export const uniqueRedisPrefix = (what: string) => `wa-test-${what}-${process.pid}-${Math.random().toString(36).slice(2, 7)}`

/** Deletes every key under `prefix:` (after the run; the workers are gone by then). */
export async function deleteRedisPrefix(redisUrl: string, prefix: string): Promise<number> {
  const IORedis = require("ioredis")
  const redis = new IORedis(redisUrl, { maxRetriesPerRequest: 1 })
  let deleted = 0
  try {
    let cursor = "0"
    do {
      const [next, keys] = await redis.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000)
      if (keys.length) deleted += await redis.del(...keys)
      cursor = next
    } while (cursor !== "0")
  } finally {
    redis.disconnect()
  }
  return deleted
}

/** n contacts with marketing consent, wa_ids 66<prefix><i>, inserted with one statement. */
export async function seedContacts(pg: any, n: number, prefix: string): Promise<string[]> {
  const { rows } = await pg.raw(
    `INSERT INTO whatsapp_contact (id, wa_id, marketing_consent, marketing_consent_at)
     SELECT 'wacon_' || ? || lpad(i::text, 7, '0'), '66' || ? || lpad(i::text, 7, '0'), 'granted', now() - interval '1 day'
     FROM generate_series(1, ?) AS i RETURNING wa_id`,
    [prefix, prefix, n]
  )
  return rows.map((r: any) => r.wa_id)
}

/** wa_id → number of messages the sandbox accepted for it. */
export function countsByWaId(sandbox: any): Map<string, number> {
  const m = new Map<string, number>()
  for (const o of sandbox.state.outbound.values()) m.set(o.to, (m.get(o.to) ?? 0) + 1)
  return m
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer()
    s.once("error", reject)
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port
      s.close(() => resolve(port))
    })
  })
}
