#!/usr/bin/env node
// Campaign dispatcher benchmark: the plugin's campaign engine (in-process queue, every recipient and
// message tracked in Postgres) sending a template campaign to the WhatsApp Cloud API sandbox, against a
// baseline measured in the same run: a bare HTTP loop in this process sending the same requests to the
// same sandbox with the same concurrency and no database.
//
// Phases: throughput (--recipients, default 100,000; sandbox throughput limit and pair rate off,
// plugin pacing set far above what can be reached), a long run (--long, default 1,000,000; RSS
// sampled over time to show it stays flat) and a pacing run (80 msg/s for ~15 s against a sandbox
// enforcing 80/s). Processes: embedded Postgres (or DATABASE_URL / DB_HOST), the sandbox
// (node sandbox/cli.js) and `medusa exec bench/lib/campaign-run.ts` (the dispatcher); all loopback,
// all stopped at the end, on Ctrl-C or on failure.
"use strict"
const fs = require("fs")
const os = require("os")
const http = require("http")
const path = require("path")
const { createStack, ROOT, secs, app, cpuMeter } = require("./lib/stack")
const { fmt, ratio, table, parseArgs, usage } = require("./lib/stats")

const SPEC = {
  recipients: { type: "number", default: 100_000, min: 100, help: "throughput run: recipients" },
  long: { type: "number", default: 1_000_000, min: 0, help: "long run: recipients (0 = skip)" },
  "pace-rate": { type: "number", default: 80, min: 1, help: "pacing run: msg/s (plugin and sandbox limit)" },
  "pace-seconds": { type: "number", default: 15, min: 0, help: "pacing run: duration (0 = skip)" },
  slots: { type: "number", default: 4, min: 1, help: "plugin slots (batches in flight)" },
  concurrency: { type: "number", default: 16, min: 1, help: "plugin HTTP requests in flight per slot" },
  "sandbox-port": { type: "number", default: 9188, min: 1, help: "sandbox port" },
  host: {
    type: "string",
    default: "worker",
    help: "where the dispatcher runs: worker (bin/whatsapp-campaign-worker.js, no Medusa) or medusa (inside the app)",
  },
  "pg-stats": { type: "boolean", default: false, help: "print the top statements by Postgres time (pg_stat_statements, embedded Postgres only)" },
  profile: { type: "boolean", default: false, help: "write a V8 CPU profile of the dispatcher process (path printed)" },
  "pg-port": { type: "number", default: 54343, min: 1, help: "embedded Postgres port" },
  loop: {
    type: "boolean",
    default: false,
    help: "also the loop (npm run bench:loop): the same campaign with the sandbox posting sent → delivered → read for every message to the worker's standalone webhook ingest",
  },
  "ingest-port": { type: "number", default: 9289, min: 1, help: "loop: the worker's webhook ingest port" },
}
const GOAL_LOOP_RATE = 1_000
const GOAL_RATE = 3_000
const GOAL_RATIO = 0.5
const GOAL_RSS_MB = 300
const TOKEN = "sandbox-token"
const PHONE = "100000000000001"
const PROMO = {
  name: "summer_promo",
  language: "th",
  category: "MARKETING",
  components: [
    { type: "BODY", text: "สวัสดีคุณ {{1}} ใช้โค้ด {{2}} รับส่วนลด", example: { body_text: [["สมชาย", "SUMMER10"]] } },
    { type: "BUTTONS", buttons: [{ type: "QUICK_REPLY", text: "YES" }] },
  ],
}

async function main() {
  const opts = parseArgs(process.argv.slice(2), SPEC)
  if (opts.help) return console.log(`npm run bench:campaign -- [options]\n${usage(SPEC)}`)
  if (!["worker", "medusa"].includes(opts.host)) throw new Error(`--host must be worker or medusa, got ${opts.host}`)
  const started = Date.now()
  const inFlight = opts.slots * opts.concurrency
  console.log(
    `Campaign dispatcher benchmark (Medusa ${require("@medusajs/medusa/package.json").version}, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)})`
  )
  console.log(
    `  dispatcher: ${opts.host === "worker" ? "bin/whatsapp-campaign-worker.js (the plugin's engine without Medusa)" : "inside the Medusa app (medusa exec)"}`
  )
  console.log(
    `  throughput: ${opts.recipients} recipients, ${opts.slots} slots × ${opts.concurrency} requests in flight (= ${inFlight}, also the bare loop's); long: ${opts.long || "skipped"}; pacing: ${opts["pace-rate"]}/s for ${opts["pace-seconds"]} s`
  )
  if (opts["pg-stats"]) process.env.EMBEDDED_PG_FLAGS = "-c shared_preload_libraries=pg_stat_statements -c pg_stat_statements.track=all"
  const stack = createStack("bench-campaign")
  console.log(`  logs: ${path.join(stack.state, "logs")}`)
  await stack.cleanLeftovers()
  if (!(await app.portFree(opts["sandbox-port"]))) throw new Error(`port ${opts["sandbox-port"]} is in use (use --sandbox-port)`)
  try {
    let t = Date.now()
    const sandboxUrl = `http://127.0.0.1:${opts["sandbox-port"]}`
    const seeds = path.join(stack.state, "templates.json")
    fs.writeFileSync(seeds, JSON.stringify([PROMO]))
    const sandbox = stack.spawn({
      name: "sandbox",
      args: [path.join(ROOT, "sandbox", "cli.js")],
      env: {
        SANDBOX_PORT: String(opts["sandbox-port"]),
        SANDBOX_WEBHOOK_URL: "",
        SANDBOX_SEED_TEMPLATES: seeds,
        SANDBOX_CONFIG_JSON: JSON.stringify({ throughputPerSecond: 0, pairRate: false, readProbability: 0 }),
      },
    })
    const db = "medusa_bench_campaign"
    const { pg, url } = await stack.database({ pgPort: opts["pg-port"], database: db })
    await app.waitForHttp(`${sandboxUrl}/_sandbox/config`, { timeoutMs: 60_000, alive: sandbox.running })
    console.log(
      `▸ postgres (${pg.embedded ? "embedded" : "external"}) + fresh database ${db} + medusa db:migrate, sandbox on ${sandboxUrl} (${secs(Date.now() - t)})`
    )

    // ---- baseline: the same requests, same concurrency, no database
    t = Date.now()
    // cli.js lets SANDBOX_THROUGHPUT_PER_SECOND (unset) override the JSON config: say it again, explicitly.
    await fetch(`${sandboxUrl}/_sandbox/config`, {
      method: "PATCH",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ throughputPerSecond: 0, pairRate: false, readProbability: 0 }),
    })
    const bareCpu = cpuMeter({ sandbox: sandbox.pid })
    const bare = await bareLoop(sandboxUrl, opts.recipients, inFlight)
    bare.cpu = bareCpu()
    await fetch(`${sandboxUrl}/_sandbox/reset`, { method: "POST", body: "{}" })
    console.log(`▸ bare HTTP loop: ${bare.ok}/${opts.recipients} accepted in ${secs(bare.ms)} = ${fmt(bare.rate, 0)} msg/s (${secs(Date.now() - t)})`)

    // ---- the dispatcher
    const fast = {
      throughput_mps: 1_000_000,
      allow_unbounded_throughput: true,
      messaging_tier: "unlimited",
      frequency_cap: null,
      slots: opts.slots,
      concurrency: opts.concurrency,
    }
    const off = { throughputPerSecond: 0, pairRate: false, readProbability: 0 }
    const phases = [
      { name: "throughput", recipients: opts.recipients, prefix: "1", settings: fast, sandboxConfig: off, resetEvery: 50_000, timeoutSeconds: 900 },
    ]
    if (opts.loop) {
      if (opts.host !== "worker") throw new Error("--loop needs --host worker (the ingest runs in the worker binary)")
      phases.push({
        name: "loop",
        recipients: opts.recipients,
        prefix: "4",
        settings: fast,
        // Every message's statuses come back, signed like Meta, to the worker's ingest.
        sandboxConfig: {
          throughputPerSecond: 0,
          pairRate: false,
          readProbability: 1,
          webhookUrl: `http://127.0.0.1:${opts["ingest-port"]}/hooks/whatsapp`,
          statusDelaysMs: { sent: 20, delivered: 40, read: 60 },
          duplicateRate: 0,
          outOfOrderRate: 0,
        },
        // The sandbox keeps each message until its read webhook went out: no reset mid-run.
        resetEvery: 1e12,
        loop: true,
        timeoutSeconds: 1800,
      })
    }
    if (opts.long)
      phases.push({ name: "long", recipients: opts.long, prefix: "2", settings: fast, sandboxConfig: off, resetEvery: 50_000, timeoutSeconds: 3600 })
    if (opts["pace-seconds"]) {
      const rate = opts["pace-rate"]
      phases.push({
        name: "pacing",
        recipients: Math.round(rate * opts["pace-seconds"]),
        prefix: "3",
        settings: { throughput_mps: rate, messaging_tier: "unlimited", frequency_cap: null, slots: opts.slots, concurrency: opts.concurrency },
        sandboxConfig: { throughputPerSecond: rate, pairRate: false, readProbability: 0 },
        resetEvery: 1e12,
        sandboxTimestamps: true,
        timeoutSeconds: opts["pace-seconds"] * 4 + 30,
      })
    }
    let worker = null
    if (opts.host === "worker") {
      ensureBuilt()
      worker = stack.spawn({
        name: "campaign-worker",
        args: [...(opts.profile ? ["--cpu-prof", `--cpu-prof-dir=${stack.state}`] : []), path.join(ROOT, "bin", "whatsapp-campaign-worker.js")],
        // The same number and token as the root medusa-config.ts the app half boots with.
        env: {
          DATABASE_URL: url,
          WHATSAPP_BASE_URL: sandboxUrl,
          WHATSAPP_PHONE_NUMBER_ID: PHONE,
          WHATSAPP_WABA_ID: "200000000000001",
          WHATSAPP_ACCESS_TOKEN: TOKEN,
          WHATSAPP_WORKER_TICK_MS: "200",
          ...(opts.loop
            ? {
                WHATSAPP_INGEST_PORT: String(opts["ingest-port"]),
                WHATSAPP_INGEST_HOST: "127.0.0.1",
                WHATSAPP_APP_SECRET: "sandbox-secret",
                WHATSAPP_VERIFY_TOKEN: "bench-verify",
              }
            : {}),
        },
      })
    }
    const out = path.join(stack.state, "results.json")
    const progress = path.join(stack.state, "progress.log")
    fs.rmSync(out, { force: true })
    fs.writeFileSync(progress, "")
    console.log(`▸ medusa exec bench/lib/campaign-run.ts (the dispatcher; log: ${stack.log("exec")})`)
    let shown = 0
    const tailer = setInterval(() => {
      const lines = fs.readFileSync(progress, "utf8").split("\n").filter(Boolean)
      for (const l of lines.slice(shown)) console.log(`  · ${l}`)
      shown = lines.length
    }, 500)
    try {
      await stack.runMedusa(["exec", "bench/lib/campaign-run.ts"], {
        url,
        what: "exec",
        env: {
          WHATSAPP_BASE_URL: sandboxUrl,
          LOG_LEVEL: "error",
          // With a separate worker, the app only creates and starts campaigns; the worker sends.
          ...(worker ? { WHATSAPP_CAMPAIGN_WORKERS: "0" } : {}),
          BENCH_CAMPAIGN: JSON.stringify({
            sandboxUrl,
            out,
            progress,
            phases,
            rssPid: worker?.pid,
            pgStats: opts["pg-stats"],
            // CPU per message by process, measured over the sending only (robust to a busy box).
            cpuPids: { ...(worker ? { dispatcher: worker.pid } : {}), postgres: pg.cpuRoot, sandbox: sandbox.pid },
            profile: opts.profile && !worker ? path.join(stack.state, "dispatcher.cpuprofile") : undefined,
          }),
        },
      })
    } finally {
      clearInterval(tailer)
      const lines = fs.readFileSync(progress, "utf8").split("\n").filter(Boolean)
      for (const l of lines.slice(shown)) console.log(`  · ${l}`)
    }
    if (worker && opts.profile) console.log(`  worker CPU profile: written to ${stack.state}/*.cpuprofile when it stops`)
    report(opts, bare, JSON.parse(fs.readFileSync(out, "utf8")).results)
    console.log(`\nrun time ${secs(Date.now() - started)} (load average now ${os.loadavg()[0].toFixed(1)}); stopping …`)
  } finally {
    await stack.stopAll()
  }
}

/** The worker runs the built plugin (.medusa/server): build it when missing or older than src/. */
function ensureBuilt() {
  const built = path.join(ROOT, ".medusa", "server", "src", "modules", "whatsapp", "campaigns", "worker-process.js")
  const newest = (dir) =>
    fs.readdirSync(dir, { withFileTypes: true }).reduce((m, e) => {
      const p = path.join(dir, e.name)
      return Math.max(m, e.isDirectory() ? newest(p) : fs.statSync(p).mtimeMs)
    }, 0)
  if (fs.existsSync(built) && fs.statSync(built).mtimeMs >= newest(path.join(ROOT, "src"))) return
  console.log("▸ medusa plugin:build (the worker runs the built plugin) …")
  require("child_process").execFileSync(process.execPath, [require.resolve("@medusajs/cli/cli.js"), "plugin:build"], {
    cwd: ROOT,
    stdio: "inherit",
    env: { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true" },
  })
}

/** The plugin's request for recipient i, built by hand (what the campaign renders for a contact without a customer). */
function requestBody(i) {
  return JSON.stringify({
    type: "template",
    template: {
      name: "summer_promo",
      language: { code: "th" },
      components: [
        {
          type: "body",
          parameters: [
            { type: "text", text: "ลูกค้า" },
            { type: "text", text: "SUMMER10" },
          ],
        },
      ],
    },
    messaging_product: "whatsapp",
    recipient_type: "individual",
    to: `669${String(i).padStart(8, "0")}`,
    biz_opaque_callback_data: JSON.stringify({ m: `wamsg_bench${i}`, c: "wacmp_bench" }),
  })
}

async function bareLoop(sandboxUrl, n, concurrency) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: concurrency })
  const target = new URL(`${sandboxUrl}/v23.0/${PHONE}/messages`)
  const post = (body) =>
    new Promise((resolve) => {
      const req = http.request(
        target,
        { method: "POST", agent, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", "content-length": Buffer.byteLength(body) } },
        (res) => {
          const chunks = []
          res.on("data", (c) => chunks.push(c))
          res.on("end", () => {
            const text = Buffer.concat(chunks).toString()
            const good = res.statusCode === 200 && JSON.parse(text).messages?.[0]?.id
            if (!good && !firstError) firstError = `${res.statusCode} ${text.slice(0, 300)}`
            resolve(good ? 1 : 0)
          })
        }
      )
      req.on("error", (e) => {
        if (!firstError) firstError = `request error: ${e.message}`
        resolve(0)
      })
      req.end(body)
    })
  let next = 0
  let ok = 0
  let sinceReset = 0
  let firstError = null
  const t0 = Date.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < n) {
        const i = next++
        // Not `ok += await …`: that reads ok before the await and loses the other workers' counts.
        const accepted = await post(requestBody(i))
        ok += accepted
        if (++sinceReset >= 50_000) {
          sinceReset = 0
          await fetch(`${sandboxUrl}/_sandbox/reset`, { method: "POST", body: "{}" })
        }
      }
    })
  )
  const ms = Date.now() - t0
  agent.destroy()
  if (ok < n) throw new Error(`the bare loop had ${n - ok} of ${n} requests refused by the sandbox (first: ${firstError}); the comparison would be meaningless`)
  return { ok, ms, rate: (n / ms) * 1000 }
}

function report(opts, bare, results) {
  const ok = (c) => (c ? "PASS" : "FAIL")
  const by = Object.fromEntries(results.map((r) => [r.name, r]))
  const tp = by.throughput
  const exact = (r) => r.messages.n === r.recipients && r.messages.contacts === r.recipients && (r.recipientsByStatus.sent ?? 0) === r.recipients
  console.log(`\nThroughput — ${tp.recipients} recipients, sandbox limits off, ${opts.slots * opts.concurrency} requests in flight`)
  table([
    ["", "bare HTTP loop (no DB)", "plugin dispatcher", "plugin/bare", "goal"],
    [
      "msg/s",
      fmt(bare.rate, 0),
      fmt(tp.rate, 0),
      ratio(tp.rate, bare.rate),
      `≥ ${GOAL_RATE}/s: ${ok(tp.rate >= GOAL_RATE)}; ≥ ${GOAL_RATIO * 100}% of bare: ${ok(tp.rate >= GOAL_RATIO * bare.rate)}`,
    ],
    ["time", secs(bare.ms), secs(tp.sendMs), "", `(+ audience freeze ${secs(tp.freezeMs)}, seed ${secs(tp.seedMs)})`],
    ["peak RSS", "", `${fmt(tp.peakRssMb, 0)} MB`, "", `(process high-water mark incl. boot: ${fmt(tp.hwmMb, 0)} MB)`],
  ])
  console.log(`  recipients ${JSON.stringify(tp.recipientsByStatus)}; messages ${JSON.stringify(tp.messages)}; exactly one per recipient: ${ok(exact(tp))}`)
  // CPU per message is what the rates come down to on a shared box; it does not depend on what else runs.
  const per = (ms, n) => (Number.isFinite(ms) ? fmt((ms * 1000) / n, 0) : "n/a")
  const pc = tp.cpu ?? {}
  const pluginTotal = (pc.dispatcher ?? 0) + (pc.postgres ?? 0) + (pc.sandbox ?? 0)
  const bareTotal = bare.cpu.client + bare.cpu.sandbox
  console.log(`\nCPU per message (µs, user + system, over the sending only)`)
  table([
    ["", "client / dispatcher", "postgres", "sandbox", "total"],
    ["bare HTTP loop", per(bare.cpu.client, tp.recipients), "", per(bare.cpu.sandbox, tp.recipients), per(bareTotal, tp.recipients)],
    ["plugin", per(pc.dispatcher, tp.recipients), per(pc.postgres, tp.recipients), per(pc.sandbox, tp.recipients), per(pluginTotal, tp.recipients)],
  ])

  const loop = by.loop
  if (loop) {
    const lc = loop.cpu ?? {}
    const total = (lc.dispatcher ?? 0) + (lc.postgres ?? 0) + (lc.sandbox ?? 0)
    console.log(
      `\nLoop — ${loop.recipients} recipients; the sandbox posts sent → delivered → read for every message to the worker's standalone ingest (${loop.status})`
    )
    table([
      ["", "send only (throughput run)", "end to end (every status applied)", "loop/send-only", "goal"],
      [
        "msg/s",
        fmt(tp.rate, 0),
        fmt(loop.loopRate, 0),
        ratio(loop.loopRate, tp.rate),
        `≥ ${GOAL_LOOP_RATE.toLocaleString("en-US")}/s: ${ok(loop.loopRate >= GOAL_LOOP_RATE)}`,
      ],
      ["time", secs(tp.sendMs), loop.loopMs ? secs(loop.loopMs) : "n/a", "", `(sending alone took ${secs(loop.sendMs)} of it)`],
      ["read with every status", "", `${loop.readCount}/${loop.recipients}`, "", ok(loop.readCount === loop.recipients)],
    ])
    console.log(`\nCPU per message, loop (µs, user + system, from the start of sending until the last read was applied)`)
    table([
      ["", "worker (dispatcher + ingest)", "postgres", "sandbox (API + webhooks)", "total"],
      ["loop", per(lc.dispatcher, loop.recipients), per(lc.postgres, loop.recipients), per(lc.sandbox, loop.recipients), per(total, loop.recipients)],
      ["send only", per(pc.dispatcher, tp.recipients), per(pc.postgres, tp.recipients), per(pc.sandbox, tp.recipients), per(pluginTotal, tp.recipients)],
    ])
  }
  const long = by.long
  if (long) {
    console.log(`\nLong run — ${long.recipients} recipients (${long.status})`)
    const pick = []
    for (let q = 0; q <= 10; q++) {
      const target = (q / 10) * long.recipients
      const s = long.samples.find((x) => x.taken >= target) ?? long.samples[long.samples.length - 1]
      if (!pick.includes(s)) pick.push(s)
    }
    table([["elapsed", "taken", "RSS MB"], ...pick.map((s) => [secs(s.s * 1000), s.taken, fmt(s.rss, 0)])])
    const half = long.samples.filter((s) => s.taken >= long.recipients / 10)
    const first = half[0]?.rss
    const last = half[half.length - 1]?.rss
    console.log(
      `  ${fmt(long.rate, 0)} msg/s; RSS after 10%: ${fmt(first, 0)} MB, at the end: ${fmt(last, 0)} MB, peak ${fmt(long.peakRssMb, 0)} MB  (< ${GOAL_RSS_MB} MB: ${ok(long.peakRssMb < GOAL_RSS_MB)})`
    )
    console.log(
      `  recipients ${JSON.stringify(long.recipientsByStatus)}; messages ${JSON.stringify(long.messages)}; exactly one per recipient: ${ok(exact(long))}`
    )
  }
  const pace = by.pacing
  if (pace) {
    const target = opts["pace-rate"]
    const achieved = pace.sandboxRate ?? pace.rate
    console.log(`\nPacing — ${pace.recipients} recipients at ${target}/s (sandbox enforcing ${target}/s)`)
    console.log(
      `  achieved ${fmt(achieved, 1)} msg/s at the sandbox (${fmt(pace.rate, 1)} including start/finish) = ${fmt((achieved / target) * 100, 1)}% of ${target}  (within 5%: ${ok(Math.abs(achieved - target) <= target * 0.05)}); errors ${pace.messages.errors} (130429 would show here), max attempts ${pace.messages.max_attempts}`
    )
  }
}

main().catch((e) => {
  console.error(`\nbench:campaign failed: ${e.stack || e.message}`)
  process.exitCode = 1
})
