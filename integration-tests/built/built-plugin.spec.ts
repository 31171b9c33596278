import fs from "node:fs"
import path from "node:path"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { metaJson, sign, inboundText } from "../helpers/webhooks"
import { waitFor } from "../helpers/time"

jest.setTimeout(180_000)

const root = path.resolve(__dirname, "../..")
const built = path.join(root, ".medusa/server/src/modules/whatsapp/index.js")
if (!fs.existsSync(built)) {
  throw new Error("The built plugin is missing: run `npx medusa plugin:build` first (npm test does)")
}

medusaIntegrationTestRunner({
  cwd: path.join(__dirname, "app"),
  testSuite: ({ api, getContainer }) => {
    it("loads the module with the app's plugin options and serves the webhook from .medusa/server", async () => {
      const whatsapp = getContainer().resolve("whatsapp")
      expect(whatsapp.getOptions().app_secret).toBe("built-secret")
      expect(whatsapp.constructor.name).toBe("WhatsappModuleService")
      const hs = await api.get("/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=built-verify&hub.challenge=42")
      expect(hs.data).toBe(42)
      const raw = metaJson(inboundText("66812345678", "สวัสดีครับ", { id: "wamid.built.1" }))
      const res = await api.post("/hooks/whatsapp", raw, {
        headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw, "built-secret") },
        transformRequest: [(d: unknown) => d],
      })
      expect(res.status).toBe(200)
      const [m] = await waitFor(async () => {
        const rows = await whatsapp.listWhatsappMessages({ wamid: "wamid.built.1" })
        return rows.length ? rows : null
      })
      expect(m.text).toBe("สวัสดีครับ")
    })

    it("refuses a webhook larger than the app's max_webhook_body_bytes with 413, storing nothing", async () => {
      const body = metaJson(inboundText("66812345678", "x".repeat(5000), { id: "wamid.built.big" }))
      const res = await api
        .post("/hooks/whatsapp", body, {
          headers: { "content-type": "application/json", "x-hub-signature-256": sign(body, "built-secret") },
          transformRequest: [(d: unknown) => d],
        })
        .catch((e: any) => e.response)
      expect(res.status).toBe(413)
      expect(await getContainer().resolve("whatsapp").listWhatsappWebhookReceipts({})).toHaveLength(0)
    })

    it("ships compiled admin extensions through the ./admin export", () => {
      const pkg = require(path.join(root, "package.json"))
      const adminEntry = path.join(root, pkg.exports["./admin"].import)
      expect(fs.existsSync(adminEntry)).toBe(true)
    })
  },
})
