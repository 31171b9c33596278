// Process groups: who is in one, signalling all of it, whether a pid lives.
"use strict"
const fs = require("fs")

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

module.exports = { groupMembers, signalGroup, alive }
