/* The sandbox as a merchant gets it: `npm pack` the repo, install the tarball into an empty store,
 * start `whatsapp-sandbox` (bin) and `node node_modules/medusa-plugin-whatsapp/sandbox/cli.js`
 * without ts-node anywhere in reach.
 *
 * The machine running the tests may be offline, and `npm install <tarball>` needs registry metadata
 * for the plugin's dependencies even when their tarballs sit in the npm cache. So the store gets a
 * package-lock.json built from the repo's lockfile (the plugin's production dependency closure,
 * with the resolved URLs and integrities the repo's `npm ci` already cached) plus the tarball as a
 * `file:` dependency, and is installed with `npm ci --offline` — the same tarball, bin links and
 * layout a registry install produces. */
import { spawn, execFileSync, type ChildProcess } from "node:child_process"
import crypto from "node:crypto"
import fs from "node:fs"
import os from "node:os"
import path from "node:path"

jest.setTimeout(110_000)

const root = path.resolve(__dirname, "../..")
const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"))

type LockEntry = { dependencies?: Record<string, string>; optionalDependencies?: Record<string, string> }

/** The store's lockfile: the tarball plus the closure of the plugin's dependencies from the repo lock. */
function writeStore(store: string, tarball: string): void {
  const lock: Record<string, LockEntry> = JSON.parse(fs.readFileSync(path.join(root, "package-lock.json"), "utf8")).packages
  const resolveIn = (from: string, name: string): string | null => {
    for (let at = from; ;) {
      const candidate = `${at ? `${at}/` : ""}node_modules/${name}`
      if (lock[candidate]) return candidate
      if (!at) return null
      const i = at.lastIndexOf("/node_modules/")
      at = i < 0 ? "" : at.slice(0, i)
    }
  }
  const closure: Record<string, LockEntry> = {}
  const queue: string[] = []
  const add = (from: string, deps: Record<string, string> = {}) => {
    for (const name of Object.keys(deps)) {
      const at = resolveIn(from, name)
      if (at && !closure[at]) {
        closure[at] = lock[at]
        queue.push(at)
      }
    }
  }
  add("", pkg.dependencies)
  while (queue.length) {
    const at = queue.shift()!
    add(at, lock[at].dependencies)
    add(at, lock[at].optionalDependencies)
  }
  const spec = `file:${path.relative(store, tarball).split(path.sep).join("/")}`
  const integrity = `sha512-${crypto.createHash("sha512").update(fs.readFileSync(tarball)).digest("base64")}`
  const dependencies = { [pkg.name]: spec }
  fs.writeFileSync(path.join(store, "package.json"), JSON.stringify({ name: "store", version: "1.0.0", private: true, dependencies }))
  const packages = {
    "": { name: "store", version: "1.0.0", dependencies },
    [`node_modules/${pkg.name}`]: {
      version: pkg.version,
      resolved: spec,
      integrity,
      license: pkg.license,
      dependencies: pkg.dependencies,
      bin: pkg.bin,
      engines: pkg.engines,
    },
    ...closure,
  }
  fs.writeFileSync(path.join(store, "package-lock.json"), JSON.stringify({ name: "store", version: "1.0.0", lockfileVersion: 3, requires: true, packages }))
}

/** An environment without the repo's node_modules in reach (no NODE_PATH, no jest's NODE_OPTIONS). */
function cleanEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra }
  delete env.NODE_PATH
  delete env.NODE_OPTIONS
  for (const k of Object.keys(env)) if (k.startsWith("npm_")) delete env[k]
  return env
}

const run = (cmd: string, args: string[], cwd: string) =>
  execFileSync(cmd, args, { cwd, env: cleanEnv(), encoding: "utf8", stdio: ["ignore", "pipe", "pipe"], timeout: 60_000 })

let tmp: string
let store: string
let tarball: string
let entries: string[]

beforeAll(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), "wa-packed-sandbox-"))
  store = path.join(tmp, "store")
  fs.mkdirSync(store)
  // `prepack` compiles the sandbox into sandbox/dist, so the tarball never lacks it.
  // (its log line precedes npm's JSON on stdout)
  const out = run("npm", ["pack", "--json", "--pack-destination", tmp], root)
  const [packed] = JSON.parse(out.slice(out.search(/^\[/m)))
  tarball = path.join(tmp, packed.filename)
  entries = packed.files.map((f: { path: string }) => f.path)
  writeStore(store, tarball)
  run("npm", ["ci", "--offline", "--legacy-peer-deps", "--ignore-scripts", "--no-audit", "--no-fund"], store)
})

afterAll(() => {
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

type Started = { child: ChildProcess; url: string; output: () => string; stop: (signal: NodeJS.Signals) => void }

function start(cmd: string, args: string[]): Promise<Started> {
  // Its own process group, signalled as a whole like a terminal's Ctrl-C: npx does not forward
  // SIGTERM to the bin it runs, so signalling only npx would orphan the sandbox.
  const child = spawn(cmd, args, {
    cwd: store,
    env: cleanEnv({ SANDBOX_PORT: "0" }),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  })
  const stop = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal)
    } catch {
      /* already gone */
    }
  }
  let out = ""
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      stop("SIGKILL")
      reject(new Error(`sandbox printed no URL within 20s:\n${out}`))
    }, 20_000)
    const onData = (d: Buffer) => {
      out += d.toString()
      const m = out.match(/listening on (http:\/\/\S+)/)
      if (m) {
        clearTimeout(timer)
        resolve({ child, url: m[1], output: () => out, stop })
      }
    }
    child.stdout!.on("data", onData)
    child.stderr!.on("data", onData)
    child.once("exit", (code) => {
      clearTimeout(timer)
      reject(new Error(`sandbox exited with ${code} before listening:\n${out}`))
    })
  })
}

/** `viaNpx`: npx's own exit status on SIGTERM is npm's business (it may die of the signal), so
 * there only the sandbox's shutdown (port closed) is checked. */
async function exercise({ child, url, output, stop }: Started, viaNpx = false): Promise<void> {
  try {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(url).not.toMatch(/:0$/)
    const page = await fetch(`${url}/`)
    expect(page.status).toBe(200)
    expect(page.headers.get("content-type")).toMatch(/text\/html/)
    expect(await page.text()).toMatch(/<html/i)
    for (const route of ["/_sandbox/state", "/_sandbox/config"]) {
      const res = await fetch(`${url}${route}`)
      expect(res.status).toBe(200)
      expect(res.headers.get("content-type")).toMatch(/application\/json/)
      expect(typeof (await res.json())).toBe("object")
    }
    const config = (await (await fetch(`${url}/_sandbox/config`)).json()).config
    expect(config.port).toBe(Number(new URL(url).port))
    const templates = await fetch(`${url}/v23.0/${config.wabaId}/message_templates`, {
      headers: { authorization: "Bearer sandbox-token" }, // the default WHATSAPP_ACCESS_TOKEN
    })
    expect(templates.status).toBe(200)
    expect((await templates.json()).data.length).toBeGreaterThan(0) // seed-templates.json shipped
  } finally {
    const exited = new Promise<{ code: number | null; signal: string | null }>((resolve) =>
      child.exitCode !== null || child.signalCode !== null
        ? resolve({ code: child.exitCode, signal: child.signalCode })
        : child.once("exit", (code, signal) => resolve({ code, signal }))
    )
    stop("SIGTERM")
    const result = await exited
    if (viaNpx) expect(result.code === 0 || result.signal === "SIGTERM").toBe(true)
    else expect({ ...result, output: result.code === 0 ? "" : output() }).toEqual({ code: 0, signal: null, output: "" })
    await expectClosed(url)
  }
}

/** The sandbox process itself is gone: nothing answers on its port any more. */
async function expectClosed(url: string): Promise<void> {
  for (let i = 0; i < 50; i++) {
    const up = await fetch(`${url}/_sandbox/config`).then(
      () => true,
      () => false
    )
    if (!up) return
    await new Promise((r) => setTimeout(r, 100))
  }
  throw new Error(`the sandbox still answers on ${url} after SIGTERM`)
}

describe("the sandbox in the packed npm package", () => {
  it("ships compiled JavaScript, not the TypeScript sources", () => {
    expect(entries).toEqual(expect.arrayContaining(["sandbox/cli.js", "sandbox/dist/index.js", "sandbox/dist/chat-page.html"]))
    expect(entries.filter((f) => /^sandbox\/src\//.test(f) || /^sandbox\/.*\.ts$/.test(f))).toEqual([])
  })

  it("installs without ts-node in reach of the store", () => {
    expect(fs.existsSync(path.join(store, "node_modules", pkg.name, "sandbox/dist/index.js"))).toBe(true)
    expect(() => require.resolve("ts-node", { paths: [store] })).toThrow()
    const probe = run(process.execPath, ["-e", 'try { require.resolve("ts-node"); console.log("found") } catch { console.log("missing") }'], store)
    expect(probe.trim()).toBe("missing")
  })

  it("starts through `npx whatsapp-sandbox` on the real bound port and stops on SIGTERM", async () => {
    await exercise(await start("npx", ["--no-install", "whatsapp-sandbox"]), true)
  })

  it("starts through node_modules/.bin/whatsapp-sandbox and exits 0 on SIGTERM", async () => {
    await exercise(await start(path.join(store, "node_modules/.bin/whatsapp-sandbox"), []))
  })

  it("starts with node node_modules/medusa-plugin-whatsapp/sandbox/cli.js", async () => {
    await exercise(await start(process.execPath, [`node_modules/${pkg.name}/sandbox/cli.js`]))
  })
})
