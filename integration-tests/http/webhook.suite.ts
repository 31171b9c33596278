/**
 * The webhook suite, run against each way in: POST /hooks/whatsapp in the Medusa app (webhook.spec.ts)
 * and the standalone ingest of the worker binary (webhook-standalone.spec.ts), which must answer and
 * apply alike.
 */
import axios from "axios"
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import { startWebhookIngest, type IngestHandle } from "../../src/modules/whatsapp/webhooks/ingest"
import { CloudApiClient } from "../../src/modules/whatsapp/channels/cloud-api"
import { adminHeaders } from "../helpers/admin"
import { envelope, inboundText, metaJson, sign, statusEvent } from "../helpers/webhooks"
import { waitFor } from "../helpers/time"
import { whatsappOf } from "../helpers/app"

const post = (hook: any, raw: string | Buffer, headers: Record<string, string> = {}) =>
  hook
    .post("/hooks/whatsapp", raw, {
      headers: { "content-type": "application/json", ...headers },
      transformRequest: [(d: unknown) => d],
    })
    .catch((e: any) => e.response)

const postSigned = (hook: any, body: unknown) => {
  const raw = metaJson(body)
  return post(hook, raw, { "x-hub-signature-256": sign(raw) })
}

export type WebhookTarget = "route" | "standalone"

export function webhookSuite(target: WebhookTarget) {
  jest.setTimeout(120_000)
  // No sandbox here: the mark-reads and auto-replies the inbound webhooks trigger fail fast instead of
  // reaching a sandbox someone left running on the default port 8787.
  process.env.WHATSAPP_BASE_URL = "http://127.0.0.1:9"

  medusaIntegrationTestRunner({
    testSuite: ({ api, getContainer, dbConnection }) => {
      const whatsapp = whatsappOf(getContainer)
      let ingest: IngestHandle | null = null
      let ingestApi: any = null
      /** Where webhooks are posted: the app's route, or the standalone ingest on a port of its own. */
      const hook = () => (target === "route" ? api : ingestApi)
      const startIngest = async () => {
        const options = whatsapp().getOptions()
        const provider = new CloudApiClient(options)
        ingest = await startWebhookIngest({
          pg: getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION),
          options,
          provider: () => provider,
          logger: { info() {}, warn() {}, error() {} },
          port: 0,
          host: "127.0.0.1",
        })
        ingestApi = axios.create({ baseURL: `http://127.0.0.1:${ingest.port}` })
      }
      if (target === "standalone") {
        beforeAll(startIngest)
        afterAll(async () => ingest?.close())
      }
      const count = async (table: string) => Number((await dbConnection.raw(`SELECT count(*) FROM ${table}`)).rows[0].count)
      /** Resolves once `n` receipts are stored and none is pending: whatever they change has committed
       * (a receipt is applied in one transaction), so "nothing else happened" can be asserted. */
      const receiptsSettled = (n: number) =>
        waitFor(async () => {
          const { rows } = await dbConnection.raw(
            `SELECT count(*)::int AS n, count(*) FILTER (WHERE status = 'pending')::int AS pending FROM whatsapp_webhook_receipt`
          )
          return rows[0].n === n && rows[0].pending === 0
        })

      describe("GET /hooks/whatsapp (Meta verification handshake)", () => {
        it("echoes the challenge when the verify token matches", async () => {
          const res = await hook().get("/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=sandbox-verify&hub.challenge=1158201444")
          expect(res.status).toBe(200)
          expect(res.data).toBe(1158201444)
        })
        it("answers 403 for a wrong token or mode", async () => {
          const bad = await hook()
            .get("/hooks/whatsapp?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1")
            .catch((e: any) => e.response)
          expect(bad.status).toBe(403)
          const mode = await hook()
            .get("/hooks/whatsapp?hub.mode=unsubscribe&hub.verify_token=sandbox-verify&hub.challenge=1")
            .catch((e: any) => e.response)
          expect(mode.status).toBe(403)
        })
      })

      describe("POST /hooks/whatsapp rejects without storing", () => {
        it("bad or missing signature → 401 and zero rows", async () => {
          const raw = metaJson(inboundText("66812345678", "สวัสดี"))
          expect((await post(hook(), raw, { "x-hub-signature-256": sign(raw, "wrong-secret") })).status).toBe(401)
          expect((await post(hook(), raw)).status).toBe(401)
          expect((await post(hook(), raw, { "x-hub-signature-256": "sha256=zz" })).status).toBe(401)
          // Signing the re-serialised JSON (Thai unescaped) is not the same bytes: refused.
          const parsed = JSON.stringify(JSON.parse(raw))
          expect((await post(hook(), raw, { "x-hub-signature-256": sign(parsed) })).status).toBe(401)
          expect(await count("whatsapp_webhook_receipt")).toBe(0)
          expect(await count("whatsapp_message")).toBe(0)
        })

        it("malformed JSON, wrong shape, oversized body → 4xx with a message and zero rows", async () => {
          const broken = '{"object":"whatsapp_business_account","entry":['
          const r1 = await post(hook(), broken, { "x-hub-signature-256": sign(broken) })
          expect(r1.status).toBe(400)
          expect(JSON.stringify(r1.data)).toMatch(/json/i)

          const wrong = JSON.stringify({ object: "page", entry: [] })
          const r2 = await post(hook(), wrong, { "x-hub-signature-256": sign(wrong) })
          expect(r2.status).toBe(422)
          expect(r2.data.message).toMatch(/whatsapp_business_account/)

          const noChanges = JSON.stringify({ object: "whatsapp_business_account", entry: [{ id: "1" }] })
          const r3 = await post(hook(), noChanges, { "x-hub-signature-256": sign(noChanges) })
          expect(r3.status).toBe(422)

          const huge = JSON.stringify({ object: "whatsapp_business_account", entry: [], pad: "x".repeat(1.5 * 1024 * 1024) })
          const r4 = await post(hook(), huge, { "x-hub-signature-256": sign(huge) })
          expect(r4.status).toBe(413)

          const text = await hook()
            .post("/hooks/whatsapp", "hello", { headers: { "content-type": "text/plain", "x-hub-signature-256": sign("hello") } })
            .catch((e: any) => e.response)
          expect(text.status).toBeGreaterThanOrEqual(400)
          expect(text.status).toBeLessThan(500)

          expect(await count("whatsapp_webhook_receipt")).toBe(0)
        })
      })

      describe("inbound messages", () => {
        it("records Thai text on the customer's record, opens the window, and ignores a duplicate", async () => {
          const container = getContainer()
          const customer = await container.resolve(Modules.CUSTOMER).createCustomers({
            first_name: "Somchai",
            email: "somchai@example.com",
            phone: "081-234-5678",
          })
          const body = inboundText("66812345678", "ขอส่วนลดหน่อยครับ", { id: "wamid.thai.1", name: "สมชาย" })
          const raw = metaJson(body)
          expect(raw).toContain("\\u0e02") // escaped as Meta does
          const first = await post(hook(), raw, { "x-hub-signature-256": sign(raw) })
          expect(first.status).toBe(200)
          expect(first.data.duplicate).toBe(false)
          const again = await post(hook(), raw, { "x-hub-signature-256": sign(raw) })
          expect(again.status).toBe(200)
          expect(again.data.duplicate).toBe(true)
          // Same event in another envelope (Meta batches differently on redelivery): still one message.
          await postSigned(hook(), { ...body, entry: [...body.entry, ...envelope("account_update", {}).entry] })

          const msg = await waitFor(async () => (await whatsapp().listWhatsappMessages({ wamid: "wamid.thai.1" }))[0])
          expect(msg.text).toBe("ขอส่วนลดหน่อยครับ")
          expect(msg.direction).toBe("inbound")
          // Both stored receipts (the first and the re-enveloped one) applied, not a fixed 300 ms.
          await receiptsSettled(2)
          expect(await whatsapp().listWhatsappMessages({ direction: "inbound" })).toHaveLength(1)

          const { headers } = await adminHeaders(container)
          const view = await waitFor(async () => {
            const res = await api.get(`/admin/whatsapp/customers/${customer.id}`, { headers })
            return res.data.messages.length ? res.data : null
          })
          expect(view.wa_id).toBe("66812345678")
          expect(view.window_open).toBe(true)
          expect(view.contact.profile_name).toBe("สมชาย")
          expect(view.contact.customer_id).toBe(customer.id)
          // Newest first; the auto-reply (a discount code) may already be there too.
          const inbound = view.messages.filter((m: any) => m.direction === "inbound")
          expect(inbound.map((m: any) => m.text)).toEqual(["ขอส่วนลดหน่อยครับ"])
        })

        it("an unknown number gets a contact that is linked when a customer with that phone appears", async () => {
          await postSigned(hook(), inboundText("66898765432", "hello", { id: "wamid.unknown.1" }))
          const contact = await waitFor(async () => (await whatsapp().listWhatsappContacts({ wa_id: "66898765432" }))[0])
          expect(contact.customer_id).toBeNull()
          const customer = await getContainer().resolve(Modules.CUSTOMER).createCustomers({ email: "later@example.com", phone: "+66 89 876 5432" })
          // customer.created → subscriber links contact and its past messages
          await getContainer()
            .resolve(Modules.EVENT_BUS)
            .emit({ name: "customer.created", data: { id: customer.id } })
          const linked = await waitFor(async () => {
            const [c] = await whatsapp().listWhatsappContacts({ wa_id: "66898765432" })
            return c.customer_id ? c : null
          })
          expect(linked.customer_id).toBe(customer.id)
          const [m] = await whatsapp().listWhatsappMessages({ wamid: "wamid.unknown.1" })
          expect(m.customer_id).toBe(customer.id)
        })
      })

      describe("statuses", () => {
        async function outbound(id: string, wamid: string | null) {
          const contact = await whatsapp().upsertContactByWaId("66812345678", null)
          await dbConnection.raw(
            `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, wamid, type, status)
           VALUES (?, ?, 'outbound', ?, '66812345678', ?, 'template', 'accepted')`,
            [id, `k:${id}`, contact.id, wamid]
          )
        }

        it("never move backwards: read stays read when a late delivered arrives; each time is kept", async () => {
          await outbound("wamsg_1", "wamid.out.1")
          const t = Math.floor(Date.now() / 1000)
          await postSigned(hook(), statusEvent("wamid.out.1", "read", { timestamp: t + 2 }))
          await waitFor(async () => (await whatsapp().retrieveWhatsappMessage("wamsg_1")).status === "read")
          await postSigned(hook(), statusEvent("wamid.out.1", "delivered", { timestamp: t + 1 }))
          await postSigned(hook(), statusEvent("wamid.out.1", "sent", { timestamp: t }))
          const m = await waitFor(async () => {
            const r = await whatsapp().retrieveWhatsappMessage("wamsg_1")
            return r.sent_at && r.delivered_at ? r : null
          })
          expect(m.status).toBe("read")
          expect(new Date(m.read_at).getTime()).toBe((t + 2) * 1000)
          expect(new Date(m.delivered_at).getTime()).toBe((t + 1) * 1000)
        })

        it("failed records the error; 131050 revokes marketing consent", async () => {
          await outbound("wamsg_2", "wamid.out.2")
          await postSigned(
            hook(),
            statusEvent("wamid.out.2", "failed", {
              errors: [{ code: 131050, title: "Unable to deliver the message", error_data: { details: "user stopped marketing" } }],
            })
          )
          const m = await waitFor(async () => {
            const r = await whatsapp().retrieveWhatsappMessage("wamsg_2")
            return r.status === "failed" ? r : null
          })
          expect(m.error_code).toBe(131050)
          expect(m.error_details).toBe("user stopped marketing")
          const [c] = await whatsapp().listWhatsappContacts({ wa_id: "66812345678" })
          expect(c.marketing_consent).toBe("revoked")
        })

        it("a status that arrives before we stored the wamid is matched by biz_opaque_callback_data", async () => {
          await outbound("wamsg_3", null)
          await postSigned(
            hook(),
            statusEvent("wamid.out.3", "delivered", {
              callback: JSON.stringify({ m: "wamsg_3" }),
              pricing: { billable: true, pricing_model: "PMP", category: "utility", type: "regular" },
            })
          )
          const m = await waitFor(async () => {
            const r = await whatsapp().retrieveWhatsappMessage("wamsg_3")
            return r.status === "delivered" ? r : null
          })
          expect(m.wamid).toBe("wamid.out.3")
          expect(m.category).toBe("utility")
          expect(m.pricing.billable).toBe(true)
        })

        it("a status for an unknown message keeps the receipt pending for a retry", async () => {
          await postSigned(hook(), statusEvent("wamid.never.seen", "delivered"))
          const r = await waitFor(async () => {
            const { rows } = await dbConnection.raw(`SELECT * FROM whatsapp_webhook_receipt`)
            // >= 1: on a stalled box the sweeper may already have made its second attempt.
            return rows[0]?.attempts >= 1 ? rows[0] : null
          })
          expect(r.status).toBe("pending")
          expect(r.next_attempt_at).not.toBeNull()
          expect(r.last_error).toMatch(/unknown messages/)
        })
      })

      describe("preferences and templates", () => {
        it("user_preferences stop/resume updates marketing consent; an older event does not override a newer one", async () => {
          const t = Math.floor(Date.now() / 1000)
          const prefs = (value: string, timestamp: number) =>
            envelope("user_preferences", {
              messaging_product: "whatsapp",
              metadata: { display_phone_number: "15550000001", phone_number_id: "100000000000001" },
              user_preferences: [
                { wa_id: "66811111111", detail: "User requested to stop marketing messages", category: "marketing_messages", value, timestamp },
              ],
            })
          await postSigned(hook(), prefs("stop", t))
          await waitFor(async () => (await whatsapp().listWhatsappContacts({ wa_id: "66811111111" }))[0]?.marketing_consent === "revoked")
          await postSigned(hook(), prefs("resume", t - 60)) // late, older
          await receiptsSettled(2) // applied (and ignored), not a fixed 500 ms
          expect((await whatsapp().listWhatsappContacts({ wa_id: "66811111111" }))[0].marketing_consent).toBe("revoked")
          await postSigned(hook(), prefs("resume", t + 60))
          await waitFor(async () => (await whatsapp().listWhatsappContacts({ wa_id: "66811111111" }))[0]?.marketing_consent === "granted")
        })

        it("message_template_status_update updates the template", async () => {
          await whatsapp().createWhatsappTemplates({ name: "order_placed", language: "th", category: "UTILITY", status: "APPROVED" })
          await postSigned(
            hook(),
            envelope("message_template_status_update", {
              event: "PAUSED",
              message_template_id: 123,
              message_template_name: "order_placed",
              message_template_language: "th",
              reason: "LOW_QUALITY",
            })
          )
          const t = await waitFor(async () => {
            const [tpl] = await whatsapp().listWhatsappTemplates({ name: "order_placed", language: "th" })
            return tpl.status === "PAUSED" ? tpl : null
          })
          expect(t.rejected_reason).toBe("LOW_QUALITY")
        })
      })

      describe("crash after the 200", () => {
        it("a receipt stored but never processed is processed on application start", async () => {
          const raw = metaJson(inboundText("66822222222", "ยังอยู่ไหม", { id: "wamid.crash.1" }))
          // What the route does before answering 200; the process "dies" before processing.
          await whatsapp().storeWebhookReceipt(Buffer.from(raw), sign(raw))
          expect(await whatsapp().listWhatsappMessages({ wamid: "wamid.crash.1" })).toHaveLength(0)
          if (target === "route") {
            // The hook starts the receipt sweeper again; stop the app's own so it does not outlive this
            // suite (shutdown clears only the newest) and keep sweeping in the specs after it.
            whatsapp().receipts().stopSweeper()
            await whatsapp().__hooks.onApplicationStart()
          } else {
            // The app's sweeper would take it only after 10 s; a restarted ingest recovers it on start.
            whatsapp().receipts().stopSweeper()
            await ingest!.close()
            await startIngest()
          }
          const m = await waitFor(async () => (await whatsapp().listWhatsappMessages({ wamid: "wamid.crash.1" }))[0])
          expect(m.text).toBe("ยังอยู่ไหม")
          const { rows } = await dbConnection.raw(`SELECT status FROM whatsapp_webhook_receipt`)
          expect(rows[0].status).toBe("processed")
        })
      })

      if (target === "standalone") {
        describe("events of the standalone ingest", () => {
          it("reach the app's subscribers through the outbox, once, and leave it empty", async () => {
            const seen: string[] = []
            getContainer()
              .resolve(Modules.EVENT_BUS)
              .subscribe("whatsapp.message.received", async (e: any) => {
                if (e.data?.wamid === "wamid.outbox.1") seen.push(e.data.wamid)
              })
            await postSigned(hook(), inboundText("66833333333", "ส่วนลด", { id: "wamid.outbox.1" }))
            await waitFor(async () => seen.length > 0)
            await waitFor(async () => Number((await dbConnection.raw(`SELECT count(*) FROM whatsapp_event_outbox`)).rows[0].count) === 0)
            expect(seen).toEqual(["wamid.outbox.1"])
          })
        })
      }

      describe("admin settings", () => {
        it("shows the connection without secrets", async () => {
          const { headers } = await adminHeaders(getContainer())
          const res = await api.get("/admin/whatsapp/settings", { headers })
          expect(res.status).toBe(200)
          expect(res.data.mode).toBe("sandbox")
          expect(res.data.phone_number_id).toBe("100000000000001")
          expect(res.data.webhook_url).toMatch(/\/hooks\/whatsapp$/)
          const text = JSON.stringify(res.data)
          expect(text).not.toContain("sandbox-token")
          expect(text).not.toContain("sandbox-secret")
          expect(text).not.toContain("sandbox-verify")
        })
        it("requires an admin", async () => {
          const res = await api.get("/admin/whatsapp/settings").catch((e: any) => e.response)
          expect(res.status).toBe(401)
        })
      })
    },
  })
}
