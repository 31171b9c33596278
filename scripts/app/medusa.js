// The Medusa CLI: one-shot commands and a guarded `medusa develop|start`.
"use strict"
const { ROOT, envWith, tail } = require("./util")
const { waitForHttp } = require("./net")
const { spawnGuarded, runGuarded } = require("./guard")

/** Absolute path of the Medusa CLI (cli.js) as resolved from cwd. */
function medusaCli(cwd = ROOT) {
  return require.resolve("@medusajs/cli/cli.js", { paths: [cwd] })
}

/** Runs one `medusa <args>` to completion; throws with the end of the log when it fails. */
async function runMedusa(args, { cwd, env = envWith(), logFile, name = `medusa ${args[0]}` }) {
  const code = await runGuarded({ name, command: process.execPath, args: [medusaCli(cwd), ...args], cwd, env, logFile })
  if (code !== 0) throw new Error(`${name} failed (exit ${code}); see ${logFile}\n${tail(logFile, 40)}`)
}

/** `medusa develop` (with --no-lint) or `start` under a guard; resolves with the spawnGuarded handle once /health is 200. */
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

module.exports = { medusaCli, runMedusa, startMedusa }
