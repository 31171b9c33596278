#!/usr/bin/env node
/* Starts the WhatsApp Cloud API sandbox from environment variables (see sandbox/README.md).
 * Installed from the npm package (no sandbox/src shipped) it runs the compiled ./dist, built by
 * scripts/build-sandbox.js at pack time. In a repo checkout the TypeScript sources run through
 * ts-node + swc (dev dependencies), so a stale ./dist never shadows an edit; SANDBOX_FROM_DIST=1
 * runs ./dist in a checkout too. */
"use strict"
const fs = require("node:fs")
const path = require("node:path")

function loadSandbox() {
  const dist = path.join(__dirname, "dist", "index.js")
  const source = path.join(__dirname, "src", "index.ts")
  const fromSource = fs.existsSync(source) && process.env.SANDBOX_FROM_DIST !== "1"
  if (!fromSource) {
    if (fs.existsSync(dist)) return require(dist)
    console.error(`sandbox failed to start: ${dist} is missing (run \`node scripts/build-sandbox.js\`)`)
    process.exit(1)
  }
  let tsNode
  try {
    tsNode = require("ts-node")
  } catch {
    if (fs.existsSync(dist)) return require(dist)
    console.error("sandbox failed to start: ts-node is not installed to run the TypeScript sources (`npm install` in the repo, or build ./dist)")
    process.exit(1)
  }
  tsNode.register({
    transpileOnly: true,
    swc: true,
    project: path.join(__dirname, "tsconfig.json"),
    compilerOptions: { module: "commonjs" },
  })
  return require("./src/index.ts")
}
const { createSandbox } = loadSandbox()

const env = process.env
const num = (name) => (env[name] === undefined || env[name] === "" ? undefined : Number(env[name]))

function options() {
  const seedFile = env.SANDBOX_SEED_TEMPLATES || path.join(__dirname, "seed-templates.json")
  const config = env.SANDBOX_CONFIG_JSON ? JSON.parse(env.SANDBOX_CONFIG_JSON) : {}
  const fromEnv = {
    host: env.SANDBOX_HOST || "127.0.0.1",
    port: num("SANDBOX_PORT") ?? 8787,
    accessToken: env.WHATSAPP_ACCESS_TOKEN || undefined,
    appSecret: env.WHATSAPP_APP_SECRET || undefined,
    phoneNumberId: env.WHATSAPP_PHONE_NUMBER_ID || undefined,
    displayPhoneNumber: env.WHATSAPP_DISPLAY_PHONE_NUMBER || undefined,
    wabaId: env.WHATSAPP_WABA_ID || undefined,
    webhookUrl: env.SANDBOX_WEBHOOK_URL || undefined,
    throughputPerSecond: num("SANDBOX_THROUGHPUT_PER_SECOND"),
    readProbability: num("SANDBOX_READ_PROBABILITY"),
    duplicateRate: num("SANDBOX_DUPLICATE_RATE"),
    outOfOrderRate: num("SANDBOX_OUT_OF_ORDER_RATE"),
    templateReviewDelayMs: num("SANDBOX_TEMPLATE_REVIEW_DELAY_MS"),
    templates: fs.existsSync(seedFile) ? JSON.parse(fs.readFileSync(seedFile, "utf8")) : undefined,
  }
  // An unset variable must not erase what SANDBOX_CONFIG_JSON says (e.g. throughputPerSecond: 0).
  const defined = Object.fromEntries(Object.entries(fromEnv).filter(([, v]) => v !== undefined))
  return { ...config, ...defined }
}

createSandbox(options())
  .then((sandbox) => {
    const c = sandbox.config
    console.log(`WhatsApp Cloud API sandbox listening on ${sandbox.url}`)
    console.log(`  chat page:        ${sandbox.url}/`)
    console.log(`  Graph base URL:   ${sandbox.url}/v23.0   (any vNN.N works)`)
    console.log(`  phone_number_id:  ${c.phoneNumberId}   WABA id: ${c.wabaId}`)
    console.log(`  webhook target:   ${c.webhookUrl || '(none: PATCH /_sandbox/config {"webhookUrl": ...})'}`)
    console.log(`  templates seeded: ${sandbox.state.templates.length}`)
    const stop = () => sandbox.close().then(() => process.exit(0))
    process.once("SIGINT", stop)
    process.once("SIGTERM", stop)
  })
  .catch((e) => {
    console.error(`sandbox failed to start: ${e.message}`)
    process.exit(1)
  })
