// The demo store's config: a plain Medusa app that installs the plugin as a merchant would,
// `plugins: [{ resolve, options }]`, loading the BUILT plugin (.medusa/server of the repo root).
// demo/run.js builds the plugin when src/ changed and passes DATABASE_URL.
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Plain CommonJS shared with demo/run.js: ports, credentials, plugin options.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require("../settings.js")

const cors = [demo.backendUrl, `http://127.0.0.1:${demo.medusaPort}`].join(",")

module.exports = defineConfig({
  projectConfig: {
    databaseUrl: process.env.DATABASE_URL,
    http: {
      storeCors: process.env.STORE_CORS || cors,
      adminCors: process.env.ADMIN_CORS || cors,
      authCors: process.env.AUTH_CORS || cors,
      jwtSecret: process.env.JWT_SECRET || "demo-jwt-secret",
      cookieSecret: process.env.COOKIE_SECRET || "demo-cookie-secret",
    },
  },
  admin: {
    path: "/app",
    // The plugin lives outside this folder (../..): let the admin's Vite dev server read its files.
    vite: () => ({ server: { fs: { allow: [demo.repoRoot] } } }),
  },
  plugins: [
    {
      // A merchant writes the package name; the demo points at the repo root (absolute path).
      resolve: demo.repoRoot,
      options: demo.pluginOptions,
    },
  ],
})
