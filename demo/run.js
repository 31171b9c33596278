#!/usr/bin/env node
// `npm run demo`: a Medusa store with this plugin installed, a WhatsApp Cloud API sandbox and
// Postgres, all local, from a fresh clone after `npm install`.
//
//   node demo/run.js            start everything, print the URLs, run until Ctrl-C
//   node demo/run.js --smoke    start everything, verify (login, customers, settings, inbound
//                               message reaches the customer record), stop, exit 0/1 (CI)
//   node demo/run.js --reset    delete the demo's data first (also combines with --smoke)
//   DEMO_SMOKE=1 is the same as --smoke.
//
// Steps: build the plugin when src/ is newer than .medusa/server → Postgres (embedded, data under
// the OS temp dir; scripts/app/postgres.js) → create the database → `medusa db:migrate` → seed once
// (demo/app/src/scripts/seed.ts) → sandbox (sandbox/cli.js) → `medusa develop` in demo/app →
// register the customers in the sandbox and send a few inbound messages through the webhook.
// The app runs its own copy of the built plugin (demo/app/node_modules/medusa-plugin-whatsapp, as
// `npm install` would make it), so rebuilding the plugin meanwhile does not disturb it.
// Process plumbing lives in scripts/app/.
"use strict"
const fs = require("fs")
const path = require("path")
const app = require("../scripts/app")
const demo = require("./settings")

const argv = new Set(process.argv.slice(2))
const SMOKE = argv.has("--smoke") || process.env.DEMO_SMOKE === "1"
const RESET = argv.has("--reset")
for (const a of argv) {
  if (!["--smoke", "--reset"].includes(a)) {
    console.error(`unknown option ${a}; use --smoke and/or --reset`)
    process.exit(2)
  }
}

const STATE = app.stateDir(demo.name)
const LOGS = path.join(STATE, "logs")
const log = (name) => path.join(LOGS, `${name}.log`)
const PIDS = path.join(STATE, "pids.json")

const INBOUND = [
  { pick: 1, text: "ขอส่วนลดหน่อยครับ" },
  { pick: 4, text: "สวัสดีค่ะ สั่งผ้าไหมไปเมื่อวาน จะได้ของวันไหนคะ" },
  { pick: 6, text: "Hi! Do you ship to Chiang Mai? 🙏" },
  { pick: 10, text: "มีกางเกงช้างไซส์ XL ไหมครับ" },
  { pick: 20, text: "Can I change the delivery address for my last order?" },
]

// ------------------------------------------------------------------------------------ output

const t0 = Date.now()
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`
const out = (line = "") => process.stdout.write(`${line}\n`)
async function step(label, fn) {
  const started = Date.now()
  process.stdout.write(`▸ ${label} … `)
  try {
    const note = await fn()
    out(`${note || "done"} (${secs(Date.now() - started)})`)
    return note
  } catch (e) {
    out(`FAILED (${secs(Date.now() - started)})`)
    throw e
  }
}

// ------------------------------------------------------------------------------------ lifecycle

const running = [] // { name, stop() } in start order; stopped in reverse
let shuttingDown = null
let buildErrors = [] // TypeScript errors of this run's plugin build, if any
function remember() {
  app.recordPids(
    PIDS,
    running.map((r) => r.pid)
  )
}

function shutdown(reason, code = 0) {
  if (shuttingDown) return shuttingDown
  shuttingDown = (async () => {
    if (reason) out(`\n${reason}`)
    for (const r of [...running].reverse()) {
      const started = Date.now()
      process.stdout.write(`  stopping ${r.name} … `)
      try {
        await r.stop()
        out(`stopped (${secs(Date.now() - started)})`)
      } catch (e) {
        out(`failed: ${e.message}`)
      }
    }
    fs.rmSync(PIDS, { force: true })
    process.exit(code)
  })()
  return shuttingDown
}

let interrupts = 0
for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
  process.on(sig, () => {
    if (++interrupts > 1) {
      out(`\n${sig} again: killing everything now`)
      for (const r of running) {
        try {
          process.kill(-r.pid, "SIGKILL")
        } catch {}
      }
      fs.rmSync(PIDS, { force: true })
      process.exit(130)
    }
    shutdown(`${sig} received: stopping Medusa, the sandbox and Postgres`, SMOKE ? 1 : 0)
  })
}

// ------------------------------------------------------------------------------------ steps

async function sandboxPost(pathname, body) {
  const res = await fetch(`${demo.sandboxUrl}${pathname}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(body),
  }).catch((e) => {
    throw new Error(`POST ${demo.sandboxUrl}${pathname}: ${e.message}${e.cause?.code ? ` (${e.cause.code})` : ""}`)
  })
  const json = await res.json().catch(() => null)
  if (!res.ok) throw new Error(`sandbox ${pathname} → HTTP ${res.status} ${JSON.stringify(json)}`)
  return json
}

async function adminFetch(token, pathname) {
  // GETs are retried on a network error (a keep-alive socket closed under us), never on an HTTP error.
  let res
  for (let attempt = 1; ; attempt++) {
    try {
      res = await fetch(`${demo.backendUrl}${pathname}`, { headers: { authorization: `Bearer ${token}` } })
      break
    } catch (e) {
      if (attempt >= 3) throw new Error(`GET ${pathname}: ${e.message}${e.cause?.code ? ` (${e.cause.code})` : ""}`)
      await app.sleep(300)
    }
  }
  const json = await res.json().catch(() => null)
  if (!res.ok) throw new Error(`GET ${pathname} → HTTP ${res.status} ${JSON.stringify(json)?.slice(0, 300)}`)
  return json
}

async function main() {
  out(`WhatsApp plugin demo: ${demo.storeName} (Medusa ${require("@medusajs/medusa/package.json").version})${SMOKE ? "  [smoke test]" : ""}`)
  out(`  logs and data: ${STATE}`)

  // Refuses to run next to a live run (same ports and data); stops what a killed run left behind.
  const leftovers = await app.killRecorded(PIDS)
  if (leftovers.length) out(`  stopped processes left by an earlier run: ${leftovers.join(", ")}`)
  if (RESET) {
    fs.rmSync(STATE, { recursive: true, force: true })
    out(`  --reset: deleted the previous data`)
  }
  fs.mkdirSync(LOGS, { recursive: true })
  for (const [port, what] of [
    [demo.medusaPort, "Medusa"],
    [demo.sandboxPort, "the sandbox"],
  ]) {
    if (!(await app.portFree(port))) throw new Error(`port ${port} (for ${what}) is already in use; stop whatever listens there and retry`)
  }

  // The sandbox and Postgres do not need the plugin build: start them alongside it.
  const stamp = path.join(STATE, "plugin-build.stamp")
  const reason = app.pluginBuildReason(demo.repoRoot, stamp)
  let build = Promise.resolve()
  if (reason) {
    out(`▸ medusa plugin:build (${reason}), alongside starting Postgres and the sandbox …`)
    const started = Date.now()
    build = app.buildPlugin({ root: demo.repoRoot, logFile: log("plugin-build"), stampFile: stamp }).then((r) => {
      if (r.ok) return out(`▸ plugin built into .medusa/server (${secs(Date.now() - started)})`)
      // tsc emitted the JavaScript anyway: run it, but say so loudly (and fail the smoke test).
      buildErrors = r.errors
      out(`▸ plugin built into .medusa/server WITH ${r.errors.length} TypeScript error(s) (${secs(Date.now() - started)}); running the emitted JS:`)
      for (const e of r.errors.slice(0, 10)) out(`    ${e}`)
      if (r.errors.length > 10) out(`    … see ${log("plugin-build")}`)
    })
    build.catch(() => {}) // awaited below; keeps a failure from being "unhandled" meanwhile
  } else {
    out("▸ plugin build in .medusa/server is up to date with src/")
  }

  const sandbox = app.spawnGuarded({
    name: "sandbox",
    command: process.execPath,
    args: [path.join(demo.repoRoot, "sandbox", "cli.js")],
    cwd: demo.repoRoot,
    env: { ...process.env, ...demo.sandboxEnv },
    logFile: log("sandbox"),
  })
  running.push({ name: "sandbox", pid: sandbox.pid, stop: () => sandbox.stop({ signal: "SIGTERM", graceMs: 5_000 }), handle: sandbox })
  remember()

  const pgStarted = Date.now()
  const pg = await app.startPostgres({ name: demo.name, port: demo.pgPort, logFile: log("postgres") })
  running.unshift({ name: "postgres", pid: pg.pid, stop: () => pg.stop() }) // stopped last
  remember()
  out(
    `▸ postgres ${pg.embedded ? `(embedded, data in ${path.join(STATE, "pgdata")})` : "(external, from DATABASE_URL/DB_HOST)"} on ${pg.host}:${pg.port} … ready (${secs(Date.now() - pgStarted)})`
  )
  const created = await app.ensureDatabase(pg, demo.database)
  out(`▸ database ${demo.database} … ${created ? "created" : "exists"}`)
  const DATABASE_URL = pg.url(demo.database)

  await build
  await step("installing the built plugin into demo/app/node_modules (as `npm install` would)", async () => {
    try {
      app.installPlugin({ root: demo.repoRoot, appDir: demo.appDir })
    } catch (e) {
      // Something else (npm test runs plugin:build) is rebuilding .medusa/server right now.
      if (e.code !== "INCOMPLETE_BUILD") throw e
      out(`\n    ${e.message}; building again`)
      const r = await app.buildPlugin({ root: demo.repoRoot, logFile: log("plugin-build"), stampFile: stamp })
      if (!r.ok) buildErrors = r.errors
      app.installPlugin({ root: demo.repoRoot, appDir: demo.appDir })
    }
    return `installed ${path.relative(demo.repoRoot, demo.pluginDir)}`
  })

  const env = app.envWith({
    DATABASE_URL,
    // Lets tooling that resolves packages from its own folder (the admin's Tailwind scan) find the
    // plugin the app has "installed"; it is only consulted after the normal node_modules lookup.
    NODE_PATH: [path.join(demo.appDir, "node_modules"), process.env.NODE_PATH].filter(Boolean).join(path.delimiter),
  })
  await step("medusa db:migrate (core, plugin, links)", () => app.runMedusa(["db:migrate"], { cwd: demo.appDir, env, logFile: log("migrate") }))

  const [store] = await app.queryDb(DATABASE_URL, `SELECT metadata FROM store WHERE deleted_at IS NULL LIMIT 1`)
  const marker = store?.metadata?.whatsapp_demo_seed
  if (marker) {
    out(`▸ seed … already seeded on ${marker.at} (version ${marker.version}), skipped`)
    if (marker.version !== demo.seedVersion) out(`    (this demo seeds version ${demo.seedVersion}; run with --reset for the current demo data)`)
  } else {
    await step("seeding (admin, region, products, 50 customers, orders, WhatsApp contacts): medusa exec", () =>
      app.runMedusa(["exec", "./src/scripts/seed.ts"], { cwd: demo.appDir, env, logFile: log("seed") })
    )
  }

  // Sandbox users: every demo customer with a WhatsApp contact.
  const contacts = await app.queryDb(
    DATABASE_URL,
    `SELECT wc.id AS contact_id, wc.wa_id, wc.last_inbound_at, c.id AS customer_id, c.first_name, c.last_name, c.email
       FROM whatsapp_contact wc JOIN customer c ON c.id = wc.customer_id
      WHERE wc.deleted_at IS NULL AND c.deleted_at IS NULL AND c.metadata->>'demo' = 'true'
      ORDER BY c.email`
  )
  await step(`sandbox on ${demo.sandboxUrl}`, async () => {
    await app.waitForHttp(`${demo.sandboxUrl}/_sandbox/config`, { timeoutMs: 60_000, alive: sandbox.running })
    // The plugin's default notification templates (Thai + English), approved, next to the
    // sandbox's own seeds, so the event → template mappings have something to send.
    let seeded = ""
    const defaults = ["src", ".medusa/server/src"]
      .map((dir) => path.join(demo.repoRoot, dir, "modules/whatsapp/notifications/default-templates.json"))
      .find((f) => fs.existsSync(f))
    if (defaults) {
      const templates = JSON.parse(fs.readFileSync(defaults, "utf8"))
      await sandboxPost("/_sandbox/templates/seed", templates)
      seeded = `, ${templates.length} plugin default templates approved`
    }
    // last_inbound_at keeps the sandbox's 24 h windows in step with what Medusa recorded earlier.
    for (const c of contacts) {
      await sandboxPost("/_sandbox/users", {
        wa_id: c.wa_id,
        name: `${c.first_name} ${c.last_name}`,
        last_inbound_at: c.last_inbound_at ? new Date(c.last_inbound_at).toISOString() : null,
      })
    }
    return `ready${seeded}, ${contacts.length} demo customers registered as WhatsApp users`
  })

  let medusa
  await step(`medusa develop in demo/app (log: ${log("medusa")})`, async () => {
    medusa = await app.startMedusa({ cwd: demo.appDir, env, logFile: log("medusa"), command: "develop", port: demo.medusaPort })
    running.push({ name: "medusa", pid: medusa.pid, stop: () => medusa.stop({ signal: "SIGINT", graceMs: 20_000 }), handle: medusa })
    remember()
    return "healthy"
  })
  await step(`admin UI at ${demo.backendUrl}/app`, async () => {
    const res = await app.waitForHttp(`${demo.backendUrl}/app`, { timeoutMs: 120_000, alive: medusa.running })
    const html = await res.text()
    if (!html.includes('id="medusa"')) throw new Error("/app answered without the admin page")
    return "answers"
  })

  // The plugin syncs templates hourly; do it now so the campaign wizard has the sandbox's
  // marketing templates (abandoned_cart, …) from the first minute, as a merchant would with "Sync".
  await step("templates synced from the sandbox's WABA", async () => {
    const login = await fetch(`${demo.backendUrl}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(demo.admin),
    })
    const { token } = await login.json().catch(() => ({}))
    if (!login.ok || !token) throw new Error(`admin login → HTTP ${login.status}`)
    const res = await fetch(`${demo.backendUrl}/admin/whatsapp/templates/sync`, { method: "POST", headers: { authorization: `Bearer ${token}` } })
    const json = await res.json().catch(() => null)
    if (!res.ok) throw new Error(`POST /admin/whatsapp/templates/sync → HTTP ${res.status} ${JSON.stringify(json)?.slice(0, 300)}`)
    return `${json.synced} templates`
  })

  // Customers write in: sandbox → signed webhook → /hooks/whatsapp → the plugin → customer record.
  // A re-run within 24 h does not repeat a message the customer already sent.
  const chosen = INBOUND.map((m) => ({ ...m, contact: contacts[m.pick % Math.max(contacts.length, 1)] })).filter((m) => m.contact)
  for (const m of chosen) {
    const seen = await app.queryDb(
      DATABASE_URL,
      `SELECT 1 FROM whatsapp_message WHERE contact_id = $1 AND direction = 'inbound' AND text = $2
         AND created_at > now() - interval '24 hours' AND deleted_at IS NULL LIMIT 1`,
      [m.contact.contact_id, m.text]
    )
    m.already = seen.length > 0
  }
  const toSend = chosen.filter((m) => !m.already)
  await step(`${chosen.length} inbound WhatsApp messages from demo customers, through the webhook`, async () => {
    let delivered = 0
    for (const m of toSend) {
      const r = await sandboxPost("/_sandbox/inbound", { from: m.contact.wa_id, name: `${m.contact.first_name} ${m.contact.last_name}`, text: m.text })
      if (r.webhook?.delivered) delivered++
      else out(`\n    webhook for "${m.text}" not delivered: ${JSON.stringify(r.webhook)}`)
    }
    if (!toSend.length) return "none sent: these customers already wrote in the last 24 h"
    return `${delivered}/${toSend.length} sent and delivered${toSend.length < chosen.length ? `, ${chosen.length - toSend.length} already sent in the last 24 h` : ""}`
  })
  for (const m of chosen) out(`    ${m.already ? "(earlier) " : ""}${m.contact.first_name} ${m.contact.last_name} (+${m.contact.wa_id}): ${m.text}`)

  const [key] = await app.queryDb(DATABASE_URL, `SELECT token FROM api_key WHERE type = 'publishable' AND title = $1 AND deleted_at IS NULL`, [demo.storeName])
  const rule = "─".repeat(78)
  out()
  out(rule)
  out(` ${demo.storeName} is running (started in ${secs(Date.now() - t0)})`)
  out(`   Admin          ${demo.backendUrl}/app`)
  out(`                  login ${demo.admin.email} / ${demo.admin.password}`)
  out(`                  Customers → any customer: the WhatsApp card (consent, messages)`)
  out(`   Sandbox chat   ${demo.sandboxUrl}/   (you are the customer: pick a number and write)`)
  out(`   Webhook        ${demo.backendUrl}/hooks/whatsapp   (the sandbox posts signed webhooks here)`)
  out(`   Store API      ${demo.backendUrl}/store   publishable key ${key?.token ?? "(none)"}`)
  out(`   Logs           ${LOGS}/{medusa,sandbox,postgres,migrate,seed,plugin-build}.log`)
  out(`   Data           ${pg.embedded ? path.join(STATE, "pgdata") : "external Postgres"}  (db ${demo.database} on ${pg.host}:${pg.port})`)
  out(`   Stop           Ctrl-C (stops Medusa, the sandbox and Postgres)`)
  out(`   Start over     npm run demo -- --reset   (deletes ${STATE})`)
  out(rule)

  if (SMOKE) {
    const ok = await smoke(contacts)
    await shutdown(ok ? "smoke test passed; stopping" : "smoke test FAILED; stopping", ok ? 0 : 1)
    return
  }

  // `medusa develop` outlives a crashed server (it restarts it on the next file change), so
  // watch /health and say when the store stops answering.
  let down = 0
  const watchdog = setInterval(async () => {
    if (shuttingDown) return
    const up = await fetch(`${demo.backendUrl}/health`, { signal: AbortSignal.timeout(5_000) }).then(
      (r) => r.ok,
      () => false
    )
    if (!up && ++down === 6) out(`\n! Medusa has not answered /health for 30 s (restarting after a file change, or crashed): see ${log("medusa")}`)
    if (up && down >= 6) out(`\n✓ Medusa answers /health again`)
    if (up) down = 0
  }, 5_000)
  watchdog.unref()

  // Run until Ctrl-C; if a process dies on its own, say so and stop the rest.
  const died = await Promise.race([
    medusa.exited.then((r) => ({ name: "medusa", r, logFile: log("medusa") })),
    sandbox.exited.then((r) => ({ name: "sandbox", r, logFile: log("sandbox") })),
    pg.exited.then((code) => ({ name: "postgres", r: { code }, logFile: log("postgres") })),
  ])
  if (!shuttingDown) {
    out(`\n${died.name} exited on its own (code ${died.r.code}${died.r.signal ? `, ${died.r.signal}` : ""}); end of ${died.logFile}:`)
    out(app.tail(died.logFile, 40))
    await shutdown(null, 1)
  }
}

async function smoke(contacts) {
  out()
  out("Smoke checks")
  let failures = 0
  const check = async (label, fn) => {
    try {
      const detail = await fn()
      out(`  ✓ ${label}${detail ? `: ${detail}` : ""}`)
    } catch (e) {
      failures++
      out(`  ✗ ${label}: ${e.message}`)
    }
  }
  await check("the plugin builds without TypeScript errors", async () => {
    if (buildErrors.length) throw new Error(`${buildErrors.length} error(s), first: ${buildErrors[0]}`)
    return "medusa plugin:build clean (or up to date)"
  })
  let token = null
  await check(`admin login ${demo.admin.email}`, async () => {
    const res = await fetch(`${demo.backendUrl}/auth/user/emailpass`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(demo.admin),
    })
    const json = await res.json().catch(() => ({}))
    if (!res.ok || !json.token) throw new Error(`HTTP ${res.status} ${JSON.stringify(json)}`)
    token = json.token
    return "token issued"
  })
  await check("GET /admin/customers count ≥ 50", async () => {
    const { count } = await adminFetch(token, "/admin/customers?limit=1&fields=id")
    if (!(count >= 50)) throw new Error(`count is ${count}`)
    return `count ${count}`
  })
  await check("GET /admin/orders has the seeded history", async () => {
    const { count } = await adminFetch(token, "/admin/orders?limit=1&fields=id")
    if (!(count > 0)) throw new Error(`count is ${count}`)
    return `count ${count}`
  })
  await check('GET /admin/whatsapp/settings mode "sandbox"', async () => {
    const s = await adminFetch(token, "/admin/whatsapp/settings")
    if (s.mode !== "sandbox") throw new Error(`mode is ${JSON.stringify(s.mode)}`)
    return `base_url ${s.base_url}, webhook_url ${s.webhook_url}`
  })
  await check("webhook verification handshake GET /hooks/whatsapp", async () => {
    const q = new URLSearchParams({ "hub.mode": "subscribe", "hub.verify_token": demo.pluginOptions.webhook_verify_token, "hub.challenge": "4242" })
    const res = await fetch(`${demo.backendUrl}/hooks/whatsapp?${q}`)
    const text = await res.text()
    if (res.status !== 200 || text !== "4242") throw new Error(`HTTP ${res.status} ${text.slice(0, 100)}`)
    return "challenge echoed"
  })
  await check("GET /app serves the admin", async () => {
    const res = await fetch(`${demo.backendUrl}/app`)
    if (res.status !== 200) throw new Error(`HTTP ${res.status}`)
    return "HTTP 200"
  })
  await check("inbound message from the sandbox appears on GET /admin/whatsapp/customers/:id", async () => {
    const c = contacts[0]
    if (!c) throw new Error("no demo customer with a WhatsApp contact")
    const text = `smoke check ${new Date().toISOString()} สวัสดีครับ`
    const r = await sandboxPost("/_sandbox/inbound", { from: c.wa_id, name: `${c.first_name} ${c.last_name}`, text })
    // The sandbox retries like Meta does; a failed first attempt is reported, not fatal.
    const first = r.webhook?.delivered
      ? "first webhook attempt delivered"
      : `first webhook attempt failed (${r.webhook?.error ?? `HTTP ${r.webhook?.status}`}), waiting for the sandbox's retries`
    if (!r.webhook?.delivered) out(`    … ${first}`)
    const deadline = Date.now() + 45_000
    let last
    while (Date.now() < deadline) {
      last = await adminFetch(token, `/admin/whatsapp/customers/${c.customer_id}`)
      const hit = (last.messages ?? []).find((m) => m.text === text)
      if (hit) {
        if (hit.direction !== "inbound") throw new Error(`message stored with direction ${hit.direction}`)
        return `${c.first_name} ${c.last_name} (${c.customer_id}), message ${hit.id}, window_open ${last.window_open}; ${first}`
      }
      await app.sleep(500)
    }
    throw new Error(`not there after 45 s (${first}); last answer: ${JSON.stringify(last)?.slice(0, 400)}`)
  })
  out(failures ? `${failures} check(s) failed` : "all checks passed")
  return failures === 0
}

main().catch(async (e) => {
  out(`\nERROR: ${e.message}`)
  await shutdown(null, 1)
})
