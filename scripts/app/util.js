// Small helpers every other module here uses.
"use strict"
const fs = require("fs")
const os = require("os")
const path = require("path")

const ROOT = path.resolve(__dirname, "..", "..")

/** <os.tmpdir()>/medusa-plugin-whatsapp-<name> (created): where embedded Postgres keeps its data; put logs here too. */
function stateDir(name) {
  const dir = path.join(os.tmpdir(), `medusa-plugin-whatsapp-${name}`)
  fs.mkdirSync(dir, { recursive: true })
  return dir
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

/** process.env + MEDUSA_DISABLE_TELEMETRY=true + extra. */
function envWith(extra = {}) {
  return { ...process.env, MEDUSA_DISABLE_TELEMETRY: "true", ...extra }
}

/** The last lines of a log file. */
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

module.exports = { ROOT, stateDir, sleep, envWith, tail }
