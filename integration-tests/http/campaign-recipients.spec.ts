/**
 * Results per recipient (GET /admin/whatsapp/campaigns/:id/recipients, campaigns/recipient-report.ts):
 * a real campaign through the sandbox to three customers; one reads, replies, clicks and orders, one
 * is issued a code and orders with it, one does nothing. The page and the CSV say so per recipient;
 * bad paging is a 400 naming the field, an unknown campaign a 404.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules, generateEntityId } from "@medusajs/framework/utils"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { whatsappOf } from "../helpers/app"
import { PROMO, PROMO_CAMPAIGN } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"

jest.setTimeout(120_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.campaignRecipients)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

    beforeAll(async () => {
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

    it("lists each recipient's statuses, reply, clicks, code and attributed order, as a page and as CSV", async () => {
      sandbox.setWebhookUrl(`${api.defaults.baseURL}/hooks/whatsapp`)
      await whatsapp().syncTemplates()
      await whatsapp().setSetting("campaigns", { throughput_mps: 1000, messaging_tier: "unlimited", frequency_cap: null, attribution_window_days: 7 })
      const customers = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers([
          { first_name: "สมชาย", last_name: "ใจดี", email: `somchai-${Date.now()}@x.test` },
          { first_name: "Coded", last_name: "Buyer", email: `coded-${Date.now()}@x.test` },
          { first_name: "Quiet", email: `quiet-${Date.now()}@x.test` },
        ])
      const [somchai, coded, quiet] = customers
      for (const [i, c] of customers.entries()) {
        await pg().raw(
          `INSERT INTO whatsapp_contact (id, wa_id, customer_id, marketing_consent, marketing_consent_at) VALUES (?, ?, ?, 'granted', now() - interval '30 days')`,
          [`wacon_rcpt${i}`, `668200000${i}0`, c.id]
        )
      }
      const regions = getContainer().resolve(Modules.REGION) as any
      const region =
        (await regions.listRegions({ name: "Thailand" }))[0] ?? (await regions.createRegions({ name: "Thailand", currency_code: "thb", countries: ["th"] }))

      const c = await whatsapp()
        .campaigns()
        .create({ ...PROMO_CAMPAIGN, name: "Recipients" }, "test")
      await whatsapp().campaigns().start(c.id, "test")
      await waitFor(async () => ((await whatsapp().campaigns().get(c.id)).status === "completed" ? true : null))
      await waitFor(async () => {
        const { rows } = await pg().raw(`SELECT count(*)::int n FROM whatsapp_message WHERE source = 'campaign' AND delivered_at IS NOT NULL`)
        return rows[0].n === 3 ? true : null
      })

      // Sent a day ago; สมชาย read it an hour later, replied, clicked twice and ordered.
      const hour = 3_600_000
      const at = (hoursAgo: number) => new Date(Date.now() - hoursAgo * hour)
      await pg().raw(`UPDATE whatsapp_campaign_recipient SET sent_at = ? WHERE campaign_id = ?`, [at(24), c.id])
      const { rows: recs } = await pg().raw(`SELECT id, contact_id, customer_id, message_id FROM whatsapp_campaign_recipient WHERE campaign_id = ?`, [c.id])
      const rec = (customerId: string) => recs.find((r: any) => r.customer_id === customerId)
      const readAt = at(23)
      await pg().raw(`UPDATE whatsapp_message SET read_at = ? WHERE id = ?`, [readAt, rec(somchai.id).message_id])
      const repliedAt = at(22)
      await pg().raw(
        `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, customer_id, type, status, received_at, created_at)
         VALUES (?, ?, 'inbound', ?, '66820000000', ?, 'text', 'received', ?, ?)`,
        [generateEntityId(undefined, "wamsg"), `in:${c.id}:1`, rec(somchai.id).contact_id, somchai.id, repliedAt, repliedAt]
      )
      for (const [i, first] of [true, false].entries()) {
        await pg().raw(
          `INSERT INTO whatsapp_link_click (id, message_id, campaign_id, recipient_id, contact_id, customer_id, url, first_click, clicked_at)
           VALUES (?, ?, ?, ?, ?, ?, 'https://shop.test/p', ?, ?)`,
          [`walc_rcpt${i}`, rec(somchai.id).message_id, c.id, rec(somchai.id).id, rec(somchai.id).contact_id, somchai.id, first, at(21 - i)]
        )
      }
      const oSomchai = await placeOrder(somchai, region)
      // Coded was issued a code of its own in this campaign and used it.
      await pg().raw(
        `INSERT INTO whatsapp_discount_code (id, contact_id, customer_id, rule_id, scope, campaign_id, promotion_id, code, expires_at)
         VALUES ('wadsc_rcpt1', ?, ?, 'cta', ?, ?, 'promo_rcpt1', 'WAXCODED1', now() + interval '7 days')`,
        [rec(coded.id).contact_id, coded.id, c.id, c.id]
      )
      const oCoded = await placeOrder(coded, region, "WAXCODED1")

      const { headers } = await adminHeaders(getContainer())
      const url = `/admin/whatsapp/campaigns/${c.id}/recipients`

      const first = await api.get(`${url}?limit=2&offset=0`, { headers })
      expect(first.data.count).toBe(3)
      expect(first.data.recipients).toHaveLength(2)
      const second = await api.get(`${url}?limit=2&offset=2`, { headers })
      expect(second.data.recipients).toHaveLength(1)
      const all = [...first.data.recipients, ...second.data.recipients]
      expect(new Set(all.map((r: any) => r.id)).size).toBe(3)
      const row = (customerId: string) => all.find((r: any) => r.customer_id === customerId)

      const s = row(somchai.id)
      expect(s).toMatchObject({
        customer_name: "สมชาย ใจดี",
        wa_id: "66820000000",
        status: "sent",
        clicks: 2,
        discount_code: "SUMMER10",
        discount_code_source: "campaign",
        discount_redeemed: false,
        attributed_order_id: oSomchai.id,
        attributed_orders: 1,
      })
      expect(new Date(s.read_at).getTime()).toBe(readAt.getTime())
      expect(new Date(s.replied_at).getTime()).toBe(repliedAt.getTime())
      expect(s.delivered_at).not.toBeNull()
      expect(s.failed_at).toBeNull()
      expect(s.attributed_amount).toBeGreaterThan(0)

      expect(row(coded.id)).toMatchObject({
        customer_name: "Coded Buyer",
        clicks: 0,
        replied_at: null,
        read_at: null,
        discount_code: "WAXCODED1",
        discount_code_source: "issued",
        discount_redeemed: true,
        attributed_order_id: oCoded.id,
      })
      expect(row(quiet.id)).toMatchObject({
        customer_name: "Quiet",
        clicks: 0,
        replied_at: null,
        discount_code: "SUMMER10",
        discount_redeemed: false,
        attributed_order_id: null,
        attributed_orders: 0,
        attributed_amount: 0,
      })

      // CSV: every recipient, the header first, Thai intact.
      const csv = await api.get(`${url}?format=csv`, { headers, responseType: "text", transformResponse: (x: unknown) => x })
      expect(csv.headers["content-type"]).toContain("text/csv")
      expect(csv.headers["content-disposition"]).toContain(`whatsapp-campaign-${c.id}-recipients.csv`)
      const lines = (csv.data as string)
        .replace(/^\uFEFF/, "")
        .trimEnd()
        .split("\r\n")
      expect(lines).toHaveLength(4)
      const header = lines[0].split(",")
      expect(header.slice(0, 3)).toEqual(["id", "customer_id", "customer_name"])
      const cells = (customerId: string) => {
        const line = lines.find((l) => l.includes(customerId))!
        return Object.fromEntries(line.split(",").map((v, i) => [header[i], v]))
      }
      expect(cells(somchai.id)).toMatchObject({ customer_name: "สมชาย ใจดี", clicks: "2", attributed_order_id: oSomchai.id, read_at: readAt.toISOString() })
      expect(cells(coded.id)).toMatchObject({ discount_code: "WAXCODED1", discount_redeemed: "true", attributed_order_id: oCoded.id })
      expect(cells(quiet.id)).toMatchObject({ attributed_order_id: "", attributed_orders: "0", replied_at: "" })
    })

    it("answers 400 naming the field for bad paging and 404 for an unknown campaign", async () => {
      const { headers } = await adminHeaders(getContainer())
      const c = await whatsapp()
        .campaigns()
        .create({ ...PROMO_CAMPAIGN, name: "Draft" }, "test")
      const bad = async (q: string) => {
        const res = await api.get(`/admin/whatsapp/campaigns/${c.id}/recipients?${q}`, { headers, validateStatus: () => true })
        expect(res.status).toBe(400)
        return String(res.data.message)
      }
      expect(await bad("limit=0")).toContain("limit")
      expect(await bad("limit=abc")).toContain("limit")
      expect(await bad("offset=-1")).toContain("offset")
      expect(await bad("format=xml")).toContain("format")

      const empty = await api.get(`/admin/whatsapp/campaigns/${c.id}/recipients`, { headers })
      expect(empty.data).toEqual({ recipients: [], count: 0, limit: 50, offset: 0 })

      const missing = await api.get(`/admin/whatsapp/campaigns/wacmp_nope/recipients`, { headers, validateStatus: () => true })
      expect(missing.status).toBe(404)
      const missingCsv = await api.get(`/admin/whatsapp/campaigns/wacmp_nope/recipients?format=csv`, { headers, validateStatus: () => true })
      expect(missingCsv.status).toBe(404)
    })
  },
})
