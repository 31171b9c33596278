// Every long-running process is started through a small "guard" (guard-main.js). The guard leads
// its own process group, so a Ctrl-C in the terminal reaches only the orchestrating script, which
// then stops things in order (Medusa before Postgres). The guard stops its whole group when told
// to, when the command exits (nothing it forked is left behind, e.g. the server `medusa develop`
// forks) and when the orchestrator dies without saying goodbye (its IPC channel closes).
"use strict"
const path = require("path")
const { fork } = require("child_process")
const { ROOT } = require("./util")
const { signalGroup } = require("./process-group")

const GUARD_MAIN = path.join(__dirname, "guard-main.js")

/**
 * Starts `command args` under a guard in its own process group; output goes to logFile.
 * Returns { name, pid (= process group id), logFile, exited: Promise<{ code, signal }>, running(),
 * stop({ signal = "SIGINT", graceMs = 20000 }) }: stop() signals the whole group, waits graceMs,
 * then SIGKILLs what is left.
 */
function spawnGuarded({ name, command, args = [], cwd = ROOT, env = process.env, logFile }) {
  const spec = { command, args, cwd, logFile }
  const guard = fork(GUARD_MAIN, [JSON.stringify(spec)], {
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

/** Promise<exit code> of a guarded one-shot command. */
async function runGuarded(spec) {
  const h = spawnGuarded(spec)
  const { code } = await h.exited
  return code
}

module.exports = { GUARD_MAIN, spawnGuarded, runGuarded }
