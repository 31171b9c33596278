// Postgres for the orchestrators (demo, benchmarks): startPostgresInProcess (postgres.js) run in a
// helper process (postgres-main.js) that leads its own process group, so a terminal Ctrl-C does not
// stop it before the app, and that stops Postgres on stop() or when the caller dies.
"use strict"
const fs = require("fs")
const path = require("path")
const { fork } = require("child_process")
const { tail } = require("./util")
const { signalGroup } = require("./process-group")

const POSTGRES_MAIN = path.join(__dirname, "postgres-main.js")

/**
 * Resolves once Postgres answers, with { host, port, user, password, embedded, url(db), pid,
 * running(), exited: Promise<code>, stop() }.
 */
function startPostgres({ name, port, logFile }) {
  fs.mkdirSync(path.dirname(logFile), { recursive: true })
  const helper = fork(POSTGRES_MAIN, [JSON.stringify({ name, port, logFile })], {
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

module.exports = { POSTGRES_MAIN, startPostgres }
