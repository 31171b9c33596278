import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { createOrderWorkflow } from "@medusajs/medusa/core-flows"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { whatsappOf } from "../helpers/app"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, resetAppSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"

jest.setTimeout(120_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.shared)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const templates = require("../../src/modules/whatsapp/notifications/default-templates.json")

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates })
    })
    afterAll(async () => sandbox?.close())
    beforeEach(async () => {
      resetAppSandbox(sandbox, api)
      await whatsapp().syncTemplates()
    })

    async function customerWithConsent(phone: string | null, consent = true, first_name = "สมชาย") {
      const container = getContainer()
      const customer = await container.resolve(Modules.CUSTOMER).createCustomers({
        first_name,
        last_name: "ใจดี",
        email: `c${Math.random().toString(36).slice(2)}@example.com`,
        phone,
        metadata: consent ? { whatsapp_opt_in: true } : {},
      })
      return customer
    }

    async function placeOrder(customer: any) {
      const container = getContainer()
      const regions = container.resolve(Modules.REGION)
      const region =
        (await regions.listRegions({ name: "Thailand" }))[0] ?? (await regions.createRegions({ name: "Thailand", currency_code: "thb", countries: ["th"] }))
      const { result: order } = await createOrderWorkflow(container).run({
        input: {
          region_id: region.id,
          customer_id: customer.id,
          email: customer.email,
          currency_code: "thb",
          items: [
            { title: "เสื้อยืด", quantity: 2, unit_price: 450 },
            { title: "หมวก", quantity: 1, unit_price: 350 },
          ],
          shipping_address: { first_name: customer.first_name, country_code: "th", phone: customer.phone ?? undefined },
        } as any,
      })
      return order
    }

    const emit = (name: string, data: Record<string, unknown>) => getContainer().resolve(Modules.EVENT_BUS).emit({ name, data })

    const notifications = async (order_id: string) => whatsapp().listWhatsappNotifications({ order_id })

    it("order.placed sends exactly one order_placed template with the right parameters; the same event again sends none", async () => {
      const customer = await customerWithConsent("081-234-5678")
      const order = await placeOrder(customer)
      await emit("order.placed", { id: order.id })
      const [n] = await waitFor(async () => {
        const rows = await notifications(order.id)
        return rows[0]?.status === "sent" ? rows : null
      })
      const sent = [...sandbox.state.outbound.values()]
      expect(sent).toHaveLength(1)
      expect(sent[0].to).toBe("66812345678")
      expect(sent[0].template?.name).toBe("order_placed")
      const params = sent[0].request.template!.components![0].parameters!.map((p: any) => p.text)
      expect(params[0]).toBe("สมชาย")
      expect(params[1]).toBe(String(order.display_id))
      expect(params[2]).toMatch(/1,250\.00/)
      expect(sent[0].preview.body).toContain("สมชาย")

      await emit("order.placed", { id: order.id })
      await emit("order.placed", { id: order.id })
      await new Promise((r) => setTimeout(r, 1000))
      expect(sandbox.state.outbound.size).toBe(1)
      expect(await notifications(order.id)).toHaveLength(1)
      expect(n.message_id).toBeTruthy()
      // The message is tied to the order for the order widget.
      const [m] = await whatsapp().listWhatsappMessages({ order_id: order.id })
      expect(m.template_name).toBe("order_placed")
    })

    it("two concurrent deliveries of one event send one message (unique ledger key, not memory)", async () => {
      const customer = await customerWithConsent("0812345679")
      const order = await placeOrder(customer)
      const { notify } = require("../../src/lib/notify")
      const results = await Promise.all([
        notify(getContainer(), { event: "order.placed", resource_id: order.id }),
        notify(getContainer(), { event: "order.placed", resource_id: order.id }),
        notify(getContainer(), { event: "order.placed", resource_id: order.id }),
      ])
      expect(results.map((r: any) => r.status).sort()).toEqual(["duplicate", "duplicate", "sent"])
      expect(sandbox.state.outbound.size).toBe(1)
    })

    it("a shipment with tracking sends order_shipped with the tracking URL", async () => {
      const container = getContainer()
      const customer = await customerWithConsent("+66 81 111 2222")
      const order = await placeOrder(customer)
      const fulfillmentModule = container.resolve(Modules.FULFILLMENT)
      const location = await container.resolve(Modules.STOCK_LOCATION).createStockLocations({ name: "BKK" })
      const fulfillment = await fulfillmentModule.createFulfillment({
        location_id: location.id,
        provider_id: "manual_manual",
        delivery_address: { country_code: "th" },
        items: [],
        labels: [{ tracking_number: "TH123456789", tracking_url: "https://track.example.com/TH123456789", label_url: "https://x" }],
        order: {},
      } as any)
      await container.resolve(ContainerRegistrationKeys.LINK).create({
        [Modules.ORDER]: { order_id: order.id },
        [Modules.FULFILLMENT]: { fulfillment_id: fulfillment.id },
      })
      await emit("shipment.created", { id: fulfillment.id, no_notification: false })
      await waitFor(async () => (await whatsapp().listWhatsappNotifications({ resource_id: fulfillment.id }))[0]?.status === "sent")
      const sent = [...sandbox.state.outbound.values()].find((o) => o.template?.name === "order_shipped")!
      const params = sent.request.template!.components![0].parameters!.map((p: any) => p.text)
      expect(params).toContain("TH123456789")
      expect(params).toContain("https://track.example.com/TH123456789")

      // "Send notification" off: nothing sent, and the skip is recorded with its reason
      const before = sandbox.state.outbound.size
      await emit("delivery.created", { id: fulfillment.id, no_notification: true })
      const [skipped] = await waitFor(async () => {
        const rows = await whatsapp().listWhatsappNotifications({ event: "delivery.created" })
        return rows[0]?.status && rows[0].status !== "pending" ? rows : null
      })
      expect(skipped.status).toBe("skipped")
      expect(skipped.reason).toMatch(/^no_notification: "Send notification" was off for this fulfillment/)
      expect(sandbox.state.outbound.size).toBe(before)
    })

    it("no number, invalid number, no consent → no message and a recorded reason", async () => {
      const cases: [string | null, boolean, RegExp][] = [
        [null, true, /^no_phone/],
        ["12345", true, /^invalid_phone/],
        ["0819998888", false, /^no_consent/],
      ]
      for (const [phone, consent, reason] of cases) {
        const customer = await customerWithConsent(phone, consent)
        const order = await placeOrder(customer)
        await emit("order.placed", { id: order.id })
        const [n] = await waitFor(async () => {
          const rows = await notifications(order.id)
          return rows[0]?.status && rows[0].status !== "pending" ? rows : null
        })
        expect(n.status).toBe("skipped")
        expect(n.reason).toMatch(reason)
      }
      expect(sandbox.state.outbound.size).toBe(0)
    })

    it("131000 once → one retry, one message; 132001 → failed, not retried, shown on the order", async () => {
      const customer = await customerWithConsent("0812223333")
      sandbox.patchConfig({ failNext: [{ code: 131000, times: 1 }] })
      const order = await placeOrder(customer)
      await emit("order.placed", { id: order.id })
      const [n] = await waitFor(async () => {
        const rows = await notifications(order.id)
        return rows[0]?.status === "sent" ? rows : null
      })
      const [m] = await whatsapp().listWhatsappMessages({ id: n.message_id })
      expect(m.attempts).toBe(2)
      expect(sandbox.state.outbound.size).toBe(1)

      // Template deleted in the WABA but still "APPROVED" in our copy: Meta answers 132001.
      await whatsapp()
        .notifications()
        .saveMapping({
          event: "order.canceled",
          enabled: true,
          template_name: "order_canceled",
          template_language: "th",
          parameters: [
            { component: "body", source: "customer.first_name" },
            { component: "body", source: "order.display_id" },
          ],
        })
      sandbox.patchConfig({ failNext: [{ code: 132001, times: 5 }] })
      await emit("order.canceled", { id: order.id })
      const failed = await waitFor(async () => {
        const rows = await whatsapp().listWhatsappNotifications({ order_id: order.id, event: "order.canceled" })
        return rows[0]?.status === "failed" ? rows[0] : null
      })
      expect(failed.reason).toMatch(/^132001/)
      const [fm] = await whatsapp().listWhatsappMessages({ id: failed.message_id })
      expect(fm.attempts).toBe(1)

      const { headers } = await adminHeaders(getContainer())
      const view = await api.get(`/admin/whatsapp/orders/${order.id}`, { headers })
      const row = view.data.notifications.find((x: any) => x.event === "order.canceled")
      expect(row.status).toBe("failed")
      expect(row.message.error_code).toBe(132001)

      // Resend from the admin once the template is fixed.
      sandbox.patchConfig({ failNext: [] })
      const resent = await api.post(`/admin/whatsapp/messages/${failed.message_id}/resend`, {}, { headers })
      expect(resent.data.outcome).toBe("sent")
      const after = await api.get(`/admin/whatsapp/orders/${order.id}`, { headers })
      expect(after.data.notifications.find((x: any) => x.event === "order.canceled").status).toBe("sent")
    })

    it("a retryable failure that outlasts the in-process retries stays pending and the retry job sends it once", async () => {
      const customer = await customerWithConsent("0815556666")
      sandbox.patchConfig({ failNext: [{ code: 131000, times: 3 }] })
      const order = await placeOrder(customer)
      await emit("order.placed", { id: order.id })
      const [n] = await waitFor(async () => {
        const rows = await notifications(order.id)
        return rows[0]?.status === "pending" && rows[0].message_id ? rows : null
      })
      expect(n.reason).toMatch(/^131000/)
      expect(sandbox.state.outbound.size).toBe(0)
      // Age the claim as if minutes had passed; a fresh claim is never taken over.
      const job = require("../../src/jobs/whatsapp-retry-notifications").default
      await job(getContainer())
      expect(sandbox.state.outbound.size).toBe(0)
      await getContainer()
        .resolve(ContainerRegistrationKeys.PG_CONNECTION)
        .raw(`UPDATE whatsapp_notification SET updated_at = now() - interval '10 minutes' WHERE id = ?`, [n.id])
      await Promise.all([job(getContainer()), job(getContainer())])
      const [after] = await notifications(order.id)
      expect(after.status).toBe("sent")
      expect(sandbox.state.outbound.size).toBe(1)
    })

    it("a store's own code can send through the Notification Module's whatsapp channel", async () => {
      const notificationModule = getContainer().resolve(Modules.NOTIFICATION)
      const [n] = await notificationModule.createNotifications([
        {
          to: "081-234-5678",
          channel: "whatsapp",
          template: "order_placed:en_US",
          data: { parameters: ["Ann", "1001", "฿99.00"] },
        },
      ])
      expect(n.external_id).toMatch(/^wamid\./)
      const sent = [...sandbox.state.outbound.values()]
      expect(sent).toHaveLength(1)
      expect(sent[0].preview.body).toContain("Hi Ann, we have received your order #1001")
      const [m] = await whatsapp().listWhatsappMessages({ wamid: n.external_id })
      expect(m.source).toBe("notification-module")
      await expect(
        notificationModule.createNotifications({ to: "0812345678", channel: "whatsapp", template: "no_such_template:th", data: {} })
      ).rejects.toThrow(/132001/)
    })

    it("a mapping to a template that is not APPROVED is skipped with the reason and flagged in the admin", async () => {
      await sandbox.setTemplateStatus("order_placed", { language: "th", status: "PAUSED", reason: "LOW_QUALITY" })
      await waitFor(async () => (await whatsapp().findTemplate("order_placed", "th"))?.status === "PAUSED")
      const customer = await customerWithConsent("0813334444")
      const order = await placeOrder(customer)
      await emit("order.placed", { id: order.id })
      const [n] = await waitFor(async () => {
        const rows = await notifications(order.id)
        return rows[0]?.status === "skipped" ? rows : null
      })
      expect(n.reason).toMatch(/^template_not_approved.*PAUSED/)
      const { headers } = await adminHeaders(getContainer())
      const res = await api.get(`/admin/whatsapp/notifications/mappings`, { headers })
      const placed = res.data.mappings.find((m: any) => m.event === "order.placed")
      expect(placed.problem).toMatch(/PAUSED/)
    })
  },
})
