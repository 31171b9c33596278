#!/usr/bin/env node
// Webhook ingestion benchmark: signed single-status webhooks → POST /hooks/whatsapp of the plugin
// running in a real Medusa app (`medusa start` on the root medusa-config.ts, plugin from source,
// embedded Postgres) and → the standalone ingest of the worker binary (bin/whatsapp-campaign-worker.js
// with WHATSAPP_INGEST_PORT, the built plugin), against baselines measured in the same run with the
// same client:
//   baseline — a bare Node HTTP server that reads the body and answers 200;
//   floor    — the same Medusa route with a wrong signature (401 before any database work): what
//              Medusa's HTTP stack costs by itself, so the plugin's own share can be told apart.
// See bench/README.md.
"use strict"
const os = require("os")
const path = require("path")
const { createStack, sleep, secs, app, cpuMeter } = require("./lib/stack")
const { closedLoop, pacedLoop } = require("./lib/load")
const { statusRequests, benchWamid, recipientOf, APP_SECRET } = require("./lib/webhook-payloads")
const { summarize, fmt, ratio, table, parseArgs, usage } = require("./lib/stats")

const SPEC = {
  requests: { type: "number", default: 20_000, min: 1, help: "phase A: requests per target" },
  concurrency: { type: "number", default: 32, min: 1, help: "phase A: requests in flight" },
  rounds: { type: "number", default: 2, min: 1, help: "phase A: alternate the targets this many times (noise)" },
  seconds: { type: "number", default: 10, min: 1, help: "phase B: duration per target" },
  rate: { type: "number", default: 1_000, min: 1, help: "phase B: events per second" },
  warmup: { type: "number", default: 1_000, min: 0, help: "unmeasured requests per target first" },
  "drain-seconds": { type: "number", default: 90, min: 1, help: "max wait for receipts to be processed" },
  port: { type: "number", default: 9100, min: 1, help: "Medusa port (the bare server uses port+1, the standalone ingest port+2)" },
  "pg-port": { type: "number", default: 54341, min: 1, help: "embedded Postgres port" },
  "profile-ingest": { type: "boolean", default: false, help: "write a V8 CPU profile of the standalone ingest (path printed)" },
}
const GOAL_ROUTE_VS_FLOOR = 0.8 // route events/s acked vs Medusa's floor, phase A
const GOAL_INGEST_RATE = 3_000 // standalone ingest events/s acked and processed, phase A
const GOAL_INGEST_CPU_MS = 0.5 // standalone ingest CPU per event (ingest + Postgres)
const GOAL_P99_MS = 50 // ack p99 paced, phase B
const TARGETS = ["baseline", "floor", "plugin", "ingest"]
const PROCESSING = ["plugin", "ingest"]
const LABEL = {
  baseline: "baseline (bare http)",
  floor: "medusa floor (401)",
  plugin: "plugin route (/hooks/whatsapp)",
  ingest: "standalone ingest",
}
const BAD_SIGNATURE = "sha256=" + "0".repeat(64) // well-formed, so the HMAC is computed and compared

async function main() {
  const opts = parseArgs(process.argv.slice(2), SPEC)
  if (opts.help) return console.log(`npm run bench:webhook -- [options]\n${usage(SPEC)}`)
  const started = Date.now()
  const perRound = Math.ceil(opts.requests / opts.rounds)
  const requestsA = perRound * opts.rounds
  const paced = Math.round(opts.rate * opts.seconds)
  const perTarget = opts.warmup + requestsA + paced
  console.log(
    `Webhook ingestion benchmark (Medusa ${require("@medusajs/medusa/package.json").version}, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)})`
  )
  console.log(
    `  phase A: ${requestsA} requests per target at concurrency ${opts.concurrency} in ${opts.rounds} alternating round(s); phase B: ${opts.rate}/s for ${opts.seconds} s; warm-up ${opts.warmup}`
  )

  const stack = createStack("bench-webhook")
  console.log(`  logs: ${path.join(stack.state, "logs")}`)
  await stack.cleanLeftovers()
  for (const p of [opts.port, opts.port + 1, opts.port + 2]) if (!(await app.portFree(p))) throw new Error(`port ${p} is in use (use --port)`)
  const workerBin = path.join(__dirname, "..", "bin", "whatsapp-campaign-worker.js")
  if (!require("fs").existsSync(path.join(__dirname, "..", ".medusa", "server", "src", "modules", "whatsapp", "webhooks", "ingest.js"))) {
    throw new Error("the standalone ingest runs the built plugin: run `npx medusa plugin:build` first")
  }

  try {
    let t = Date.now()
    const db = "medusa_bench_webhook"
    const dbInfo = await stack.database({ pgPort: opts["pg-port"], database: db })
    const { pg, url } = dbInfo
    const { migrated } = dbInfo
    console.log(
      `▸ postgres (${pg.embedded ? "embedded" : "external"}) + fresh database ${db} (${migrated ? "medusa db:migrate into a template, then copied" : "copy of the migrated template"}) (${secs(Date.now() - t)})`
    )

    // Outbound messages the status webhooks refer to, so processing does the real lookup + update.
    t = Date.now()
    // One set of messages for the route, one for the ingest: each status is applied exactly once.
    await seedOutbound(url, 2 * perTarget)
    console.log(`▸ ${2 * perTarget} outbound messages inserted for the status events to match (${secs(Date.now() - t)})`)

    t = Date.now()
    // Nothing here should call the WhatsApp API; a closed port makes sure nothing reaches another sandbox.
    const medusa = await stack.medusa({ url, port: opts.port, env: { WHATSAPP_BASE_URL: "http://127.0.0.1:9" } })
    const bare = stack.spawn({ name: "bare-server", args: [path.join(__dirname, "lib", "bare-server.js")], env: { BARE_PORT: String(opts.port + 1) } })
    await app.waitForHttp(`http://127.0.0.1:${opts.port + 1}/`, { timeoutMs: 20_000, alive: bare.running })
    const ingest = stack.spawn({
      name: "ingest",
      args: [...(opts["profile-ingest"] ? ["--cpu-prof", `--cpu-prof-dir=${stack.state}`] : []), workerBin],
      env: {
        DATABASE_URL: url,
        WHATSAPP_INGEST_PORT: String(opts.port + 2),
        WHATSAPP_INGEST_HOST: "127.0.0.1",
        WHATSAPP_CAMPAIGN_SENDING: "0",
        WHATSAPP_APP_SECRET: APP_SECRET,
        WHATSAPP_VERIFY_TOKEN: "bench-verify",
        WHATSAPP_PHONE_NUMBER_ID: "100000000000001",
        WHATSAPP_WABA_ID: "200000000000001",
        WHATSAPP_ACCESS_TOKEN: "sandbox-token",
        WHATSAPP_BASE_URL: "http://127.0.0.1:9",
      },
    })
    await app.waitForHttp(`http://127.0.0.1:${opts.port + 2}/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=bench-verify&hub.challenge=1`, {
      timeoutMs: 30_000,
      alive: ingest.running,
    })
    console.log(
      `▸ medusa start on :${opts.port} (plugin from source), the bare server on :${opts.port + 1}, the standalone ingest on :${opts.port + 2} (${secs(Date.now() - t)})`
    )

    const url_ = {
      baseline: `http://127.0.0.1:${opts.port + 1}/hooks/whatsapp`,
      floor: `http://127.0.0.1:${opts.port}/hooks/whatsapp`,
      plugin: `http://127.0.0.1:${opts.port}/hooks/whatsapp`,
      ingest: `http://127.0.0.1:${opts.port + 2}/hooks/whatsapp`,
    }
    const cpuRoots = {
      baseline: { server: bare.pid },
      floor: { server: medusa.pid },
      plugin: { server: medusa.pid, postgres: pg.cpuRoot },
      ingest: { server: ingest.pid, postgres: pg.cpuRoot },
    }
    // Every plugin / ingest request has its own body (a distinct message's status); the others get the same bytes.
    const bodies = statusRequests(1, perTarget)
    const ingestBodies = statusRequests(perTarget + 1, perTarget)
    const unsigned = (list) => list.map((r) => ({ body: r.body, signature: BAD_SIGNATURE }))
    const requestsFor = (name, from, n) =>
      name === "floor" ? unsigned(bodies.slice(from, from + n)) : (name === "ingest" ? ingestBodies : bodies).slice(from, from + n)
    const expected = { baseline: 200, floor: 401, plugin: 200, ingest: 200 }
    let processedExpected = 0

    /** Runs one load against one target, metering CPU; for the plugin, until its receipts are processed. */
    const run = async (name, phase, load) => {
      const meter = cpuMeter(cpuRoots[name])
      const r = check(name, phase, await load(), expected[name])
      if (PROCESSING.includes(name)) {
        processedExpected += r.latencies.length
        const t0 = Date.now()
        r.drain = await drain(url, processedExpected, opts["drain-seconds"])
        r.drainMs = Date.now() - t0
      }
      r.cpu = meter()
      return r
    }

    if (opts.warmup) {
      t = Date.now()
      for (const name of TARGETS) {
        await run(name, "warm-up", () =>
          closedLoop({ url: url_[name], requests: requestsFor(name, 0, opts.warmup), concurrency: Math.min(8, opts.concurrency) })
        )
      }
      console.log(`▸ warm-up: ${opts.warmup} requests per target (${secs(Date.now() - t)})`)
    }

    const A = Object.fromEntries(TARGETS.map((n) => [n, []]))
    for (let round = 0; round < opts.rounds; round++) {
      const from = opts.warmup + round * perRound
      for (const name of TARGETS) {
        const r = await run(name, "A", () => closedLoop({ url: url_[name], requests: requestsFor(name, from, perRound), concurrency: opts.concurrency }))
        A[name].push(r)
        const extra = PROCESSING.includes(name) ? `; receipts processed ${r.drain.done ? "" : "NOT all "}${secs(r.drainMs)} after the last ack` : ""
        console.log(`▸ phase A round ${round + 1}/${opts.rounds} ${name}: ${fmt(r.rate, 0)} events/s over ${secs(r.elapsedMs)}${extra}`)
      }
    }
    const procA = await processingRate(url, opts.warmup, requestsA)

    const B = {}
    for (const name of TARGETS) {
      const r = await run(name, "B", () => pacedLoop({ url: url_[name], requests: requestsFor(name, opts.warmup + requestsA, paced), rate: opts.rate }))
      B[name] = r
      const extra = PROCESSING.includes(name) ? `; receipts processed ${r.drain.done ? "" : "NOT all "}${secs(r.drainMs)} after the last ack` : ""
      console.log(`▸ phase B ${name}: ${fmt(r.rate, 0)} of ${opts.rate} events/s over ${secs(r.elapsedMs)}${extra}`)
    }

    const receipts = await app.queryDb(url, `SELECT status, count(*)::int AS n FROM whatsapp_webhook_receipt GROUP BY status ORDER BY status`)
    const [msgs] = await app.queryDb(
      url,
      `SELECT count(*) FILTER (WHERE status = 'sent' AND sent_at IS NOT NULL)::int AS sent, count(*)::int AS total FROM whatsapp_message WHERE source = 'bench'`
    )
    const [noted] = await app.queryDb(url, `SELECT count(*)::int AS n FROM whatsapp_webhook_receipt WHERE last_error IS NOT NULL`)
    report({ opts, A, B, procA, receipts, msgs, noted: noted.n, acked: 2 * perTarget, requestsA })
    if (opts["profile-ingest"]) console.log(`  ingest CPU profile: written to ${stack.state}/*.cpuprofile when it stops`)
    console.log(`\nrun time ${secs(Date.now() - started)} (load average now ${os.loadavg()[0].toFixed(1)}); stopping …`)
  } finally {
    await stack.stopAll()
  }
}

/** Fails loudly when a target answered anything unexpected: the figures would be meaningless. */
function check(name, phase, r, status) {
  const bad = Object.entries(r.statuses).filter(([s]) => Number(s) !== status)
  if (bad.length || r.duplicates) {
    throw new Error(
      `${name} phase ${phase}: answers ${JSON.stringify(r.statuses)} (expected ${status}), duplicates ${r.duplicates}; e.g. ${r.errors.join(" | ")}`
    )
  }
  return r
}

async function seedOutbound(url, count) {
  const wamids = []
  const waIds = []
  for (let n = 1; n <= count; n++) (wamids.push(benchWamid(n)), waIds.push(recipientOf(n)))
  await app.queryDb(
    url,
    `INSERT INTO whatsapp_message (id, idempotency_key, direction, wa_id, wamid, type, template_name, template_language,
        status, accepted_at, source, attempts)
     SELECT 'wamsg_bench' || lpad(t.ord::text, 8, '0'), 'bench:' || t.ord, 'outbound', t.wa_id, t.wamid, 'template',
        'order_placed', 'th', 'accepted', now(), 'bench', 1
       FROM unnest($1::text[], $2::text[]) WITH ORDINALITY AS t(wamid, wa_id, ord)`,
    [wamids, waIds]
  )
  await app.queryDb(url, `ANALYZE whatsapp_message`)
}

/** Waits until `expected` receipts exist and none is pending (bounded). */
async function drain(url, expected, maxSeconds) {
  const deadline = Date.now() + maxSeconds * 1000
  let last
  while (true) {
    ;[last] = await app.queryDb(url, `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'pending')::int AS pending FROM whatsapp_webhook_receipt`)
    if (last.total >= expected && last.pending === 0) return { done: true, ...last }
    if (Date.now() > deadline) return { done: false, ...last }
    await sleep(100)
  }
}

/** Phase A's processing rate per round: receipts / (last processed_at − first created_at), summed. */
async function processingRate(url, skip, n) {
  const [r] = await app.queryDb(
    url,
    `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'processed')::int AS processed
       FROM (SELECT status FROM whatsapp_webhook_receipt ORDER BY created_at OFFSET $1 LIMIT $2) a`,
    [skip, n]
  )
  return r
}

function report({ opts, A, B, procA, receipts, msgs, noted, acked, requestsA }) {
  const all = (runs, key) => runs.flatMap((r) => Array.from(r[key]))
  const sum = (runs, f) => runs.reduce((s, r) => s + f(r), 0)
  const a = {}
  for (const n of TARGETS) {
    const runs = A[n]
    const ackMs = sum(runs, (r) => r.elapsedMs)
    a[n] = {
      rate: (requestsA / ackMs) * 1000,
      // For the plugin: acks plus the background processing, until the last receipt was processed.
      doneRate: (requestsA / sum(runs, (r) => r.elapsedMs + (r.drainMs ?? 0))) * 1000,
      lat: summarize(all(runs, "latencies")),
      serverCpu: sum(runs, (r) => r.cpu.server) / requestsA,
      pgCpu: sum(runs, (r) => r.cpu.postgres ?? 0) / requestsA,
      clientCpu: sum(runs, (r) => r.cpu.client) / requestsA,
    }
  }
  const ok = (c) => (c ? "PASS" : "FAIL")
  const head = ["", ...TARGETS.map((n) => LABEL[n]), "route/floor", "ingest/baseline", "ingest/floor", "goal"]
  const row = (label, f, digits, goal = "") => [
    label,
    ...TARGETS.map((n) => fmt(f(n), digits)),
    ratio(f("plugin"), f("floor")),
    ratio(f("ingest"), f("baseline")),
    ratio(f("ingest"), f("floor")),
    goal,
  ]

  console.log(`\nPhase A — max throughput (${requestsA} requests per target, concurrency ${opts.concurrency}, ${opts.rounds} alternating round(s))`)
  table([
    head,
    row("events/s acked", (n) => a[n].rate, 0, `route ≥ ${GOAL_ROUTE_VS_FLOOR}× floor: ${ok(a.plugin.rate >= GOAL_ROUTE_VS_FLOOR * a.floor.rate)}`),
    row(
      "acked and processed/s",
      (n) => (PROCESSING.includes(n) ? a[n].doneRate : NaN),
      0,
      `ingest ≥ ${GOAL_INGEST_RATE.toLocaleString("en-US")}/s: ${ok(a.ingest.doneRate >= GOAL_INGEST_RATE)}`
    ),
    row("ack p50 ms", (n) => a[n].lat.p50, 2),
    row("ack p99 ms", (n) => a[n].lat.p99, 2),
    row("ack max ms", (n) => a[n].lat.max, 1),
    row(
      "server CPU ms/event",
      (n) => a[n].serverCpu + a[n].pgCpu,
      2,
      `ingest ≤ ${GOAL_INGEST_CPU_MS} ms: ${ok(a.ingest.serverCpu + a.ingest.pgCpu <= GOAL_INGEST_CPU_MS)}`
    ),
    ["  of which Postgres", "", "", fmt(a.plugin.pgCpu, 2), fmt(a.ingest.pgCpu, 2), "", "", "", ""],
    row("client CPU ms/event", (n) => a[n].clientCpu, 2),
  ])
  console.log(
    `  acked and processed = acks plus the drain of the background processing, until the last receipt was processed; ${procA.processed}/${procA.n} phase-A receipts processed`
  )

  const b = Object.fromEntries(TARGETS.map((n) => [n, { lat: summarize(B[n].latencies), svc: summarize(B[n].serviceLatencies), r: B[n] }]))
  console.log(`\nPhase B — paced at ${opts.rate} events/s for ${opts.seconds} s (latency from each request's scheduled send time)`)
  table([
    head,
    row("events/s achieved", (n) => b[n].r.rate, 0),
    row("ack p50 ms", (n) => b[n].lat.p50, 2),
    row("ack p99 ms", (n) => b[n].lat.p99, 2, `< ${GOAL_P99_MS} ms: route ${ok(b.plugin.lat.p99 < GOAL_P99_MS)}, ingest ${ok(b.ingest.lat.p99 < GOAL_P99_MS)}`),
    row("ack max ms", (n) => b[n].lat.max, 1),
    row("send→answer p99 ms", (n) => b[n].svc.p99, 2),
    row("server CPU ms/event", (n) => (b[n].r.cpu.server + (b[n].r.cpu.postgres ?? 0)) / b[n].r.latencies.length, 2),
    ["client late sends", ...TARGETS.map((n) => b[n].r.lateStarts), "", "", "", "(> 5 ms behind schedule)"],
  ])

  const counts = Object.fromEntries(receipts.map((r) => [r.status, r.n]))
  const stored = receipts.reduce((s, r) => s + r.n, 0)
  const lost = acked - (counts.processed ?? 0)
  console.log(
    `\nReceipts after the drains (whatsapp_webhook_receipt): ${receipts.map((r) => `${r.status} ${r.n}`).join(", ")}; ${stored} stored for ${acked} plugin acks (200)`
  )
  console.log(`  outbound messages moved to "sent" by the status events: ${msgs.sent} of ${msgs.total}; receipts with an error note: ${noted}`)
  console.log(`  lost (acked but not processed): ${lost}  ${ok(lost === 0 && stored === acked && msgs.sent === acked)}`)
}

main().catch((e) => {
  console.error(`\nbench:webhook failed: ${e.stack || e.message}`)
  process.exitCode = 1
})
