#!/usr/bin/env node
// A campaign worker without Medusa (see README, "Campaign workers"). Reads DATABASE_URL, REDIS_URL
// and the WHATSAPP_* variables; runs until SIGTERM / SIGINT.
"use strict"
const path = require("path")
const entry = path.join(__dirname, "..", ".medusa", "server", "src", "modules", "whatsapp", "campaigns", "worker-process.js")
let mod
try {
  mod = require(entry)
} catch (e) {
  if (e.code !== "MODULE_NOT_FOUND") throw e
  console.error(`whatsapp-campaign-worker: ${entry} is missing; build the plugin first (npx medusa plugin:build)`)
  process.exit(1)
}
mod.main()
