/**
 * Analytics figures (src/modules/whatsapp/analytics, GET /admin/whatsapp/analytics/:figure) over a
 * fixture of known answers, in the test store's zone Asia/Bangkok (UTC+7). Messages are written by
 * SQL with exact timestamps; the order is made through Medusa's order module (EUR, the store's
 * default currency in tests), then dated by SQL.
 *
 *   msg  contact   sent (local)            delivered / read           reply (after delivery)   other
 *   M1   Alice     Tue 2026-11-03 19:10    19:11 / 19:12              4 min                    "Hi Alice, …" (29 chars)
 *   M2   Bob       Tue 19:30               19:31 / 19:40              40 min                   26 chars
 *   M3   Carol     Tue 19:45               19:46 / —                  —                        campaign template, no text
 *   M4   Alice     Wed 2026-11-04 09:00    09:01 / 09:05              —                        120 chars, notification
 *   M5   Bob       Wed 10:00               failed                                              not sent
 *   A1   Carol     Thu 2026-11-05 10:30    (agent answer, sent only)                           answers Carol's 10:00 message
 *   M6   Bob       2026-11-10              outside the range
 *   Alice orders on 2026-11-05 (within 7 days of reading M1 and M4).
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules, generateEntityId } from "@medusajs/framework/utils"
import { adminHeaders } from "../helpers/admin"

jest.setTimeout(180_000)

process.env.WHATSAPP_BASE_URL = "http://127.0.0.1:9"

const RANGE = "from=2026-11-02&to=2026-11-08"
const Z = (local: string) => new Date(`${local}+07:00`)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let headers: Record<string, string>
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any
    const get = (path: string) => api.get(path, { headers }).catch((e: any) => e.response)

    beforeAll(async () => {
      headers = (await adminHeaders(getContainer())).headers
      const [alice, bob] = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers([
          { first_name: "Alice", email: `alice-${Date.now()}@analytics.test` },
          { first_name: "Bob", email: `bob-${Date.now()}@analytics.test` },
        ])
      const contacts: Record<string, { id: string; wa_id: string; customer_id: string | null }> = {
        alice: { id: "wacon_an_alice", wa_id: "66810000101", customer_id: alice.id },
        bob: { id: "wacon_an_bob", wa_id: "66810000102", customer_id: bob.id },
        carol: { id: "wacon_an_carol", wa_id: "66810000103", customer_id: null },
      }
      for (const c of Object.values(contacts)) {
        await pg().raw(`INSERT INTO whatsapp_contact (id, wa_id, customer_id, marketing_consent) VALUES (?, ?, ?, 'granted')`, [c.id, c.wa_id, c.customer_id])
      }
      let n = 0
      const msg = async (
        who: keyof typeof contacts,
        m: {
          direction: "inbound" | "outbound"
          at: string
          status: string
          delivered?: string
          read?: string
          text?: string | null
          template?: string
          source?: string
          metadata?: Record<string, unknown>
        }
      ) => {
        const c = contacts[who]
        const at = Z(m.at)
        await pg().raw(
          `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, customer_id, type, template_name, text, status,
             sent_at, delivered_at, read_at, received_at, source, metadata, created_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          [
            generateEntityId(undefined, "wamsg"),
            `analytics:${n++}`,
            m.direction,
            c.id,
            c.wa_id,
            c.customer_id,
            m.template ? "template" : "text",
            m.template ?? null,
            m.text ?? null,
            m.status,
            m.direction === "outbound" && m.status !== "failed" ? at : null,
            m.delivered ? Z(m.delivered) : null,
            m.read ? Z(m.read) : null,
            m.direction === "inbound" ? at : null,
            m.source ?? null,
            m.metadata ? JSON.stringify(m.metadata) : null,
            at,
          ]
        )
      }
      const out = "outbound" as const
      const inb = "inbound" as const
      await msg("alice", {
        direction: out,
        at: "2026-11-03T19:10:00",
        status: "read",
        delivered: "2026-11-03T19:11:00",
        read: "2026-11-03T19:12:00",
        text: "Hi Alice, your order is ready",
      })
      await msg("alice", { direction: inb, at: "2026-11-03T19:15:00", status: "received", text: "thanks" })
      await msg("bob", {
        direction: out,
        at: "2026-11-03T19:30:00",
        status: "read",
        delivered: "2026-11-03T19:31:00",
        read: "2026-11-03T19:40:00",
        text: "Our new collection is here",
      })
      await msg("bob", { direction: inb, at: "2026-11-03T20:11:00", status: "received", text: "nice" })
      await msg("carol", {
        direction: out,
        at: "2026-11-03T19:45:00",
        status: "delivered",
        delivered: "2026-11-03T19:46:00",
        template: "summer_promo",
        source: "campaign",
        metadata: { campaign_id: "wacmp_analytics" },
      })
      await msg("alice", {
        direction: out,
        at: "2026-11-04T09:00:00",
        status: "read",
        delivered: "2026-11-04T09:01:00",
        read: "2026-11-04T09:05:00",
        text: "x".repeat(120),
        source: "notification:order.placed",
      })
      await msg("bob", { direction: out, at: "2026-11-04T10:00:00", status: "failed", text: "never sent" })
      await msg("carol", { direction: inb, at: "2026-11-05T10:00:00", status: "received", text: "where is my parcel?" })
      await msg("carol", { direction: inb, at: "2026-11-05T10:10:00", status: "received", text: "hello?" })
      await msg("carol", { direction: out, at: "2026-11-05T10:30:00", status: "sent", text: "Thanks, we are on it", source: "agent:user_1" })
      await msg("bob", {
        direction: out,
        at: "2026-11-10T10:00:00",
        status: "read",
        delivered: "2026-11-10T10:01:00",
        read: "2026-11-10T10:02:00",
        text: "later",
      })

      const order = await getContainer()
        .resolve(Modules.ORDER)
        .createOrders({ customer_id: alice.id, email: alice.email, currency_code: "eur", items: [{ title: "Item", quantity: 1, unit_price: 500 }] })
      await pg().raw(`UPDATE "order" SET created_at = ? WHERE id = ?`, [Z("2026-11-05T12:00:00"), order.id])
    })

    it("lists the figures", async () => {
      const res = await get("/admin/whatsapp/analytics")
      expect(res.status).toBe(200)
      expect(res.data.timezone).toBe("Asia/Bangkok")
      expect(res.data.figures.map((f: any) => f.figure)).toEqual(["funnel", "reply_decay", "best_hours", "message_effects", "first_response"])
    })

    it("funnel: counts per local day (no clicks in the fixture)", async () => {
      const res = await get(`/admin/whatsapp/analytics/funnel?${RANGE}`)
      expect(res.status).toBe(200)
      expect(res.data).toMatchObject({ figure: "funnel", title: "Funnel by day", timezone: "Asia/Bangkok", currency: "eur" })
      expect(res.data.note).toContain("clicked = messages with a row in whatsapp_link_click")
      expect(res.data.rows).toEqual([
        { day: "2026-11-03", sent: 3, delivered: 3, read: 2, replied: 2, clicked: 0, ordered: 1 },
        { day: "2026-11-04", sent: 1, delivered: 1, read: 1, replied: 0, clicked: 0, ordered: 1 },
        { day: "2026-11-05", sent: 1, delivered: 0, read: 0, replied: 0, clicked: 0, ordered: 0 },
      ])
      expect(res.data.range).toEqual({ from: "2026-11-01T17:00:00.000Z", to: "2026-11-08T17:00:00.000Z" })
    })

    it("reply decay: replies 4 and 40 minutes after delivery land in 0–5 and 30–60 min", async () => {
      const res = await get(`/admin/whatsapp/analytics/reply_decay?${RANGE}`)
      expect(res.status).toBe(200)
      expect(res.data.rows.map((r: any) => [r.bucket, r.replies])).toEqual([
        ["0–5 min", 1],
        ["5–15 min", 0],
        ["15–30 min", 0],
        ["30–60 min", 1],
        ["1–3 h", 0],
        ["3–24 h", 0],
      ])
      expect(res.data.chart.within_1h).toBe(1)
    })

    it("best hours: exact cells in the store's zone and the best slot named", async () => {
      const res = await get(`/admin/whatsapp/analytics/best_hours?${RANGE}`)
      expect(res.status).toBe(200)
      expect(res.data.rows.map((r: any) => [r.slot, r.sent, r.read, r.replied])).toEqual([
        ["Tuesday 19:00–20:00", 3, 2, 2],
        ["Wednesday 09:00–10:00", 1, 1, 0],
        ["Thursday 10:00–11:00", 1, 0, 0],
      ])
      expect(res.data.rows[0]).toMatchObject({ weekday: 2, hour: 19, read_rate: 0.6667, reply_rate: 0.6667 })
      expect(res.data.chart.best_read).toEqual([{ name: "Tuesday 19:00–20:00", rate: 0.6667, n: 3 }])

      const marketing = await get(`/admin/whatsapp/analytics/best_hours?${RANGE}&kind=marketing`)
      expect(marketing.data.rows.map((r: any) => [r.slot, r.sent, r.read])).toEqual([["Tuesday 19:00–20:00", 1, 0]])
      const campaign = await get(`/admin/whatsapp/analytics/funnel?${RANGE}&campaign_id=wacmp_analytics`)
      expect(campaign.data.rows).toEqual([{ day: "2026-11-03", sent: 1, delivered: 1, read: 0, replied: 0, clicked: 0, ordered: 0 }])
    })

    it("message effects: length bands and starting with the name, with uplift", async () => {
      const res = await get(`/admin/whatsapp/analytics/message_effects?${RANGE}`)
      expect(res.status).toBe(200)
      expect(res.data.rows.map((r: any) => [r.dimension, r.group, r.messages, r.reply_rate, r.reply_uplift])).toEqual([
        ["length", "under 50 chars", 3, 0.6667, 0.3333],
        ["length", "100–199 chars", 1, 0, -1],
        ["name", "does not start with the name", 3, 0.3333, 0],
        ["name", "starts with the customer's name", 1, 1, 2],
      ])
      expect(res.data.note).toContain("template messages have no text")
    })

    it("first response: a wait opened at 10:00 answered by an agent 30 minutes later", async () => {
      const res = await get(`/admin/whatsapp/analytics/first_response?${RANGE}`)
      expect(res.status).toBe(200)
      expect(res.data.rows).toEqual([
        { hour: "10:00–11:00", waits: 1, answered: 1, answered_rate: 1, median_min: 30, p90_min: 30 },
        { hour: "19:00–20:00", waits: 1, answered: 0, answered_rate: 0, median_min: null, p90_min: null },
        { hour: "20:00–21:00", waits: 1, answered: 0, answered_rate: 0, median_min: null, p90_min: null },
      ])
    })

    it("exports a figure's table as CSV", async () => {
      const res = await get(`/admin/whatsapp/analytics/reply_decay?${RANGE}&format=csv`)
      expect(res.status).toBe(200)
      expect(res.headers["content-type"]).toMatch(/^text\/csv/)
      expect(res.headers["content-disposition"]).toBe('attachment; filename="whatsapp-reply_decay-2026-11-02-2026-11-08.csv"')
      expect(res.data).toBe(
        [
          "Time to reply,Replies,Share,Cumulative",
          "0–5 min,1,0.5,0.5",
          "5–15 min,0,0,0.5",
          "15–30 min,0,0,0.5",
          "30–60 min,1,0.5,1",
          "1–3 h,0,0,1",
          "3–24 h,0,0,1",
          "",
        ].join("\r\n")
      )
    })

    it("refuses a bad query with a 400 naming the field, and an unknown figure with a 404", async () => {
      const cases: [string, string][] = [
        ["from=2026-13-01", "from"],
        ["kind=sms", "kind"],
        ["from=2026-11-08&to=2026-11-01", "to"],
        ["colour=red", "colour"],
        ["format=xml", "format"],
        ["from=2020-01-01&to=2026-01-01", "from"],
      ]
      for (const [q, field] of cases) {
        const res = await get(`/admin/whatsapp/analytics/funnel?${q}`)
        expect([q, res.status]).toEqual([q, 400])
        expect(res.data.message).toContain(field)
      }
      const missing = await get(`/admin/whatsapp/analytics/nope?${RANGE}`)
      expect(missing.status).toBe(404)
    })

    it("an empty range gives empty rows, not errors", async () => {
      const list = await get("/admin/whatsapp/analytics")
      for (const { figure } of list.data.figures) {
        const res = await get(`/admin/whatsapp/analytics/${figure}?from=2020-01-01&to=2020-01-31`)
        expect([figure, res.status, res.data.rows]).toEqual([figure, 200, []])
      }
    })
  },
})
