// Everything the demo shares between run.js, the demo app's medusa-config.ts and its seed script:
// ports, credentials and the plugin options. Environment variables override the defaults.
"use strict"
const path = require("path")

const env = process.env
const num = (value, fallback) => (value === undefined || value === "" ? fallback : Number(value))

const MEDUSA_PORT = num(env.DEMO_MEDUSA_PORT, 9000)
const SANDBOX_PORT = num(env.DEMO_SANDBOX_PORT, 8787)
const SANDBOX_HOST = "127.0.0.1"

const settings = {
  /** Folder name suffix under the OS temp dir (logs, Postgres data): medusa-plugin-whatsapp-<name>. */
  name: env.DEMO_NAME || "demo",
  repoRoot: path.resolve(__dirname, ".."),
  appDir: path.join(__dirname, "app"),
  /** Where demo/run.js installs (copies) the built plugin, as `npm install` would. */
  pluginDir: path.join(__dirname, "app", "node_modules", "medusa-plugin-whatsapp"),
  pgPort: num(env.DEMO_PG_PORT, 54330),
  database: env.DEMO_DATABASE || "medusa_whatsapp_demo",
  medusaPort: MEDUSA_PORT,
  backendUrl: `http://localhost:${MEDUSA_PORT}`,
  sandboxUrl: `http://${SANDBOX_HOST}:${SANDBOX_PORT}`,
  sandboxHost: SANDBOX_HOST,
  sandboxPort: SANDBOX_PORT,
  admin: {
    email: env.DEMO_ADMIN_EMAIL || "admin@example.com",
    password: env.DEMO_ADMIN_PASSWORD || "supersecret",
  },
  storeName: "Demo Thai Store",
  /** Bump when the seed data changes shape: a database seeded by another version is reported. */
  seedVersion: 1,
}

/** The plugin options, as a merchant would write them in medusa-config.ts; they match the sandbox. */
settings.pluginOptions = {
  api_version: "v25.0",
  base_url: settings.sandboxUrl,
  phone_number_id: "100000000000001",
  waba_id: "200000000000001",
  access_token: "sandbox-token",
  app_secret: "sandbox-secret",
  webhook_verify_token: "sandbox-verify",
  default_region: "TH",
  store_timezone: "Asia/Bangkok",
  store_name: settings.storeName,
}

/** Environment for `node sandbox/cli.js` so the sandbox accepts the plugin's credentials. */
settings.sandboxEnv = {
  SANDBOX_HOST: SANDBOX_HOST,
  SANDBOX_PORT: String(SANDBOX_PORT),
  SANDBOX_WEBHOOK_URL: `${settings.backendUrl}/hooks/whatsapp`,
  WHATSAPP_ACCESS_TOKEN: settings.pluginOptions.access_token,
  WHATSAPP_APP_SECRET: settings.pluginOptions.app_secret,
  WHATSAPP_PHONE_NUMBER_ID: settings.pluginOptions.phone_number_id,
  WHATSAPP_WABA_ID: settings.pluginOptions.waba_id,
}

module.exports = settings
