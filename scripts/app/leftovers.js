// What a killed run left behind: orchestrators record their guards' pids; the next run stops them.
"use strict"
const fs = require("fs")
const path = require("path")
const { ROOT, sleep } = require("./util")
const { groupMembers, signalGroup, alive } = require("./process-group")
const { GUARD_MAIN } = require("./guard")
const { POSTGRES_MAIN } = require("./postgres-helper")

/** Remembers the guard (and Postgres helper) pids of this run in file. */
function recordPids(file, pids) {
  fs.writeFileSync(file, JSON.stringify({ orchestrator: process.pid, pids: pids.filter(Boolean) }))
}

// By their path under the repo: the pid file lives under the OS temp dir, shared by every checkout.
const ENTRY_POINTS = [GUARD_MAIN, POSTGRES_MAIN].map((f) => path.relative(ROOT, f))

/** Whether pid is one of the guards or Postgres helpers (and not some process that reused the pid). */
function isOurs(pid) {
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, "utf8")
    return ENTRY_POINTS.some((f) => cmdline.includes(f))
  } catch {
    return false
  }
}

/**
 * Stops the process groups a previous (killed) run recorded, if they are still ours (SIGTERM, then
 * SIGKILL after 10 s); refuses while that run's orchestrator lives. Returns the pids it stopped.
 */
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
  const ours = (data.pids ?? []).filter(isOurs)
  for (const pid of ours) signalGroup(pid, "SIGTERM")
  const deadline = Date.now() + 10_000
  while (ours.some((pid) => groupMembers(pid).length) && Date.now() < deadline) await sleep(200)
  for (const pid of ours) signalGroup(pid, "SIGKILL")
  fs.rmSync(file, { force: true })
  return ours
}

module.exports = { recordPids, killRecorded }
