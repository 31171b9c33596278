#!/usr/bin/env node
// Notification benchmark: order.placed events → the plugin's subscriber → send-notification
// workflow → module → WhatsApp Cloud API sandbox, timed from emit to the sandbox accepting the send.
// Baseline in the same run: the same sends (same template and parameters, same pacing) made
// directly with the module service's sendMessage. See bench/README.md.
//
// Processes: embedded Postgres, the sandbox (node sandbox/cli.js, limits off), and one
// `medusa exec bench/lib/notify-run.ts` that boots the app from the root medusa-config.ts and does
// the setup, the emitting and the direct sends in-process (the local event bus cannot be reached
// from another process).
"use strict"
const fs = require("fs")
const os = require("os")
const path = require("path")
const { createStack, ROOT, sleep, secs, app } = require("./lib/stack")
const { summarize, fmt, ratio, table, parseArgs, usage } = require("./lib/stats")

const SPEC = {
  count: { type: "number", default: 1_000, min: 1, help: "measured orders (events, and as many direct sends)" },
  rate: { type: "number", default: 10, min: 0, help: "events (and direct sends) per second; 0 = all at once" },
  rounds: { type: "number", default: 2, min: 1, help: "alternate events / direct sends this many times (noise)" },
  warmup: { type: "number", default: 20, min: 0, help: "unmeasured orders through both paths first" },
  "drain-seconds": { type: "number", default: 120, min: 1, help: "max wait for a round's notifications" },
  "sandbox-port": { type: "number", default: 9187, min: 1, help: "sandbox port" },
  "pg-port": { type: "number", default: 54342, min: 1, help: "embedded Postgres port" },
}
const GOAL_P95_MS = 2_000

async function main() {
  const opts = parseArgs(process.argv.slice(2), SPEC)
  if (opts.help) return console.log(`npm run bench:notify -- [options]\n${usage(SPEC)}`)
  const started = Date.now()
  console.log(
    `Notification benchmark (Medusa ${require("@medusajs/medusa/package.json").version}, Node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg()[0].toFixed(1)})`
  )
  console.log(
    `  ${opts.count} order.placed events ${opts.rate ? `at ${opts.rate}/s` : "all at once"} vs ${opts.count} direct sendMessage calls, in ${opts.rounds} alternating round(s); warm-up ${opts.warmup}`
  )

  const stack = createStack("bench-notify")
  console.log(`  logs: ${path.join(stack.state, "logs")}`)
  await stack.cleanLeftovers()
  if (!(await app.portFree(opts["sandbox-port"]))) throw new Error(`port ${opts["sandbox-port"]} is in use (use --sandbox-port)`)

  try {
    let t = Date.now()
    const sandboxUrl = `http://127.0.0.1:${opts["sandbox-port"]}`
    const sandbox = stack.spawn({
      name: "sandbox",
      args: [path.join(ROOT, "sandbox", "cli.js")],
      env: {
        SANDBOX_PORT: String(opts["sandbox-port"]),
        SANDBOX_WEBHOOK_URL: "",
        SANDBOX_SEED_TEMPLATES: path.join(ROOT, "src", "modules", "whatsapp", "notifications", "default-templates.json"),
        // Limits off: what is measured is the plugin, not Meta's pacing. (Before ccb7154,
        // sandbox/cli.js let unset SANDBOX_* variables erase SANDBOX_CONFIG_JSON values: both are given.)
        SANDBOX_THROUGHPUT_PER_SECOND: "0",
        SANDBOX_READ_PROBABILITY: "0",
        SANDBOX_CONFIG_JSON: JSON.stringify({ throughputPerSecond: 0, pairRate: false, readProbability: 0 }),
      },
    })
    const db = "medusa_bench_notify"
    const { pg, url, migrated } = await stack.database({ pgPort: opts["pg-port"], database: db })
    const cfgRes = await app.waitForHttp(`${sandboxUrl}/_sandbox/config`, { timeoutMs: 60_000, alive: sandbox.running })
    const live = (await cfgRes.json()).config
    if (live.throughputPerSecond !== 0 || live.pairRate !== false) {
      throw new Error(`the sandbox kept its limits (throughputPerSecond ${live.throughputPerSecond}, pairRate ${JSON.stringify(live.pairRate)})`)
    }
    console.log(
      `▸ postgres (${pg.embedded ? "embedded" : "external"}) + fresh database ${db} (${migrated ? "medusa db:migrate into a template, then copied" : "copy of the migrated template"}), sandbox on ${sandboxUrl} (${secs(Date.now() - t)})`
    )

    t = Date.now()
    const out = path.join(stack.state, "results.json")
    const progress = path.join(stack.state, "progress.log")
    fs.rmSync(out, { force: true })
    fs.writeFileSync(progress, "")
    const cfg = {
      count: opts.count,
      warmup: opts.warmup,
      rate: opts.rate,
      rounds: opts.rounds,
      sandboxUrl,
      out,
      progress,
      drainSeconds: opts["drain-seconds"],
      pgRoot: pg.cpuRoot,
    }
    console.log(`▸ medusa exec bench/lib/notify-run.ts (boots the app in-process; log: ${stack.log("exec")})`)
    let shown = 0
    const tailer = setInterval(() => {
      const lines = fs.readFileSync(progress, "utf8").split("\n").filter(Boolean)
      for (const l of lines.slice(shown)) console.log(`  · ${l}`)
      shown = lines.length
    }, 300)
    try {
      await stack.runMedusa(["exec", "bench/lib/notify-run.ts"], {
        url,
        what: "exec",
        env: { WHATSAPP_BASE_URL: sandboxUrl, BENCH_NOTIFY: JSON.stringify(cfg) },
      })
    } finally {
      clearInterval(tailer)
      const lines = fs.readFileSync(progress, "utf8").split("\n").filter(Boolean)
      for (const l of lines.slice(shown)) console.log(`  · ${l}`)
    }
    console.log(`▸ exec finished (${secs(Date.now() - t)})`)
    report(opts, JSON.parse(fs.readFileSync(out, "utf8")))
    console.log(`\nrun time ${secs(Date.now() - started)} (load average now ${os.loadavg()[0].toFixed(1)}); stopping …`)
  } finally {
    await stack.stopAll()
  }
}

function report(opts, r) {
  const byWamid = new Map(r.sandbox.map((m) => [m.id, m]))
  const dbByKey = new Map(r.db.map((m) => [m.idempotency_key, m]))
  const knownWamids = new Set(r.db.map((m) => m.wamid).filter(Boolean))
  const accepted = (key) => {
    const row = dbByKey.get(key)
    const m = row?.wamid ? byWamid.get(row.wamid) : null
    return m ? Date.parse(m.created_at) : null
  }
  const ev = []
  const dr = []
  let evMissing = 0
  let drMissing = 0
  for (const id of r.measuredOrders) {
    const a = accepted(`notify:order.placed:${id}`)
    if (a && r.emitTimes[id]) ev.push(a - r.emitTimes[id])
    else evMissing++
    const b = accepted(`bench:direct:${id}`)
    if (b && r.directTimes[id]) dr.push(b - r.directTimes[id])
    else drMissing++
  }
  const e = summarize(ev)
  const d = summarize(dr)

  // Exactly once: one ledger row and one message per order, and no sandbox send we have no row for.
  const measured = new Set(r.measuredOrders)
  const perOrder = new Map()
  for (const n of r.notifications) if (measured.has(n.resource_id)) perOrder.set(n.resource_id, (perOrder.get(n.resource_id) ?? 0) + 1)
  const ledgerDupes = [...perOrder.values()].filter((n) => n > 1).length
  const statusCounts = {}
  for (const n of r.notifications) if (measured.has(n.resource_id)) statusCounts[n.status] = (statusCounts[n.status] ?? 0) + 1
  const reasons = [...new Set(r.notifications.filter((n) => measured.has(n.resource_id) && n.reason).map((n) => n.reason))].slice(0, 3)
  const sentPerOrder = new Map()
  for (const m of r.db) {
    if (!m.idempotency_key.startsWith("notify:order.placed:") || !m.wamid || !byWamid.has(m.wamid)) continue
    const id = m.idempotency_key.slice("notify:order.placed:".length)
    if (measured.has(id)) sentPerOrder.set(id, (sentPerOrder.get(id) ?? 0) + 1)
  }
  const sent = sentPerOrder.size
  const msgDupes = [...sentPerOrder.values()].filter((n) => n > 1).length
  const unrecorded = r.sandbox.filter((m) => !knownWamids.has(m.id)).length
  // Per recipient: the event path must have reached each customer once (the direct path once more).
  const toCount = new Map()
  for (const m of r.sandbox) toCount.set(m.to, (toCount.get(m.to) ?? 0) + 1)
  const extraPerRecipient = [...toCount.values()].filter((n) => n > 2).length
  const duplicates = ledgerDupes + msgDupes + unrecorded + extraPerRecipient

  const roundsMs = (k) => r.rounds.reduce((s, x) => s + x[k].totalMs, 0)
  const cpu = (k, part) => r.rounds.reduce((s, x) => s + (x[k].cpu?.[part] ?? NaN), 0) / r.rounds.reduce((s, x) => s + x.n, 0)

  // Where an event's time goes: emit → ledger claim (bus, subscriber, workflow start, loading the
  // order/customer and recording the opt-in) → message row inserted (mapping, contact, template,
  // plan) → sandbox accepted (HTTP to the API).
  const notifAt = new Map(r.notifications.map((n) => [n.resource_id, n.created_ms]))
  const stages = { claim: [], plan: [], api: [] }
  for (const id of r.measuredOrders) {
    const row = dbByKey.get(`notify:order.placed:${id}`)
    const m = row?.wamid ? byWamid.get(row.wamid) : null
    if (!m || !notifAt.has(id)) continue
    stages.claim.push(notifAt.get(id) - r.emitTimes[id])
    stages.plan.push(row.created_ms - notifAt.get(id))
    stages.api.push(Date.parse(m.created_at) - row.created_ms)
  }
  const st = Object.fromEntries(Object.entries(stages).map(([k, v]) => [k, summarize(v)]))
  const ok = (c) => (c ? "PASS" : "FAIL")
  console.log(`\nEmit → sandbox acceptance, ${opts.count} orders ${opts.rate ? `at ${opts.rate}/s` : "all at once"} (ms)`)
  table([
    ["", "order.placed → subscriber → workflow", "direct sendMessage (baseline)", "event/direct", "goal"],
    ["p50 ms", fmt(e.p50, 0), fmt(d.p50, 0), ratio(e.p50, d.p50), ""],
    [
      "p95 ms",
      fmt(e.p95, 0),
      fmt(d.p95, 0),
      ratio(e.p95, d.p95),
      `< ${GOAL_P95_MS.toLocaleString("en-US")} ms: ${ok(e.p95 < GOAL_P95_MS && ev.length === opts.count)}`,
    ],
    ["p99 ms", fmt(e.p99, 0), fmt(d.p99, 0), ratio(e.p99, d.p99), ""],
    ["max ms", fmt(e.max, 0), fmt(d.max, 0), "", ""],
    ["accepted by the sandbox", `${ev.length}/${opts.count}`, `${dr.length}/${opts.count}`, "", ""],
    [
      "all done after (s)",
      fmt(roundsMs("events") / 1000, 1),
      fmt(roundsMs("direct") / 1000, 1),
      ratio(roundsMs("events"), roundsMs("direct")),
      "(first send → last answered, summed over rounds)",
    ],
    [
      "app CPU ms/send",
      fmt(cpu("events", "app"), 1),
      fmt(cpu("direct", "app"), 1),
      ratio(cpu("events", "app"), cpu("direct", "app")),
      "(the medusa exec process)",
    ],
    [
      "Postgres CPU ms/send",
      fmt(cpu("events", "postgres"), 1),
      fmt(cpu("direct", "postgres"), 1),
      ratio(cpu("events", "postgres"), cpu("direct", "postgres")),
      "",
    ],
  ])
  console.log(`\nEvent path by stage (ms; database timestamps)`)
  table([
    ["", "p50", "p95", "max"],
    ["emit → ledger claim (bus, subscriber, workflow, load order + customer, opt-in)", fmt(st.claim.p50, 0), fmt(st.claim.p95, 0), fmt(st.claim.max, 0)],
    ["claim → message row (mapping, contact, template, plan)", fmt(st.plan.p50, 0), fmt(st.plan.p95, 0), fmt(st.plan.max, 0)],
    ["message row → sandbox accepted (HTTP)", fmt(st.api.p50, 0), fmt(st.api.p95, 0), fmt(st.api.max, 0)],
  ])
  const pr = r.probes
  const evApp = cpu("events", "app")
  const evPg = cpu("events", "postgres")
  const drApp = cpu("direct", "app")
  const drPg = cpu("direct", "postgres")
  const part = (x) => `${fmt(x.app, 1)} + ${fmt(x.postgres, 1)}`
  console.log(`\nCPU per order.placed, app + Postgres ms (probes: one at a time over ${pr.segments.n} orders already notified)`)
  table([
    ["piece", "CPU ms", "wall ms (alone)"],
    ["whole event path (measured above)", `${fmt(evApp, 1)} + ${fmt(evPg, 1)}`, ""],
    ["  segments subscriber (whatsapp-segments-order-placed)", part(pr.segments), fmt(pr.segments.ms, 1)],
    ["  notification workflow up to the claim (load order + customer, opt-in, claim)", part(pr.loadAndClaim), fmt(pr.loadAndClaim.ms, 1)],
    ["    of which query.graph(order) with load-notification-context's fields", part(pr.orderQuery), fmt(pr.orderQuery.ms, 1)],
    ['    the same query without the computed "total"', part(pr.orderQueryNoTotal), fmt(pr.orderQueryNoTotal.ms, 1)],
    ["  sendMessage (the baseline)", `${fmt(drApp, 1)} + ${fmt(drPg, 1)}`, ""],
    [
      "  rest: bus, deliver step's lookups and plan, workflow bookkeeping",
      `${fmt(evApp - pr.segments.app - pr.loadAndClaim.app - drApp, 1)} + ${fmt(evPg - pr.segments.postgres - pr.loadAndClaim.postgres - drPg, 1)}`,
      "",
    ],
  ])
  console.log(
    `  (probe outcomes of the workflow re-run: ${Object.entries(pr.loadAndClaim.outcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")})`
  )

  console.log(`\nExactly once`)
  console.log(
    `  notifications (whatsapp_notification, order.placed): ${Object.entries(statusCounts)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}${reasons.length ? `; reasons: ${reasons.join(" | ")}` : ""}`
  )
  console.log(
    `  messages sent for the ${opts.count} orders: ${sent}; orders with more than one ledger row: ${ledgerDupes}, with more than one message: ${msgDupes}`
  )
  console.log(
    `  sandbox: ${r.sandbox.length} messages accepted in all (warm-up and baseline included), ${unrecorded} with no whatsapp_message row, ${extraPerRecipient} recipients reached more than once per path`
  )
  console.log(
    `  direct sendMessage outcomes: ${Object.entries(r.directOutcomes)
      .map(([k, v]) => `${k} ${v}`)
      .join(", ")}`
  )
  console.log(`  duplicates: ${duplicates}  ${ok(duplicates === 0 && sent === opts.count && evMissing === 0)}`)
}

main().catch((e) => {
  console.error(`\nbench:notify failed: ${e.stack || e.message}`)
  process.exitCode = 1
})
