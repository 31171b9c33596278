#!/usr/bin/env node
/* Starts the WhatsApp Cloud API sandbox from environment variables (see sandbox/README.md).
 * The TypeScript sources are compiled on the fly by ts-node + swc, so no build step is needed. */
"use strict"
const fs = require("node:fs")
const path = require("node:path")

require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: path.join(__dirname, "tsconfig.json"),
  compilerOptions: { module: "commonjs" },
})
const { createSandbox } = require("./src/index.ts")

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
    console.log(`  webhook target:   ${c.webhookUrl || "(none: PATCH /_sandbox/config {\"webhookUrl\": ...})"}`)
    console.log(`  templates seeded: ${sandbox.state.templates.length}`)
    const stop = () => sandbox.close().then(() => process.exit(0))
    process.once("SIGINT", stop)
    process.once("SIGTERM", stop)
  })
  .catch((e) => {
    console.error(`sandbox failed to start: ${e.message}`)
    process.exit(1)
  })
