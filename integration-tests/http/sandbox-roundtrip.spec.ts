import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import type { Sandbox } from "../../sandbox/src"
import { whatsappOf } from "../helpers/app"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, resetAppSandbox, startAppSandbox } from "../helpers/sandbox"
import { waitFor } from "../helpers/time"

jest.setTimeout(120_000)

// The plugin reads its base URL from medusa-config at boot: the sandbox listens where it points.
const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.shared)

const templateRequest = (name: string, language: string, params: string[]) => ({
  type: "template" as const,
  template: {
    name,
    language: { code: language },
    components: [{ type: "body" as const, parameters: params.map((text) => ({ type: "text" as const, text })) }],
  },
})

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    const whatsapp = whatsappOf(getContainer)
    const seeds = require("../../sandbox/seed-templates.json")

    beforeAll(async () => {
      sandbox = await startAppSandbox({
        port: SANDBOX_PORT,
        templates: seeds,
        statusDelaysMs: { sent: 20, delivered: 60, read: 120 },
        webhookRetry: { attempts: 5, backoffMs: 100, factor: 2, timeoutMs: 5000 },
      })
    })
    beforeEach(() => resetAppSandbox(sandbox, api))
    afterAll(async () => {
      await sandbox?.close()
    })

    it("a template goes out once and its statuses come back signed, duplicated and shuffled, ending at read", async () => {
      sandbox.patchConfig({ duplicateRate: 1, outOfOrderRate: 1 })
      const input = {
        idempotency_key: "order.placed:order_1",
        to: "081-234-5678",
        request: templateRequest("shipping_update", "th", ["1024", "TH123456789"]),
        source: "test",
      }
      const first = await whatsapp().sendMessage(input)
      expect(first.outcome).toBe("sent")
      expect(first.message.wa_id).toBe("66812345678")
      expect(first.message.wamid).toMatch(/^wamid\./)
      const second = await whatsapp().sendMessage(input)
      expect(second.outcome).toBe("duplicate")
      expect(sandbox.state.outbound.size).toBe(1)

      const m = await waitFor(async () => {
        const r = await whatsapp().retrieveWhatsappMessage(first.message.id)
        return r.read_at && r.delivered_at && r.sent_at ? r : null
      })
      expect(m.status).toBe("read")
      expect(m.category).toBe("utility")
      expect(m.pricing).toMatchObject({ pricing_model: "PMP", category: "utility" })
      // Every webhook POST was sent twice; the second copy was deduplicated by its bytes. The sandbox
      // logs an attempt when its answer is back, which can trail the row the first copy updated.
      await waitFor(async () => sandbox.state.webhookLog.some((a) => a.ok && a.duplicate))
    })

    it("free-form text outside the 24 h window is accepted, then fails with 131047 (not retried)", async () => {
      const out = await whatsapp().sendMessage({
        idempotency_key: "text:1",
        to: "66899999999",
        request: { type: "text", text: { body: "hello" } },
      })
      expect(out.outcome).toBe("sent")
      const m = await waitFor(async () => {
        const r = await whatsapp().retrieveWhatsappMessage(out.message.id)
        return r.status === "failed" ? r : null
      })
      expect(m.error_code).toBe(131047)
    })

    it("an unknown template fails permanently with 132001; 131000 once leaves the row pending and a retry sends one message", async () => {
      const bad = await whatsapp().sendMessage({
        idempotency_key: "tpl:missing",
        to: "66812345678",
        request: templateRequest("no_such_template", "th", []),
      })
      expect(bad.outcome).toBe("failed")
      expect(bad.error.code).toBe(132001)
      expect(bad.error.classification.retryable).toBe(false)
      expect(bad.message.status).toBe("failed")

      sandbox.patchConfig({ failNext: [{ code: 131000, times: 1 }] })
      const input = {
        idempotency_key: "tpl:retry",
        to: "66812345678",
        request: templateRequest("shipping_update", "th", ["1025", "TH987654321"]),
      }
      const flaky = await whatsapp().sendMessage(input)
      expect(flaky.outcome).toBe("failed")
      expect(flaky.error.classification.retryable).toBe(true)
      expect(flaky.message.status).toBe("pending")
      const retried = await whatsapp().sendMessage(input)
      expect(retried.outcome).toBe("sent")
      expect(retried.message.attempts).toBe(2)
      const accepted = [...sandbox.state.outbound.values()].filter((o) => o.template?.name === "shipping_update")
      expect(accepted).toHaveLength(1)
    })

    it("an inbound Thai message from the sandbox lands on the contact, opens the window and is marked read", async () => {
      const { id, webhook } = await sandbox.inbound({ from: "66811112222", name: "มานี", text: "ขอส่วนลดหน่อยครับ" })
      expect(webhook.delivered).toBe(true)
      const [m] = await waitFor(async () => {
        const rows = await whatsapp().listWhatsappMessages({ wamid: id })
        return rows.length ? rows : null
      })
      expect(m.text).toBe("ขอส่วนลดหน่อยครับ")
      const [contact] = await whatsapp().listWhatsappContacts({ wa_id: "66811112222" })
      expect(contact.profile_name).toBe("มานี")
      expect(whatsapp().isWindowOpen(contact)).toBe(true)
      await waitFor(async () => sandbox.state.inbound.get(id)?.read_by_business)
      // Inside the window free-form text is allowed and is delivered.
      const reply = await whatsapp().sendMessage({
        idempotency_key: `reply:${id}`,
        to: "66811112222",
        request: { type: "text", text: { body: "ได้เลยครับ" } },
      })
      await waitFor(async () => (await whatsapp().retrieveWhatsappMessage(reply.message.id)).status === "read")
    })

    it("a user who stops marketing in WhatsApp is recorded as revoked", async () => {
      sandbox.upsertUser({ wa_id: "66833334444", name: "Nok" })
      await sandbox.setUserPreference("66833334444", "stop")
      const c = await waitFor(async () => {
        const [row] = await whatsapp().listWhatsappContacts({ wa_id: "66833334444" })
        return row?.marketing_consent === "revoked" ? row : null
      })
      expect(c.marketing_consent_source).toBe("user_preferences")
    })

    it("an invalid phone number is a clear error and nothing is sent", async () => {
      await expect(whatsapp().sendMessage({ idempotency_key: "bad:phone", to: "12", request: { type: "text", text: { body: "x" } } })).rejects.toThrow(/12/)
      expect(sandbox.state.outbound.size).toBe(0)
      expect(await whatsapp().listWhatsappMessages({ idempotency_key: "bad:phone" })).toHaveLength(0)
    })
  },
})
