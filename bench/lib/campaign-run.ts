/**
 * The dispatcher half of bench/campaign.js, run by `medusa exec bench/lib/campaign-run.ts` in the
 * repo root: boots the app from the root medusa-config.ts (plugin from source) in this process, so
 * the campaign engine (in-process queue, full DB tracking) runs here and this process's RSS is the
 * dispatcher's. For each phase: revoke the previous phase's contacts, seed `recipients` consented
 * contacts with one generate_series INSERT, create and start a campaign through the service, and
 * sample progress (checkpoint) and RSS every second until it completes.
 *
 * Input: env BENCH_CAMPAIGN (JSON { sandboxUrl, out, progress, phases[] }). Output: JSON at `out`.
 */
import fs from "node:fs"
import { Session } from "node:inspector/promises"
import { ContainerRegistrationKeys } from "@medusajs/framework/utils"
import type { ExecArgs } from "@medusajs/framework/types"

type Phase = {
  name: string
  recipients: number
  prefix: string
  settings: Record<string, unknown>
  sandboxConfig: Record<string, unknown>
  /** POST /_sandbox/reset every this many sends, so the sandbox's in-memory log stays bounded. */
  resetEvery: number
  /**
   * The loop: the sandbox posts sent → delivered → read for every message back to the plugin;
   * the phase ends when every campaign message is `read` (or at the timeout).
   */
  loop?: boolean
  /** Fetch the sandbox's accepted messages at the end (timestamps for the achieved rate). */
  sandboxTimestamps?: boolean
  timeoutSeconds: number
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
// The dispatcher's memory: this process's, or the separate worker's (BENCH_CAMPAIGN.rssPid).
let rssPid: number | null = null
const status = (field: string) => {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${rssPid ?? "self"}/status`, "utf8"))
    return m ? Number(m[1]) / 1024 : NaN
  } catch {
    return NaN
  }
}
const rssMb = () => (rssPid ? status("VmRSS") : process.memoryUsage().rss / 1048576)
const hwmMb = () => status("VmHWM")

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { cpuMeter } = require("./stack") as { cpuMeter: (groups: Record<string, number | null>) => () => Record<string, number> }

export default async function campaignBench({ container }: ExecArgs) {
  const cfg = JSON.parse(process.env.BENCH_CAMPAIGN || "{}") as {
    sandboxUrl: string
    out: string
    progress: string
    phases: Phase[]
    profile?: string
    rssPid?: number
    pgStats?: boolean
    cpuPids?: Record<string, number | null>
  }
  rssPid = cfg.rssPid ?? null
  const say = (line: string) => fs.appendFileSync(cfg.progress, `${line}\n`)
  const whatsapp: any = container.resolve("whatsapp")
  const pg: any = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const sandbox = (path: string, method = "POST", body: unknown = {}) =>
    fetch(`${cfg.sandboxUrl}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      body: method === "GET" ? undefined : JSON.stringify(body),
    }).then((r) => r.json())
  await whatsapp.syncTemplates()
  const results: any[] = []
  // --profile: a V8 CPU profile of the sending (open it in Chrome DevTools / speedscope).
  const profiler = cfg.profile ? new Session() : null
  if (profiler) {
    profiler.connect()
    await profiler.post("Profiler.enable")
    await profiler.post("Profiler.start")
  }
  for (const ph of cfg.phases) {
    await sandbox("/_sandbox/config", "PATCH", ph.sandboxConfig)
    await sandbox("/_sandbox/reset")
    let t = Date.now()
    await pg.raw(`UPDATE whatsapp_contact SET marketing_consent = 'revoked' WHERE marketing_consent = 'granted'`)
    await pg.raw(
      `INSERT INTO whatsapp_contact (id, wa_id, marketing_consent, marketing_consent_at)
       SELECT 'wacon_b' || ? || lpad(i::text, 8, '0'), '66' || ? || lpad(i::text, 8, '0'), 'granted', now() - interval '1 day'
       FROM generate_series(1, ?) AS i`,
      [ph.prefix, ph.prefix, ph.recipients]
    )
    await pg.raw(`ANALYZE whatsapp_contact`)
    const seedMs = Date.now() - t
    await whatsapp.setSetting("campaigns", ph.settings)
    const c = await whatsapp.campaigns().create(
      {
        name: `bench ${ph.name}`,
        template_name: "summer_promo",
        template_language: "th",
        discount_code: "SUMMER10",
        parameters: [
          { component: "body", source: "customer.first_name", fallback: "ลูกค้า" },
          { component: "body", source: "campaign.discount_code" },
        ],
      },
      "bench"
    )
    t = Date.now()
    await whatsapp.campaigns().start(c.id, "bench") // freezes the audience, then enqueues (sending starts)
    const tSend = Date.now()
    const cpuSince = cpuMeter(cfg.cpuPids ?? {})
    if (cfg.pgStats) await pg.raw(`CREATE EXTENSION IF NOT EXISTS pg_stat_statements`).then(() => pg.raw(`SELECT pg_stat_statements_reset()`))
    const freezeMs = tSend - t
    say(`${ph.name}: ${ph.recipients} contacts seeded in ${(seedMs / 1000).toFixed(1)} s; audience frozen in ${(freezeMs / 1000).toFixed(1)} s; sending`)
    const samples: { s: number; taken: number; rss: number }[] = []
    let lastReset = 0
    let lastSay = Date.now()
    let status = "running"
    let tEnd = 0
    for (;;) {
      await sleep(250)
      const { rows } = await pg.raw(`SELECT status, checkpoint_seq FROM whatsapp_campaign WHERE id = ?`, [c.id])
      status = rows[0].status
      const taken = Number(rows[0].checkpoint_seq)
      if (status !== "running") {
        tEnd = Date.now()
        break
      }
      const s = (Date.now() - tSend) / 1000
      if (rssPid && !fs.existsSync(`/proc/${rssPid}`)) throw new Error(`the campaign worker (pid ${rssPid}) exited; see its log`)
      if (!samples.length || s - samples[samples.length - 1].s >= 1) samples.push({ s, taken, rss: rssMb() })
      if (taken - lastReset >= ph.resetEvery) {
        lastReset = taken
        await sandbox("/_sandbox/reset")
      }
      if (Date.now() - lastSay > 10_000) {
        lastSay = Date.now()
        say(`${ph.name}: ${taken}/${ph.recipients} taken after ${s.toFixed(0)} s, ${(taken / s).toFixed(0)} msg/s, RSS ${rssMb().toFixed(0)} MB`)
      }
      if (s > ph.timeoutSeconds) {
        await whatsapp.campaigns().pause(c.id, "bench", "bench timeout")
        tEnd = Date.now()
        status = "timeout"
        break
      }
    }
    let loopMs: number | null = null
    let readCount: number | null = null
    if (ph.loop && status !== "timeout") {
      // Every status applied: each campaign message read (the sandbox reads all, readProbability 1).
      for (;;) {
        const { rows } = await pg.raw(
          `SELECT count(*) FILTER (WHERE status = 'read' AND sent_at IS NOT NULL AND delivered_at IS NOT NULL)::int AS n
             FROM whatsapp_message WHERE source = 'campaign' AND idempotency_key LIKE ?`,
          [`campaign:${c.id}:%`]
        )
        readCount = rows[0].n
        const s = (Date.now() - tSend) / 1000
        if (readCount! >= ph.recipients || s > ph.timeoutSeconds) break
        if (Date.now() - lastSay > 10_000) {
          lastSay = Date.now()
          say(`${ph.name}: ${readCount}/${ph.recipients} read (every status applied) after ${s.toFixed(0)} s`)
        }
        await sleep(250)
      }
      loopMs = Date.now() - tSend
    }
    // CPU ms of each process tree over the sending; without a worker pid the dispatcher is this process.
    const used = cpuSince()
    const cpu = { ...used, dispatcher: used.dispatcher ?? used.client }
    if (cfg.pgStats) {
      const { rows: top } = await pg.raw(
        `SELECT calls, rows, round(total_exec_time)::int AS ms, round(total_exec_time * 1000 / ?)::int AS us_per_msg, left(regexp_replace(query, '\\s+', ' ', 'g'), 110) AS q
         FROM pg_stat_statements ORDER BY total_exec_time DESC LIMIT 12`,
        [ph.recipients]
      )
      for (const t of top) say(`pg ${String(t.us_per_msg).padStart(4)} µs/msg ${String(t.ms).padStart(6)} ms ${String(t.calls).padStart(6)} calls  ${t.q}`)
    }
    samples.push({ s: (tEnd - tSend) / 1000, taken: ph.recipients, rss: rssMb() })
    let sandboxRate: number | null = null
    if (ph.sandboxTimestamps) {
      const { data } = await sandbox("/_sandbox/messages", "GET")
      const at = data.map((m: any) => Date.parse(m.created_at)).sort((a: number, b: number) => a - b)
      sandboxRate = at.length > 1 ? ((at.length - 1) / (at[at.length - 1] - at[0])) * 1000 : null
    }
    await sleep(300) // let the last slot finish its bookkeeping
    const { rows: rec } = await pg.raw(`SELECT status, count(*)::int AS n FROM whatsapp_campaign_recipient WHERE campaign_id = ? GROUP BY 1`, [c.id])
    const { rows: msg } = await pg.raw(
      `SELECT count(*)::int AS n, count(DISTINCT contact_id)::int AS contacts, count(*) FILTER (WHERE status <> 'pending')::int AS accepted,
         count(error_code)::int AS errors, max(attempts)::int AS max_attempts
       FROM whatsapp_message WHERE source = 'campaign' AND idempotency_key LIKE ?`,
      [`campaign:${c.id}:%`]
    )
    const r = {
      name: ph.name,
      recipients: ph.recipients,
      status,
      seedMs,
      freezeMs,
      sendMs: tEnd - tSend,
      rate: (ph.recipients / (tEnd - tSend)) * 1000,
      loopMs,
      readCount,
      loopRate: loopMs ? ((readCount ?? 0) / loopMs) * 1000 : null,
      sandboxRate,
      recipientsByStatus: Object.fromEntries(rec.map((x: any) => [x.status, x.n])),
      messages: msg[0],
      samples,
      peakRssMb: Math.max(...samples.map((x) => x.rss)),
      cpu,
      hwmMb: hwmMb(),
    }
    results.push(r)
    say(`${ph.name}: ${status} in ${(r.sendMs / 1000).toFixed(1)} s, ${r.rate.toFixed(0)} msg/s; peak RSS while sending ${r.peakRssMb.toFixed(0)} MB`)
    fs.writeFileSync(cfg.out, JSON.stringify({ results }, null, 1))
  }
  if (profiler) {
    const { profile } = await profiler.post("Profiler.stop")
    fs.writeFileSync(cfg.profile!, JSON.stringify(profile))
    say(`CPU profile: ${cfg.profile}`)
  }
  await whatsapp.campaigns().close()
}
