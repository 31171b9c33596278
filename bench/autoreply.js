#!/usr/bin/env node
// Auto-reply latency: signed inbound keyword messages POSTed to /hooks/whatsapp of the plugin
// running in a real Medusa app (embedded Postgres, plugin from source), measured from the POST to
// the sandbox accepting the reply — discount codes (real Medusa promotions) included. Baseline in
// the same run: the same replies sent straight to the sandbox's Graph API by this process, so the
// ratio shows what webhook → store → rules → promotion → send adds. See bench/README.md.
"use strict"
const os = require("os")
const path = require("path")
const http = require("node:http")
const { performance } = require("node:perf_hooks")
const { createStack, sleep, secs, app } = require("./lib/stack")
const { metaJson, sign } = require("./lib/webhook-payloads")
const { summarize, fmt, ratio, table, parseArgs, usage } = require("./lib/stats")

const SPEC = {
  messages: { type: "number", default: 500, min: 1, help: "inbound keyword messages" },
  rate: { type: "number", default: 25, min: 1, help: "messages per second (one customer each)" },
  duplicates: { type: "number", default: 0.1, min: 0, help: "fraction of webhooks Meta-style redelivered (same bytes)" },
  port: { type: "number", default: 9120, min: 1, help: "Medusa port (the sandbox uses port+1)" },
  "pg-port": { type: "number", default: 54344, min: 1, help: "embedded Postgres port" },
}
const GOAL_P95_MS = 300
const TEXTS = ["ขอส่วนลดหน่อยครับ", "discount please", "ส่งกี่วันครับ", "มีโค้ดส่วนลดไหม", "how long is shipping?", "ชำระเงินยังไงครับ"]
const waIdOf = (i) => `6689${String(1000000 + i).slice(-7)}`

function inbound(i) {
  const now = Math.floor(Date.now() / 1000)
  const body = metaJson({
    object: "whatsapp_business_account",
    entry: [
      {
        id: "200000000000001",
        changes: [
          {
            field: "messages",
            value: {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550000001", phone_number_id: "100000000000001" },
              contacts: [{ profile: { name: `ลูกค้า ${i}` }, wa_id: waIdOf(i) }],
              messages: [{ from: waIdOf(i), id: `wamid.bench.in.${i}`, timestamp: String(now), type: "text", text: { body: TEXTS[i % TEXTS.length] } }],
            },
          },
        ],
      },
    ],
  })
  return { body: Buffer.from(body), signature: sign(body) }
}

function request(agent, url, { method = "POST", body, headers = {} }) {
  return new Promise((resolve) => {
    const req = http.request(url, { method, agent, headers: { "content-type": "application/json", ...headers } }, (res) => {
      const chunks = []
      res.on("data", (c) => chunks.push(c))
      res.on("end", () => resolve({ status: res.statusCode, body: Buffer.concat(chunks).toString("utf8") }))
    })
    req.on("error", (e) => resolve({ status: 0, body: e.message }))
    req.end(body)
  })
}

/** Sends `n` requests at `rate`/s; resolves with each request's wall-clock start (ms since epoch). */
async function paced(n, rate, send) {
  const starts = new Array(n)
  const pending = []
  const t0 = performance.now()
  for (let i = 0; i < n; i++) {
    const due = t0 + (i * 1000) / rate
    while (performance.now() < due) await sleep(1)
    starts[i] = Date.now()
    pending.push(send(i))
  }
  const results = await Promise.all(pending)
  return { starts, results }
}

async function sandboxOutbound(sandboxUrl) {
  const agent = new http.Agent({ keepAlive: true })
  const r = await request(agent, `${sandboxUrl}/_sandbox/messages`, { method: "GET" })
  const parsed = JSON.parse(r.body)
  return parsed.data
}

async function main() {
  const opts = parseArgs(process.argv.slice(2), SPEC)
  if (opts.help) return console.log(`npm run bench:autoreply -- [options]\n${usage(SPEC)}`)
  const started = Date.now()
  console.log(
    `Auto-reply benchmark (Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)}): ${opts.messages} messages at ${opts.rate}/s`
  )
  const stack = createStack("bench-autoreply")
  await stack.cleanLeftovers()
  try {
    let t = Date.now()
    const { url } = await stack.database({ pgPort: opts["pg-port"], database: "medusa_bench_autoreply" })
    // No away messages: every message is answered by a rule, which is what is measured.
    await app.queryDb(
      url,
      `INSERT INTO whatsapp_setting (id, key, value) VALUES ('waset_bench', 'auto_reply', '{"business_hours": null}'::jsonb)
       ON CONFLICT (key) WHERE deleted_at IS NULL DO UPDATE SET value = EXCLUDED.value`
    )
    console.log(`▸ postgres + fresh migrated database (${secs(Date.now() - t)})`)

    const sandboxPort = opts.port + 1
    const sandboxUrl = `http://127.0.0.1:${sandboxPort}`
    t = Date.now()
    const sandbox = stack.spawn({
      name: "sandbox",
      args: [path.join(__dirname, "..", "sandbox", "cli.js")],
      env: {
        SANDBOX_PORT: String(sandboxPort),
        SANDBOX_WEBHOOK_URL: `http://127.0.0.1:${opts.port}/hooks/whatsapp`,
        SANDBOX_SEED_TEMPLATES: path.join(__dirname, "..", "src", "modules", "whatsapp", "notifications", "default-templates.json"),
        // Limits off, statuses late: the reply's acceptance is what is timed, not status traffic.
        SANDBOX_CONFIG_JSON: JSON.stringify({ throughputPerSecond: 0, pairRate: false, statusDelaysMs: { sent: 2000, delivered: 4000, read: 8000 } }),
      },
    })
    await app.waitForHttp(`${sandboxUrl}/_sandbox/state`, { timeoutMs: 60_000, alive: sandbox.running })
    await stack.medusa({ url, port: opts.port, env: { WHATSAPP_BASE_URL: sandboxUrl } })
    console.log(`▸ sandbox on :${sandboxPort} and medusa start on :${opts.port} (${secs(Date.now() - t)})`)

    // Baseline: the same kind of reply, straight to the sandbox, same pacing, no webhook, no DB.
    const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
    const graph = `${sandboxUrl}/v23.0/100000000000001/messages`
    const base = await paced(opts.messages, opts.rate, (i) => {
      const started = performance.now()
      return request(agent, graph, {
        headers: { authorization: "Bearer sandbox-token" },
        body: JSON.stringify({
          messaging_product: "whatsapp",
          to: `6688${String(1000000 + i).slice(-7)}`,
          type: "text",
          text: { body: "โค้ดส่วนลดของคุณคือ WA-TESTCODE" },
        }),
      }).then((r) => ({ ...r, ms: performance.now() - started }))
    })
    const baseBad = base.results.filter((r) => r.status !== 200).length
    if (baseBad) throw new Error(`baseline: ${baseBad} sends refused by the sandbox, e.g. ${base.results.find((r) => r.status !== 200).body}`)
    const baseLat = summarize(base.results.map((r) => r.ms))
    console.log(`▸ baseline: ${opts.messages} direct sends, p95 ${fmt(baseLat.p95, 1)} ms`)

    // The plugin: inbound webhooks (some redelivered with the same bytes), replies timed at the sandbox.
    const hook = `http://127.0.0.1:${opts.port}/hooks/whatsapp`
    const bodies = Array.from({ length: opts.messages }, (_, i) => inbound(i))
    const run = await paced(opts.messages, opts.rate, async (i) => {
      const b = bodies[i]
      const post = () => request(agent, hook, { body: b.body, headers: { "x-hub-signature-256": b.signature } })
      const r = await post()
      if (Math.random() < opts.duplicates) await post()
      return r
    })
    const acks = run.results.filter((r) => r.status === 200).length
    const deadline = Date.now() + 120_000
    let out = []
    const ours = new Map(bodies.map((_, i) => [waIdOf(i), i]))
    while (Date.now() < deadline) {
      out = (await sandboxOutbound(sandboxUrl)).filter((m) => ours.has(m.to))
      if (new Set(out.map((m) => m.to)).size >= opts.messages) break
      await sleep(250)
    }
    const perCustomer = new Map()
    for (const m of out) perCustomer.set(m.to, [...(perCustomer.get(m.to) ?? []), m])
    const latencies = []
    for (const [to, msgs] of perCustomer) {
      const first = Math.min(...msgs.map((m) => Date.parse(m.created_at)))
      latencies.push(first - run.starts[ours.get(to)])
    }
    const duplicates = [...perCustomer.values()].filter((m) => m.length > 1).length
    const codes = out.map((m) => m.request?.text?.body?.match(/WA-[A-Z0-9]{8}/)?.[0]).filter(Boolean)
    const [promos] = await app.queryDb(url, `SELECT count(*)::int AS n FROM promotion WHERE deleted_at IS NULL`)
    const lat = summarize(latencies)
    // Where the time goes, per stage (medians over all messages), from the rows the plugin wrote.
    const stages = await app.queryDb(
      url,
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM r.processed_at - r.created_at) * 1000) AS stored_to_processed,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.created_at - r.processed_at) * 1000) AS processed_to_reply_row,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM o.accepted_at - o.created_at) * 1000) AS reply_row_to_accepted
         FROM whatsapp_message i
         -- The quoted id: a bare substring would also match later receipts (wamid.bench.in.1 in
         -- wamid.bench.in.10, .100…), which were processed after this reply: negative medians.
         JOIN whatsapp_webhook_receipt r ON r.raw_body LIKE '%"' || i.wamid || '"%'
         JOIN whatsapp_message o ON o.idempotency_key = 'auto:' || i.wamid
        WHERE i.direction = 'inbound' AND i.wamid LIKE 'wamid.bench.in.%'`
    )

    console.log("\nResults")
    table([
      ["", "p50 ms", "p95 ms", "max ms", "n"],
      ["baseline: direct send to the sandbox", fmt(baseLat.p50, 1), fmt(baseLat.p95, 1), fmt(baseLat.max, 1), String(baseLat.n)],
      ["plugin: webhook POST → reply accepted", fmt(lat.p50, 1), fmt(lat.p95, 1), fmt(lat.max, 1), String(lat.n)],
    ])
    console.log(`  ratio plugin/baseline p95: ${ratio(lat.p95, baseLat.p95)}`)
    const st = stages[0] ?? {}
    console.log(
      `  median stages: receipt stored → processed ${fmt(Number(st.stored_to_processed), 0)} ms; processed → reply row (event, rules, code) ${fmt(Number(st.processed_to_reply_row), 0)} ms; reply row → accepted by the sandbox ${fmt(Number(st.reply_row_to_accepted), 0)} ms`
    )
    console.log(`  webhooks acked 200: ${acks}/${opts.messages}; replies: ${perCustomer.size}/${opts.messages} customers answered`)
    console.log(`  discount codes sent: ${codes.length}, distinct ${new Set(codes).size}; promotions in Medusa: ${promos.n}`)
    console.log(`  duplicates (customers with more than one reply): ${duplicates} (must be 0)`)
    console.log(`  goal p95 < ${GOAL_P95_MS} ms: ${lat.p95 < GOAL_P95_MS ? "met" : "NOT met"}`)
    console.log(`\nrun time ${secs(Date.now() - started)}; stopping …`)
    if (duplicates || perCustomer.size < opts.messages) process.exitCode = 1
  } finally {
    await stack.stopAll()
  }
}

main().catch((e) => {
  console.error(e.stack ?? e.message)
  process.exit(1)
})
