// The guard process (see guard.js): `node scripts/app/guard-main.js <json spec>`, forked by
// spawnGuarded with an IPC channel; not meant to be run by hand.
"use strict"
const fs = require("fs")
const path = require("path")
const { spawn } = require("child_process")
const { sleep } = require("./util")
const { groupMembers, signalGroup } = require("./process-group")

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

if (!process.argv[2]) {
  console.error("scripts/app/guard-main.js is the guard process spawnGuarded (scripts/app/guard.js) forks; it is internal.")
  process.exit(2)
}
guardMain(JSON.parse(process.argv[2]))
