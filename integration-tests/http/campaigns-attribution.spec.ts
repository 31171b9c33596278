/**
 * Campaign attribution (campaigns/results.ts attributedOrders, through GET /admin/whatsapp/campaigns/:id):
 * an order by a recipient inside the window after they read the message counts, one outside it does
 * not, and an order that used the campaign's code counts (read or not). Orders are made by Medusa's
 * createOrderWorkflow; read times are set on the message rows so the window is exact.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { whatsappOf } from "../helpers/app"
import { PROMO, PROMO_CAMPAIGN } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"

jest.setTimeout(120_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.attribution)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

    beforeAll(async () => {
      // No read receipts from the sandbox: the test sets read_at itself.
      sandbox = await startAppSandbox({
        port: SANDBOX_PORT,
        templates: [PROMO as any],
        pairRate: false,
        readProbability: 0,
        statusDelaysMs: { sent: 10, delivered: 20, read: 30 },
      })
    })
    afterAll(async () => sandbox?.close())

    async function placeOrder(customer: any, region: any, code?: string) {
      const { result: order } = await createOrderWorkflow(getContainer()).run({
        input: {
          region_id: region.id,
          customer_id: customer.id,
          email: customer.email,
          currency_code: "thb",
          items: [{ title: "เสื้อยืด", quantity: 2, unit_price: 450 }],
          shipping_address: { first_name: customer.first_name, country_code: "th" },
        } as any,
      })
      if (code) {
        const orders = getContainer().resolve(Modules.ORDER) as any
        const [full] = await orders.listOrders({ id: order.id }, { relations: ["items"] })
        await orders.createOrderLineItemAdjustments([{ item_id: full.items[0].id, code, amount: 90 }])
      }
      return order
    }

    it("counts an order inside the read window and one that used the campaign's code; not one outside the window", async () => {
      sandbox.setWebhookUrl(`${api.defaults.baseURL}/hooks/whatsapp`)
      await whatsapp().syncTemplates()
      await whatsapp().setSetting("campaigns", { throughput_mps: 1000, messaging_tier: "unlimited", frequency_cap: null, attribution_window_days: 7 })
      const customers = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers(
          ["Inside", "Outside", "Code", "Nobody"].map((first_name) => ({ first_name, email: `${first_name.toLowerCase()}-${Date.now()}@x.test` }))
        )
      const [inside, outside, withCode, nobody] = customers
      for (const [i, c] of customers.entries()) {
        await pg().raw(
          `INSERT INTO whatsapp_contact (id, wa_id, customer_id, marketing_consent, marketing_consent_at) VALUES (?, ?, ?, 'granted', now() - interval '30 days')`,
          [`wacon_attr${i}`, `668100000${i}0`, c.id]
        )
      }
      const regions = getContainer().resolve(Modules.REGION) as any
      const region =
        (await regions.listRegions({ name: "Thailand" }))[0] ?? (await regions.createRegions({ name: "Thailand", currency_code: "thb", countries: ["th"] }))

      const c = await whatsapp()
        .campaigns()
        .create({ ...PROMO_CAMPAIGN, name: "Attribution" }, "test")
      expect(c.attribution_window_days).toBe(7)
      await whatsapp().campaigns().start(c.id, "test")
      await waitFor(async () => ((await whatsapp().campaigns().get(c.id)).status === "completed" ? true : null))
      // Let the sent/delivered webhooks land before the read times are set.
      await waitFor(async () => {
        const { rows } = await pg().raw(`SELECT count(*)::int n FROM whatsapp_message WHERE source = 'campaign' AND delivered_at IS NOT NULL`)
        return rows[0].n === 4 ? true : null
      })

      // The campaign went out 12 days ago; Inside read it 2 days ago, Outside 10 days ago (window 7 days),
      // Code and Nobody never read it.
      const day = 86_400_000
      const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day)
      await pg().raw(`UPDATE whatsapp_campaign_recipient SET sent_at = ? WHERE campaign_id = ?`, [at(12), c.id])
      const setRead = (customerId: string, when: Date | null) =>
        pg().raw(`UPDATE whatsapp_message SET read_at = ? WHERE source = 'campaign' AND customer_id = ?`, [when, customerId])
      await setRead(inside.id, at(2))
      await setRead(outside.id, at(10))

      const oInside = await placeOrder(inside, region)
      const oOutside = await placeOrder(outside, region)
      const oCode = await placeOrder(withCode, region, "SUMMER10")
      await placeOrder(nobody, region, "OTHERCODE") // neither read nor the campaign's code
      // An order before the message was sent never counts, even inside the window by date arithmetic.
      const oBefore = await placeOrder(inside, region)
      await pg().raw(`UPDATE "order" SET created_at = ? WHERE id = ?`, [at(13), oBefore.id])

      const { headers } = await adminHeaders(getContainer())
      const { data } = await api.get(`/admin/whatsapp/campaigns/${c.id}`, { headers })
      const attribution = data.stats.attribution
      expect(new Set(attribution.order_ids)).toEqual(new Set([oInside.id, oCode.id]))
      expect(attribution.order_ids).not.toContain(oOutside.id)
      expect(attribution.orders).toBe(2)
      // Each order: 2 × 450 (the code order's 90 discount may or may not be in the stored summary).
      expect(attribution.revenue).toBeGreaterThan(0)
      expect(attribution.revenue).toBeLessThanOrEqual(1800)
      expect(attribution.revenue_per_message).toBeCloseTo(attribution.revenue / 4)
    })
  },
})
