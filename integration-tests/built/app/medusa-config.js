// A store that installs the BUILT plugin the way a merchant does: by a `plugins` entry.
// Exercises package.json `exports`, option flow into the module, and routes from .medusa/server.
const path = require("path")
const { defineConfig } = require("@medusajs/framework/utils")

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: { storeCors: "*", adminCors: "*", authCors: "*", jwtSecret: "supersecret", cookieSecret: "supersecret" },
  },
  admin: { disable: true },
  plugins: [
    {
      resolve: path.resolve(__dirname, "../../.."),
      options: {
        base_url: "http://127.0.0.1:18788",
        phone_number_id: "100000000000001",
        waba_id: "200000000000001",
        access_token: "built-token",
        app_secret: "built-secret",
        webhook_verify_token: "built-verify",
        default_region: "TH",
        max_webhook_body_bytes: 4096,
      },
    },
  ],
})
