// The demo store's config: a plain Medusa app that installs the plugin as a merchant would,
// `plugins: [{ resolve, options }]`, loading the BUILT plugin. demo/run.js builds it in the repo
// root when src/ changed, copies the package into ./node_modules/medusa-plugin-whatsapp (what
// `npm install` of the packed plugin gives a merchant) and passes DATABASE_URL.
import fs from "fs"
import path from "path"
import { defineConfig, loadEnv } from "@medusajs/framework/utils"

loadEnv(process.env.NODE_ENV || "development", process.cwd())

// Plain CommonJS shared with demo/run.js: ports, credentials, plugin options.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const demo = require("../settings.js")

// The plugin's Notification Module provider (channel "whatsapp"), registered as a merchant would:
// by package name, resolved from this app's node_modules (demo/run.js links
// the repo there, as `npm install` would). Skipped if the plugin build has no provider.
const hasProvider = fs.existsSync(path.join(demo.pluginDir, ".medusa/server/src/providers/whatsapp/index.js"))

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
    vite: () => ({
      // Packages resolve from the repo's node_modules (../..): let the admin's Vite dev server read them.
      server: { fs: { allow: [demo.repoRoot] } },
      // Vite caches pre-bundled packages by lockfile, not content: a re-installed plugin build would
      // show the old widgets. Serve the plugin's admin bundle as is (like a linked package); its
      // imports that the dashboard does not already pre-bundle are listed so they are ready at start.
      optimizeDeps: { exclude: ["medusa-plugin-whatsapp"], include: ["@medusajs/admin-sdk", "@medusajs/icons"] },
    }),
  },
  modules: hasProvider
    ? [
        {
          resolve: "@medusajs/medusa/notification",
          options: {
            providers: [
              // Declaring the module replaces Medusa's default: keep the admin's feed channel.
              { resolve: "@medusajs/medusa/notification-local", id: "local", options: { name: "Local Notification Provider", channels: ["feed"] } },
              // No credentials: the provider reads the plugin's options.
              { resolve: "medusa-plugin-whatsapp/providers/whatsapp", id: "whatsapp", options: { channels: ["whatsapp"] } },
            ],
          },
        },
      ]
    : [],
  plugins: [
    {
      // A merchant writes the package name; the demo gives the installed package's absolute path.
      resolve: demo.pluginDir,
      options: demo.pluginOptions,
    },
  ],
})
