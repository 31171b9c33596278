// Process lifecycle shared by the benchmarks: Postgres, a fresh database, `medusa db:migrate`,
// the plugin app (`medusa start` in the repo root, which boots the plugin from source through the
// root medusa-config.ts), other guarded helpers; everything stopped in reverse order on exit,
// Ctrl-C or failure. Built on scripts/app/ (guards, embedded Postgres).
"use strict"
const fs = require("fs")
const path = require("path")
const app = require("../../scripts/app")

const ROOT = path.resolve(__dirname, "..", "..")
const sleep = (ms) => new Promise((r) => setTimeout(r, ms))
const secs = (ms) => `${(ms / 1000).toFixed(1)} s`

const CLK_TCK = 100 // Linux USER_HZ; /proc/<pid>/stat times are in these ticks

/**
 * CPU time (ms, user + system, including reaped children) of process `root` and every live
 * descendant — a guard and the command it runs (Medusa), or the Postgres helper, the postmaster
 * and its backends (which leave the helper's process group, hence by parentage). NaN without /proc.
 */
function treeCpuMs(root) {
  if (!root || !fs.existsSync("/proc/self/stat")) return NaN
  const procs = []
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8")
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ")
      // fields after ")": state(0) ppid(1) … utime(11) stime(12) cutime(13) cstime(14)
      procs.push({ pid: Number(entry), ppid: Number(f[1]), ticks: Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14]) })
    } catch {}
  }
  const children = new Map()
  for (const p of procs) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p])
  let ticks = 0
  const walk = (pid) => {
    for (const c of children.get(pid) ?? []) ((ticks += c.ticks), walk(c.pid))
  }
  const self = procs.find((p) => p.pid === root)
  if (self) ticks += self.ticks
  walk(root)
  return (ticks * 1000) / CLK_TCK
}

/** Snapshot CPU of named process groups; returns () => { name: ms since the snapshot }. */
function cpuMeter(groups) {
  const start = Object.fromEntries(Object.entries(groups).map(([k, pgid]) => [k, treeCpuMs(pgid)]))
  const self0 = process.cpuUsage()
  return () => {
    const out = Object.fromEntries(Object.entries(groups).map(([k, pgid]) => [k, treeCpuMs(pgid) - start[k]]))
    const self = process.cpuUsage(self0)
    out.client = (self.user + self.system) / 1000
    return out
  }
}

/**
 * What `medusa db:migrate` output depends on: the app config, the plugin's models, migrations,
 * links and migration scripts, and the installed packages. A change anywhere → migrate again.
 */
function migrationFingerprint() {
  const hash = require("crypto").createHash("sha256")
  const add = (p) => {
    let st
    try {
      st = fs.statSync(p)
    } catch {
      return
    }
    if (st.isDirectory()) {
      for (const e of fs.readdirSync(p).sort()) if (e !== "__tests__" && e !== "node_modules") add(path.join(p, e))
    } else if (/\.(ts|js|json)$/.test(p)) {
      hash.update(path.relative(ROOT, p)).update(fs.readFileSync(p))
    }
  }
  for (const p of ["medusa-config.ts", "package-lock.json", "src/modules", "src/links", "src/migration-scripts"]) add(path.join(ROOT, p))
  return hash.digest("hex").slice(0, 32)
}

function createStack(name) {
  const state = app.stateDir(name)
  const logs = path.join(state, "logs")
  fs.mkdirSync(logs, { recursive: true })
  const pidsFile = path.join(state, "pids.json")
  const log = (what) => path.join(logs, `${what}.log`)
  const running = [] // { name, pid, stop() } in start order, stopped in reverse
  let shuttingDown = null

  const remember = () =>
    app.recordPids(
      pidsFile,
      running.map((r) => r.pid)
    )
  const add = (entry) => {
    running.push(entry)
    remember()
    return entry
  }

  async function stopAll(quiet = false) {
    while (running.length) {
      const r = running.pop()
      const t = Date.now()
      try {
        await r.stop()
        if (!quiet) console.log(`  stopped ${r.name} (${secs(Date.now() - t)})`)
      } catch (e) {
        console.log(`  stopping ${r.name} failed: ${e.message}`)
      }
    }
    fs.rmSync(pidsFile, { force: true })
  }

  function shutdown(code) {
    if (!shuttingDown) shuttingDown = stopAll().then(() => process.exit(code))
    return shuttingDown
  }

  let interrupts = 0
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) {
    process.on(sig, () => {
      if (++interrupts > 1) {
        for (const r of running) {
          try {
            process.kill(-r.pid, "SIGKILL")
          } catch {}
        }
        fs.rmSync(pidsFile, { force: true })
        process.exit(130)
      }
      console.log(`\n${sig}: stopping what the benchmark started`)
      shutdown(130)
    })
  }

  return {
    state,
    log,
    running,
    stopAll,
    shutdown,
    /** Stops what a killed earlier run of this benchmark left behind (refuses when one is live); clears the logs. */
    async cleanLeftovers() {
      const left = await app.killRecorded(pidsFile)
      if (left.length) console.log(`  stopped processes left by an earlier run: ${left.join(", ")}`)
      // Logs are per run (the guards append): start them afresh.
      for (const f of fs.readdirSync(logs)) if (f.endsWith(".log")) fs.rmSync(path.join(logs, f), { force: true })
    },
    /**
     * Postgres (embedded unless DATABASE_URL / DB_HOST name a server) and a fresh, migrated database:
     * a copy of a template database that `medusa db:migrate` ran on, redone only when what the
     * migrations depend on changed (see migrationFingerprint). Returns { pg, url, migrated }.
     */
    async database({ pgPort, database }) {
      const pg = await app.startPostgres({ name, port: pgPort, logFile: log("postgres") })
      add({ name: "postgres", pid: pg.pid, stop: () => pg.stop() })
      // Embedded Postgres runs under the helper; an external server's CPU is not ours to count.
      pg.cpuRoot = pg.embedded ? pg.pid : null
      const admin = pg.url("postgres")
      const template = `${database}_template`
      const fingerprint = migrationFingerprint()
      const [tpl] = await app.queryDb(admin, `SELECT shobj_description(oid, 'pg_database') AS note FROM pg_database WHERE datname = $1`, [template])
      let migrated = false
      if (tpl?.note !== fingerprint) {
        await app.queryDb(admin, `DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`)
        await app.queryDb(admin, `CREATE DATABASE "${template}"`)
        await app.runMedusa(["db:migrate"], { cwd: ROOT, env: app.envWith({ DATABASE_URL: pg.url(template) }), logFile: log("migrate") })
        await app.queryDb(admin, `COMMENT ON DATABASE "${template}" IS '${fingerprint}'`)
        migrated = true
      }
      await app.queryDb(admin, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      await app.queryDb(admin, `CREATE DATABASE "${database}" TEMPLATE "${template}"`)
      return { pg, url: pg.url(database), migrated }
    },
    /** `medusa start` (no file watcher: others may edit src/ meanwhile) in the repo root. */
    async medusa({ url, port, env = {} }) {
      const h = await app.startMedusa({
        cwd: ROOT,
        env: app.envWith({ DATABASE_URL: url, ...env }),
        logFile: log("medusa"),
        command: "start",
        port,
      })
      add({ name: "medusa", pid: h.pid, stop: () => h.stop({ signal: "SIGTERM", graceMs: 15_000 }) })
      return h
    },
    /** A guarded helper process (node script); stopped with SIGTERM. */
    spawn({ name: what, args, env = {} }) {
      const h = app.spawnGuarded({
        name: what,
        command: process.execPath,
        args,
        cwd: ROOT,
        env: app.envWith(env),
        logFile: log(what),
      })
      add({ name: what, pid: h.pid, stop: () => h.stop({ signal: "SIGTERM", graceMs: 5_000 }) })
      return h
    },
    runMedusa: (args, { url, env = {}, what = args[0] }) =>
      app.runMedusa(args, { cwd: ROOT, env: app.envWith({ DATABASE_URL: url, ...env }), logFile: log(what), name: `medusa ${what}` }),
  }
}

module.exports = { createStack, ROOT, sleep, secs, app, treeCpuMs, cpuMeter }
