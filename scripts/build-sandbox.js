#!/usr/bin/env node
/* Compiles the sandbox (sandbox/src/*.ts) to CommonJS in sandbox/dist with @swc/core, so the
 * published package runs `sandbox/cli.js` without ts-node / swc (dev dependencies).
 * Non-TypeScript files the sandbox reads at runtime (chat-page.html) are copied next to the output.
 * Fails if the output still requires anything outside sandbox/dist other than node built-ins. */
"use strict"
const fs = require("node:fs")
const path = require("node:path")
const { builtinModules } = require("node:module")
const swc = require("@swc/core")

const root = path.resolve(__dirname, "..")
const srcDir = path.join(root, "sandbox/src")
const outDir = path.join(root, "sandbox/dist")

const swcOptions = {
  swcrc: false,
  configFile: false,
  sourceMaps: false,
  jsc: {
    parser: { syntax: "typescript", tsx: false, decorators: false },
    target: "es2021",
    keepClassNames: true,
  },
  module: { type: "commonjs", strict: false, noInterop: false },
}

function collect(dir, rel = "") {
  const out = []
  for (const entry of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
    const r = path.join(rel, entry.name)
    if (entry.isDirectory()) {
      if (entry.name === "__tests__") continue
      out.push(...collect(dir, r))
    } else out.push(r)
  }
  return out
}

fs.rmSync(outDir, { recursive: true, force: true })
fs.mkdirSync(outDir, { recursive: true })

const files = collect(srcDir)
let compiled = 0
let copied = 0
for (const rel of files) {
  const from = path.join(srcDir, rel)
  if (rel.endsWith(".d.ts")) continue
  if (/\.(spec|test)\.ts$/.test(rel)) continue
  if (rel.endsWith(".ts")) {
    const to = path.join(outDir, rel.replace(/\.ts$/, ".js"))
    fs.mkdirSync(path.dirname(to), { recursive: true })
    const { code } = swc.transformFileSync(from, { ...swcOptions, filename: from })
    fs.writeFileSync(to, code)
    compiled++
  } else {
    const to = path.join(outDir, rel)
    fs.mkdirSync(path.dirname(to), { recursive: true })
    fs.copyFileSync(from, to)
    copied++
  }
}

// Every require() left in the output must be a node built-in or a file inside sandbox/dist.
const builtins = new Set(builtinModules)
const problems = []
for (const rel of collect(outDir).filter((f) => f.endsWith(".js"))) {
  const file = path.join(outDir, rel)
  const code = fs.readFileSync(file, "utf8")
  for (const m of code.matchAll(/require\(\s*["']([^"']+)["']\s*\)/g)) {
    const spec = m[1]
    if (spec.startsWith("node:") || builtins.has(spec)) continue
    if (spec.startsWith(".")) {
      const target = path.resolve(path.dirname(file), spec)
      const inside = target === outDir || target.startsWith(outDir + path.sep)
      const exists = [target, `${target}.js`, path.join(target, "index.js")].some((p) => fs.existsSync(p))
      if (inside && exists) continue
    }
    problems.push(`${path.join("sandbox/dist", rel)}: require("${spec}")`)
  }
}
if (problems.length) {
  console.error(`build-sandbox: the compiled sandbox requires modules outside sandbox/dist:\n  ${problems.join("\n  ")}`)
  process.exit(1)
}
console.log(`build-sandbox: ${compiled} files compiled, ${copied} assets copied to ${path.relative(root, outDir)}`)
