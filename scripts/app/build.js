// Building the plugin (`medusa plugin:build`) and installing the build into an app.
"use strict"
const fs = require("fs")
const os = require("os")
const path = require("path")
const { ROOT, sleep, envWith, tail } = require("./util")
const { alive } = require("./process-group")
const { runGuarded } = require("./guard")
const { medusaCli } = require("./medusa")

function newestMtime(dir) {
  let newest = 0
  let newestFile = null
  const walk = (d) => {
    let entries
    try {
      entries = fs.readdirSync(d, { withFileTypes: true })
    } catch {
      return
    }
    for (const e of entries) {
      const p = path.join(d, e.name)
      if (e.isDirectory()) {
        // Tests are not part of the build (tsconfig excludes them).
        if (e.name !== "node_modules" && e.name !== "__tests__" && !e.name.startsWith(".")) walk(p)
      } else if (!/\.(spec|test)\.[cm]?[jt]sx?$/.test(e.name)) {
        const m = fs.statSync(p).mtimeMs
        if (m > newest) ((newest = m), (newestFile = p))
      }
    }
  }
  walk(dir)
  return { mtime: newest, file: newestFile }
}

/** Why the plugin must be (re)built (a string), or null when .medusa/server is newer than every file under src/. */
function pluginBuildReason(root, stampFile) {
  const out = path.join(root, ".medusa", "server", "src")
  if (!fs.existsSync(out)) return ".medusa/server is missing"
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  if (pkg.exports?.["./admin"] && !fs.existsSync(path.join(out, "admin", "index.js"))) return "the admin bundle is missing"
  let built = 0
  try {
    built = Number(fs.readFileSync(stampFile, "utf8"))
  } catch {
    built = fs.statSync(out).mtimeMs
  }
  const src = newestMtime(path.join(root, "src"))
  for (const f of ["package.json", "tsconfig.json"]) {
    const m = fs.statSync(path.join(root, f)).mtimeMs
    if (m > src.mtime) ((src.mtime = m), (src.file = path.join(root, f)))
  }
  if (src.mtime > built) return `${path.relative(root, src.file)} changed since the last build`
  return null
}

/**
 * `medusa plugin:build` in the plugin root. tsc still emits JavaScript when it reports type
 * errors; then this resolves with { ok: false, errors } (the caller decides) instead of throwing.
 * It throws when the build produced no usable output. Callers in other processes are serialised
 * by a lock under the OS temp dir (a build deletes .medusa/server first).
 */
async function buildPlugin({ root = ROOT, logFile, stampFile, env = envWith() }) {
  const release = await lockBuild(root)
  try {
    return await buildPluginLocked({ root, logFile, stampFile, env })
  } finally {
    release()
  }
}

/** plugin:build starts by deleting .medusa/server: two at once (demo + bench) would collide. */
async function lockBuild(root) {
  const lock = path.join(os.tmpdir(), `medusa-plugin-build-${Buffer.from(root).toString("hex").slice(-32)}.lock`)
  const deadline = Date.now() + 10 * 60_000
  for (;;) {
    try {
      fs.mkdirSync(lock)
      fs.writeFileSync(path.join(lock, "pid"), String(process.pid))
      return () => fs.rmSync(lock, { recursive: true, force: true })
    } catch (e) {
      if (e.code !== "EEXIST") throw e
      let owner = 0
      try {
        owner = Number(fs.readFileSync(path.join(lock, "pid"), "utf8"))
      } catch {}
      let age = 0
      try {
        age = Date.now() - fs.statSync(lock).mtimeMs
      } catch {}
      if ((owner && !alive(owner)) || (!owner && age > 30_000)) fs.rmSync(lock, { recursive: true, force: true })
      else if (Date.now() > deadline) throw new Error(`another plugin:build (pid ${owner}) holds ${lock}`)
      else await sleep(500)
    }
  }
}

async function buildPluginLocked({ root, logFile, stampFile, env }) {
  const startedAt = Date.now()
  const logStart = fs.existsSync(logFile) ? fs.statSync(logFile).size : 0
  const code = await runGuarded({ name: "plugin:build", command: process.execPath, args: [medusaCli(root), "plugin:build"], cwd: root, env, logFile })
  if (code === 0) {
    if (stampFile) fs.writeFileSync(stampFile, String(startedAt))
    return { ok: true, errors: [] }
  }
  const text = fs
    .readFileSync(logFile, "utf8")
    .slice(logStart)
    .replace(/\x1b\[[0-9;]*m/g, "")
  const errors = text.split("\n").filter((l) => /error TS\d+/.test(l))
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  const out = path.join(root, ".medusa", "server", "src")
  const emitted = fs.existsSync(path.join(out, "modules")) && (!pkg.exports?.["./admin"] || fs.existsSync(path.join(out, "admin", "index.js")))
  if (errors.length && emitted && /completed with errors/.test(text)) return { ok: false, errors }
  throw new Error(`medusa plugin:build failed (exit ${code}); see ${logFile}\n${tail(logFile, 40)}`)
}

/**
 * Copies the built plugin into <appDir>/node_modules/<name> the way `npm install <tarball>` would:
 * package.json plus the package's "files" (.medusa/server, …). The app then runs its own copy, so a
 * later `medusa plugin:build` in the plugin root (npm test does one; it starts by deleting
 * .medusa/server) cannot pull files from under a running app. Returns the installed directory;
 * throws (code INCOMPLETE_BUILD) when .medusa/server lacks the module or the admin bundle.
 */
function installPlugin({ root = ROOT, appDir }) {
  const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))
  const dest = path.join(appDir, "node_modules", ...pkg.name.split("/"))
  const tmp = `${dest}.installing-${process.pid}`
  fs.rmSync(tmp, { recursive: true, force: true })
  fs.mkdirSync(tmp, { recursive: true })
  fs.copyFileSync(path.join(root, "package.json"), path.join(tmp, "package.json"))
  for (const entry of pkg.files ?? [".medusa/server"]) {
    const from = path.join(root, entry)
    if (!fs.existsSync(from)) continue
    fs.cpSync(from, path.join(tmp, entry), {
      recursive: true,
      // Left by `medusa plugin:develop`: it would make the app load the admin from source.
      filter: (f) => path.basename(f) !== "medusa-plugin-options.json",
    })
  }
  const required = [
    ".medusa/server/src/modules",
    ...(pkg.exports?.["./admin"] ? [".medusa/server/src/admin/index.js", ".medusa/server/src/admin/index.mjs"] : []),
  ]
  const missing = required.filter((f) => !fs.existsSync(path.join(tmp, f)))
  if (missing.length) {
    fs.rmSync(tmp, { recursive: true, force: true })
    throw Object.assign(new Error(`the plugin build in ${root}/.medusa/server is incomplete (missing ${missing.join(", ")})`), { code: "INCOMPLETE_BUILD" })
  }
  // An earlier install may be a symlink (npm link): remove the link, never what it points to.
  if (fs.lstatSync(dest, { throwIfNoEntry: false })?.isSymbolicLink()) fs.unlinkSync(dest)
  else fs.rmSync(dest, { recursive: true, force: true })
  fs.renameSync(tmp, dest)
  return dest
}

module.exports = { pluginBuildReason, buildPlugin, installPlugin }
