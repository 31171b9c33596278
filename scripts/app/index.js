// Process plumbing for running a Medusa app around this plugin (the demo, benchmarks, tests).
// One concern per file; this re-exports them all:
//   util.js             ROOT, stateDir(name), sleep(ms), envWith(extra), tail(file, lines)
//   net.js              portFree(port, host), waitForHttp(url, opts)
//   process-group.js    groupMembers, signalGroup, alive (not re-exported)
//   guard.js            spawnGuarded(spec), runGuarded(spec): commands in their own process group
//   guard-main.js       the guard process itself (internal entry point)
//   postgres.js         startPostgresInProcess({ name, port, fresh, log }): embedded or DATABASE_URL/DB_HOST
//   postgres-helper.js  startPostgres({ name, port, logFile }): the same in a guarded helper process
//   postgres-main.js    that helper process (internal entry point)
//   db.js               ensureDatabase(pg, db), queryDb(url, sql, params)
//   medusa.js           medusaCli(cwd), runMedusa(args, opts), startMedusa(opts)
//   build.js            pluginBuildReason(root, stampFile), buildPlugin(opts), installPlugin(opts)
//   leftovers.js        recordPids(file, pids), killRecorded(file)
"use strict"
const { stateDir, sleep, envWith, tail } = require("./util")
const { portFree, waitForHttp } = require("./net")
const { spawnGuarded, runGuarded } = require("./guard")
const { startPostgresInProcess } = require("./postgres")
const { startPostgres } = require("./postgres-helper")
const { ensureDatabase, queryDb } = require("./db")
const { medusaCli, runMedusa, startMedusa } = require("./medusa")
const { pluginBuildReason, buildPlugin, installPlugin } = require("./build")
const { recordPids, killRecorded } = require("./leftovers")

module.exports = {
  stateDir,
  startPostgres,
  startPostgresInProcess,
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
