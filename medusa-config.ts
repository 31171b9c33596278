// The app the plugin's own tests and `medusa db:generate` boot: it loads the plugin from source.
// The demo store has its own config in demo/.
import { loadEnv, defineConfig } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

export const whatsappTestOptions = {
  api_version: "v23.0",
  base_url: process.env.WHATSAPP_BASE_URL || "http://127.0.0.1:8787",
  phone_number_id: process.env.WHATSAPP_PHONE_NUMBER_ID || "100000000000001",
  waba_id: process.env.WHATSAPP_WABA_ID || "200000000000001",
  access_token: process.env.WHATSAPP_ACCESS_TOKEN || "sandbox-token",
  app_secret: process.env.WHATSAPP_APP_SECRET || "sandbox-secret",
  webhook_verify_token: process.env.WHATSAPP_VERIFY_TOKEN || "sandbox-verify",
  default_region: "TH",
  store_timezone: "Asia/Bangkok",
  store_name: "Test Store",
  tracking_base_url: process.env.WHATSAPP_TRACKING_BASE_URL,
  storefront_url: process.env.WHATSAPP_STOREFRONT_URL,
  link_allowed_hosts: process.env.WHATSAPP_LINK_ALLOWED_HOSTS,
  link_secret: process.env.WHATSAPP_LINK_SECRET,
}

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: "*",
      adminCors: "*",
      authCors: "*",
      jwtSecret: process.env.JWT_SECRET || "supersecret",
      cookieSecret: process.env.COOKIE_SECRET || "supersecret",
    },
  },
  admin: { disable: true },
  modules: [
    { resolve: "./src/modules/whatsapp", options: whatsappTestOptions },
    {
      resolve: "@medusajs/medusa/notification",
      options: {
        providers: [
          { resolve: "@medusajs/medusa/notification-local", id: "local", options: { channels: ["feed"] } },
          // No credentials here: the provider reads the plugin's options.
          { resolve: "./src/providers/whatsapp", id: "whatsapp", options: { channels: ["whatsapp"] } },
        ],
      },
    },
  ],
})
