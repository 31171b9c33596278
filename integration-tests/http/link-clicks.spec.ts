/**
 * Click tracking (links/clicks.ts, GET /whatsapp/r/:token): a text campaign's storefront link goes
 * out as a tracked link; opening it records a click and forwards 302 with UTM parameters, and the
 * campaign's results count it. A tampered token and a token for a foreign host record nothing.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { signLink } from "../../src/modules/whatsapp/links/domain/token"
import { adminHeaders } from "../helpers/admin"
import { whatsappOf } from "../helpers/app"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"

jest.setTimeout(120_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.linkClicks)
process.env.WHATSAPP_TRACKING_BASE_URL = "https://track.test"
process.env.WHATSAPP_STOREFRONT_URL = "https://shop.test"
process.env.WHATSAPP_LINK_SECRET = "link-clicks-spec-secret-0123456789"

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    const clicks = async () => (await pg().raw(`SELECT * FROM whatsapp_link_click ORDER BY clicked_at`)).rows
    const open = (token: string) => api.get(`/whatsapp/r/${token}`, { maxRedirects: 0, validateStatus: () => true, headers: { "user-agent": "spec-browser" } })

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, pairRate: false })
    })
    afterAll(async () => sandbox?.close())

    it("tracks a campaign link: 302 with UTM, a click row, counted in results; tampered and foreign tokens record nothing", async () => {
      sandbox.setWebhookUrl(`${api.defaults.baseURL}/hooks/whatsapp`)
      await whatsapp().setSetting("campaigns", { throughput_mps: 1000, messaging_tier: "unlimited", frequency_cap: null })
      const [customer] = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers([{ first_name: "Click", email: `click-${Date.now()}@x.test` }])
      await pg().raw(
        `INSERT INTO whatsapp_contact (id, wa_id, customer_id, marketing_consent, marketing_consent_at, last_inbound_at) VALUES ('wacon_click1', '66810000991', ?, 'granted', now() - interval '1 day', now())`,
        [customer.id]
      )
      const c = await whatsapp()
        .campaigns()
        .create(
          { name: "Dec Sale 2026", message_kind: "text", text: "Hi {{first_name}}: https://shop.test/sale?size=m and https://evil.test/x" } as any,
          "test"
        )
      await whatsapp().campaigns().start(c.id, "test")
      await waitFor(async () => ((await whatsapp().campaigns().get(c.id)).status === "completed" ? true : null))

      const { rows } = await pg().raw(`SELECT m.id, m.text FROM whatsapp_message m WHERE m.source = 'campaign' AND m.customer_id = ?`, [customer.id])
      expect(rows).toHaveLength(1)
      const text: string = rows[0].text
      expect(text).not.toContain("https://shop.test/sale")
      expect(text).toContain("https://evil.test/x")
      const token = /https:\/\/track\.test\/whatsapp\/r\/([A-Za-z0-9_.-]+)/.exec(text)![1]

      // Tampered: one mac character changed → 404, nothing recorded.
      const flipped = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A")
      expect((await open(flipped)).status).toBe(404)
      expect((await open("not-a-token")).status).toBe(404)
      // Correctly signed, but to a host the merchant did not configure → 404, nothing recorded.
      const { rows: rec } = await pg().raw(`SELECT id FROM whatsapp_campaign_recipient WHERE campaign_id = ?`, [c.id])
      const foreign = signLink({ kind: "c", campaign_id: c.id, ref: rec[0].id, url: "https://evil.test/x" }, process.env.WHATSAPP_LINK_SECRET!)
      expect((await open(foreign)).status).toBe(404)
      expect(await clicks()).toHaveLength(0)

      const first = await open(token)
      expect(first.status).toBe(302)
      const location = new URL(first.headers.location)
      expect(location.host).toBe("shop.test")
      expect(location.pathname).toBe("/sale")
      expect(location.searchParams.get("size")).toBe("m")
      expect(location.searchParams.get("utm_source")).toBe("whatsapp")
      expect(location.searchParams.get("utm_medium")).toBe("campaign")
      expect(location.searchParams.get("utm_campaign")).toBe("dec-sale-2026")
      expect((await open(token)).status).toBe(302)

      const rowsAfter = await clicks()
      expect(rowsAfter).toHaveLength(2)
      expect(rowsAfter.map((r: any) => r.first_click)).toEqual([true, false])
      expect(rowsAfter[0]).toMatchObject({
        message_id: rows[0].id,
        campaign_id: c.id,
        customer_id: customer.id,
        url: "https://shop.test/sale?size=m",
        user_agent: "spec-browser",
      })

      const { headers } = await adminHeaders(getContainer())
      const { data } = await api.get(`/admin/whatsapp/campaigns/${c.id}`, { headers })
      expect(data.stats.clicked).toBe(1)
      expect(data.stats.clicks).toBe(2)
    })
  },
})
