// The webhook pipeline under hostile input: one receipt's failure is its own, garbage never
// becomes data, and only this store's number and WABA count.
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import fc from "fast-check"
import { envelope, inboundText, metaJson, sign } from "../helpers/webhooks"
import { waitFor } from "../helpers/time"
import { whatsappOf } from "../helpers/app"
import { adminHeaders } from "../helpers/admin"
import { canonicalWaId } from "../../src/modules/whatsapp/webhooks/validate"
import { MAX_RECEIPT_ATTEMPTS } from "../../src/modules/whatsapp/webhooks/receipts"

jest.setTimeout(300_000)

// No sandbox: the mark-reads and replies a valid inbound triggers fail fast (nothing listens on 9),
// and a reply attempt still leaves an outbound row, which is what "no reply" is checked by.
process.env.WHATSAPP_BASE_URL = "http://127.0.0.1:9"

const OUR_NUMBER = "100000000000001"
const OUR_WABA = "200000000000001"
const FUZZ_BODIES = Number(process.env.WEBHOOK_FUZZ_BODIES ?? 10_000)

const post = (api: any, body: unknown) => {
  const raw = typeof body === "string" ? body : metaJson(body)
  return api
    .post("/hooks/whatsapp", raw, {
      headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
      transformRequest: [(d: unknown) => d],
    })
    .catch((e: any) => e.response)
}

const messagesValue = (value: Record<string, unknown>, phone_number_id: unknown = OUR_NUMBER) => ({
  messaging_product: "whatsapp",
  metadata: { display_phone_number: "15550000001", phone_number_id },
  ...value,
})
const body = (field: string, value: unknown, waba: unknown = OUR_WABA) => ({
  object: "whatsapp_business_account",
  entry: [{ id: waba, changes: [{ field, value }] }],
})

/** Not phone numbers, or not plausible ones: none of these may become a contact. */
const badPhone = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "", " ", "0", "1; DROP TABLE whatsapp_contact; --", "' OR 1=1 --", "+", "NaN", "1e308", "99999999999999999999"),
  fc.string({ maxLength: 40 }).filter((s) => canonicalWaId(s, "TH") === null),
  fc.constant(null),
  fc.integer(),
  fc.object({ maxDepth: 2 })
)
const goodPhone = fc.integer({ min: 810_000_000, max: 899_999_999 }).map((n) => `66${n}`)
const nasty = fc.oneof(fc.string(), fc.constant("a\u0000b"), fc.constant("\uD800x"), fc.constant("x".repeat(20_000)), fc.constant("ส่วนลด"), fc.constant("STOP"))
const badTimestamp = fc.oneof(
  fc.constantFrom("99999999999999", "1e308", "-1", "abc", "", "9999999999"),
  fc.constant(1e308),
  fc.integer(),
  fc.constant(undefined)
)
const deep = fc.integer({ min: 30, max: 200 }).map((n) => {
  let v: any = { x: 1 }
  for (let i = 0; i < n; i++) v = { a: v }
  return v
})
const text = (from: unknown, t: unknown = String(Math.floor(Date.now() / 1000))) => ({
  from,
  id: `wamid.fz.${Math.random()}`,
  timestamp: t,
  type: "text",
  text: { body: "ส่วนลด" },
})

/** Signed, well-enveloped bodies that must change nothing: malformed, or for another number / WABA. */
const hostileBody = fc.oneof(
  // Our number, senders that are not phone numbers (a discount keyword among them).
  fc
    .record({ from: badPhone, body: nasty })
    .map(({ from, body: b }) =>
      body("messages", messagesValue({ contacts: [{ wa_id: from, profile: { name: b } }], messages: [{ ...text(from), text: { body: b } }] }))
    ),
  // Our number, lists that are not lists, null contacts, missing type, deep nesting.
  fc
    .record({
      contacts: fc.oneof(fc.constant([null]), fc.constant("x"), fc.constant({}), fc.anything()),
      messages: fc.oneof(fc.constant({}), fc.constant(5), fc.string()),
    })
    .map((v) => body("messages", messagesValue(v))),
  goodPhone.map((from) => body("messages", messagesValue({ messages: [{ from, id: `wamid.nt.${Math.random()}`, timestamp: "1", text: { body: "ส่วนลด" } }] }))),
  deep.map((d) => body("messages", messagesValue({ messages: [d], statuses: [d] }))),
  // A text message carrying a button payload field: text, not a press — and from a bad sender.
  badPhone.map((from) => body("messages", messagesValue({ messages: [{ ...text(from), button: { payload: "DISCOUNT", text: "x" } }] }))),
  // Statuses we never sent, with statuses we do not know and silly timestamps.
  fc
    .record({ status: fc.constantFrom("accepted", "pending", "deleted", "warning", "bogus", "read"), ts: badTimestamp, id: nasty })
    .map(({ status, ts, id }) =>
      body(
        "messages",
        messagesValue({ statuses: [{ id: typeof id === "string" && id ? id.slice(0, 200) : "wamid.x", status, timestamp: ts, recipient_id: "__proto__" }] })
      )
    ),
  // Another business number: a perfectly valid discount request must not be answered from ours.
  fc
    .record({ from: goodPhone, number: fc.constantFrom("999999999999999", "100000000000002", "", null) })
    .map(({ from, number }) => body("messages", messagesValue({ contacts: [{ wa_id: from, profile: { name: "x" } }], messages: [text(from)] }, number))),
  // Another number's preferences, or ours with a bad wa_id.
  fc
    .record({ wa: fc.oneof(goodPhone, badPhone), ours: fc.boolean() })
    .map(({ wa, ours }) =>
      body(
        "user_preferences",
        messagesValue(
          { user_preferences: [{ wa_id: ours ? "__proto__" : wa, category: "marketing_messages", value: "resume", timestamp: Math.floor(Date.now() / 1000) }] },
          ours ? OUR_NUMBER : "999999999999999"
        )
      )
    ),
  // Another WABA's template verdict on a template name we own.
  fc
    .constantFrom("REJECTED", "DISABLED", "PAUSED")
    .map((event) =>
      body(
        "message_template_status_update",
        { message_template_id: 1, message_template_name: "order_confirmation", message_template_language: "th", event, reason: "NONE" },
        "777777777777777"
      )
    )
)

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer, dbConnection }) => {
    const whatsapp = whatsappOf(getContainer)
    const scalar = async (sql: string, bindings: any[] = []) => Number(Object.values((await dbConnection.raw(sql, bindings)).rows[0])[0])

    beforeEach(() => whatsapp().receipts().stopSweeper())
    afterEach(() => dbConnection.raw(`DROP TRIGGER IF EXISTS wa_poison ON whatsapp_message`))

    it("a webhook for another business number or WABA is kept, marked ignored, and changes nothing", async () => {
      await dbConnection.raw(
        `INSERT INTO whatsapp_template (id, provider_template_id, name, language, category, status) VALUES ('watpl_own', '1', 'own_tpl', 'th', 'UTILITY', 'APPROVED')`
      )
      const contacts = await scalar(`SELECT count(*) FROM whatsapp_contact`)
      const replies = [
        body("messages", messagesValue({ contacts: [{ wa_id: "66812000001", profile: { name: "x" } }], messages: [text("66812000001")] }, "999999999999999")),
        body(
          "user_preferences",
          messagesValue(
            { user_preferences: [{ wa_id: "66812000002", category: "marketing_messages", value: "resume", timestamp: Math.floor(Date.now() / 1000) }] },
            "999"
          )
        ),
        body("message_template_status_update", { message_template_name: "own_tpl", message_template_language: "th", event: "REJECTED", reason: "NONE" }, "777"),
      ]
      for (const b of replies) expect((await post(api, b)).status).toBe(200)
      await waitFor(async () => (await scalar(`SELECT count(*) FROM whatsapp_webhook_receipt WHERE status = 'ignored'`)) === 3)
      const rows = (await dbConnection.raw(`SELECT last_error FROM whatsapp_webhook_receipt ORDER BY created_at`)).rows
      expect(rows.map((r: any) => r.last_error)).toEqual([
        "not our number (phone_number_id 999999999999999)",
        "not our number (phone_number_id 999)",
        "not our WABA (777)",
      ])
      expect(await scalar(`SELECT count(*) FROM whatsapp_contact`)).toBe(contacts)
      expect(await scalar(`SELECT count(*) FROM whatsapp_message`)).toBe(0)
      expect(await scalar(`SELECT count(*) FROM whatsapp_conversation`)).toBe(0)
      expect((await dbConnection.raw(`SELECT status FROM whatsapp_template WHERE id = 'watpl_own'`)).rows[0].status).toBe("APPROVED")
    })

    it("our number's messages record it on the message and the conversation; spellings of one phone are one contact", async () => {
      await post(api, body("messages", messagesValue({ messages: [text("+66 81-300-0001")] })))
      await post(api, body("messages", messagesValue({ messages: [text("٦٦٨١٣٠٠٠٠٠١")] })))
      await post(api, inboundText("66813000001", "hi", { id: "wamid.same.3" }))
      await waitFor(async () => (await scalar(`SELECT count(*) FROM whatsapp_message WHERE direction = 'inbound'`)) === 3)
      expect((await dbConnection.raw(`SELECT wa_id FROM whatsapp_contact`)).rows).toEqual([{ wa_id: "66813000001" }])
      expect(await scalar(`SELECT count(*) FROM whatsapp_message WHERE direction = 'inbound' AND phone_number_id = ?`, [OUR_NUMBER])).toBe(3)
      await waitFor(async () => (await scalar(`SELECT count(*) FROM whatsapp_conversation WHERE phone_number_id = ?`, [OUR_NUMBER])) === 1)
    })

    it("an item the database refuses is rejected with a reason and its neighbours still apply", async () => {
      // A real refusal from Postgres (a trigger), as a stand-in for whatever a body might provoke.
      await dbConnection.raw(`CREATE OR REPLACE FUNCTION wa_poison() RETURNS trigger AS $$
        BEGIN IF NEW.wamid LIKE 'wamid.poison%' THEN RAISE EXCEPTION 'poisoned row'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`)
      await dbConnection.raw(`CREATE TRIGGER wa_poison BEFORE INSERT ON whatsapp_message FOR EACH ROW EXECUTE FUNCTION wa_poison()`)
      const ts = String(Math.floor(Date.now() / 1000))
      const res = await post(
        api,
        body(
          "messages",
          messagesValue({
            messages: [
              { from: "66814000001", id: "wamid.poison.1", timestamp: ts, type: "text", text: { body: "a" } },
              { from: "66814000002", id: "wamid.good.1", timestamp: ts, type: "text", text: { body: "b" } },
            ],
          })
        )
      )
      expect(res.status).toBe(200)
      const receipt = await waitFor(async () => (await dbConnection.raw(`SELECT * FROM whatsapp_webhook_receipt WHERE status <> 'pending'`)).rows[0])
      expect(receipt.status).toBe("processed")
      expect(receipt.last_error).toMatch(/1 item\(s\) rejected: database refused it: .*poisoned row/)
      expect(receipt.notes).toEqual([expect.objectContaining({ path: "entry[0].changes[0].value.messages[0]", kind: "rejected" })])
      expect((await dbConnection.raw(`SELECT wamid FROM whatsapp_message WHERE direction = 'inbound'`)).rows).toEqual([{ wamid: "wamid.good.1" }])
    })

    it("a receipt that keeps throwing records each attempt, ends failed with its reason, never blocks the next, and can be retried", async () => {
      // Every insert into whatsapp_message fails for this sender, whatever the isolation: the receipt
      // itself cannot complete (the trigger fires on the receipt's own update).
      await dbConnection.raw(`CREATE OR REPLACE FUNCTION wa_poison() RETURNS trigger AS $$
        BEGIN IF NEW.status = 'processed' AND NEW.raw_body LIKE '%66815000001%' THEN RAISE EXCEPTION 'receipt cannot complete'; END IF; RETURN NEW; END $$ LANGUAGE plpgsql`)
      await dbConnection.raw(`CREATE TRIGGER wa_poison BEFORE UPDATE ON whatsapp_webhook_receipt FOR EACH ROW EXECUTE FUNCTION wa_poison()`)
      await post(api, inboundText("66815000001", "poison"))
      const poison = await waitFor(async () => (await dbConnection.raw(`SELECT * FROM whatsapp_webhook_receipt WHERE attempts > 0`)).rows[0])
      expect(poison.status).toBe("pending")
      expect(poison.last_error).toMatch(/receipt cannot complete/)
      expect(new Date(poison.next_attempt_at).getTime()).toBeGreaterThan(Date.now() - 1000)

      // A healthy webhook after the poison one is applied at once, and by the sweep too.
      await post(api, inboundText("66815000002", "healthy", { id: "wamid.healthy.1" }))
      await waitFor(async () => (await scalar(`SELECT count(*) FROM whatsapp_message WHERE wamid = 'wamid.healthy.1'`)) === 1)
      // The sweep goes past a failing receipt: attempts climb, the others are not held.
      for (let i = 1; i < MAX_RECEIPT_ATTEMPTS; i++) await whatsapp().receipts().process(poison.id)
      const failed = (await dbConnection.raw(`SELECT * FROM whatsapp_webhook_receipt WHERE id = ?`, [poison.id])).rows[0]
      expect(failed.status).toBe("failed")
      expect(failed.attempts).toBe(MAX_RECEIPT_ATTEMPTS)
      expect(failed.last_error).toMatch(/receipt cannot complete/)

      // The settings page lists it and retries it once the cause is gone.
      const { headers } = await adminHeaders(getContainer())
      const list = await api.get(`/admin/whatsapp/webhook-receipts?status=failed`, { headers })
      expect(list.data.receipts.map((r: any) => r.id)).toEqual([poison.id])
      expect(list.data.receipts[0]).not.toHaveProperty("raw_body")
      expect(list.data.counts.failed).toBe(1)
      await dbConnection.raw(`DROP TRIGGER wa_poison ON whatsapp_webhook_receipt`)
      expect((await api.post(`/admin/whatsapp/webhook-receipts/${poison.id}/retry`, {}, { headers })).data.retried).toBe(true)
      await waitFor(
        async () => (await dbConnection.raw(`SELECT status FROM whatsapp_webhook_receipt WHERE id = ?`, [poison.id])).rows[0].status === "processed"
      )
      const again = await api.post(`/admin/whatsapp/webhook-receipts/${poison.id}/retry`, {}, { headers }).catch((e: any) => e.response)
      expect(again.status).toBe(400)
      expect((await api.get(`/admin/whatsapp/webhook-receipts?status=bogus`, { headers }).catch((e: any) => e.response)).status).toBe(400)
    })

    it("retention blanks old processed bodies and keeps their dedupe", async () => {
      const raw = metaJson(inboundText("66816000001", "old news", { id: "wamid.old.ret" }))
      await post(api, raw)
      await waitFor(async () => (await scalar(`SELECT count(*) FROM whatsapp_webhook_receipt WHERE status = 'processed'`)) === 1)
      await dbConnection.raw(`UPDATE whatsapp_webhook_receipt SET created_at = now() - interval '31 days'`)
      const { redactOldReceipts } = await import("../../src/modules/whatsapp/webhooks/receipts")
      expect(await redactOldReceipts(dbConnection, 30)).toBe(1)
      const row = (await dbConnection.raw(`SELECT raw_body, redacted_at FROM whatsapp_webhook_receipt`)).rows[0]
      expect(row.raw_body).toBe("")
      expect(row.redacted_at).not.toBeNull()
      expect((await post(api, raw)).data.duplicate).toBe(true)
      expect(await redactOldReceipts(dbConnection, 30)).toBe(0)
    })

    it(`fuzz: ${FUZZ_BODIES} signed hostile bodies through the route: no 5xx, nothing stuck, no garbage contact, no reply, promotion or consent change`, async () => {
      const promotions = () => scalar(`SELECT count(*) FROM promotion`)
      const before = { promotions: await promotions(), consent: await scalar(`SELECT count(*) FROM whatsapp_contact WHERE marketing_consent_at IS NOT NULL`) }
      const bodies = fc.sample(hostileBody, { numRuns: FUZZ_BODIES, seed: Number(process.env.WEBHOOK_FUZZ_SEED ?? 20261207) })
      const statuses = new Map<number, number>()
      let next = 0
      const worker = async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const res = await post(api, bodies[i])
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
        }
      }
      await Promise.all(Array.from({ length: 16 }, worker))
      console.log(`webhook fuzz: ${bodies.length} bodies, answers ${JSON.stringify(Object.fromEntries(statuses))}`)
      expect([...statuses.keys()].filter((s) => s >= 500)).toEqual([])

      // Everything stored is worked off: processed, ignored or failed with a reason; what is still
      // pending waits for a scheduled retry (statuses for messages we never sent) with its reason.
      await waitFor(
        async () => {
          await whatsapp().receipts().processPending({ includeRecent: true, limit: 5000 })
          return (await scalar(`SELECT count(*) FROM whatsapp_webhook_receipt WHERE status = 'pending' AND attempts = 0`)) === 0
        },
        { timeout: 240_000, interval: 500 }
      )
      const stuck = await dbConnection.raw(
        `SELECT status, count(*)::int AS n FROM whatsapp_webhook_receipt
          WHERE (status = 'pending' AND (next_attempt_at IS NULL OR last_error IS NULL)) OR (status IN ('failed', 'ignored') AND last_error IS NULL)
          GROUP BY status`
      )
      expect(stuck.rows).toEqual([])
      const byStatus = (await dbConnection.raw(`SELECT status, count(*)::int AS n FROM whatsapp_webhook_receipt GROUP BY status ORDER BY status`)).rows
      console.log(`webhook fuzz: receipts ${JSON.stringify(byStatus)}`)

      const contacts = (await dbConnection.raw(`SELECT wa_id FROM whatsapp_contact`)).rows.map((r: any) => r.wa_id)
      expect(contacts.filter((w: string) => canonicalWaId(w) !== w)).toEqual([])
      expect(await scalar(`SELECT count(*) FROM whatsapp_message WHERE direction = 'outbound'`)).toBe(0)
      expect(await promotions()).toBe(before.promotions)
      expect(await scalar(`SELECT count(*) FROM whatsapp_contact WHERE marketing_consent_at IS NOT NULL`)).toBe(before.consent)
      expect((await dbConnection.raw(`SELECT count(*)::int AS n FROM whatsapp_template WHERE status <> 'APPROVED'`)).rows[0].n).toBe(0)

      // A valid webhook after all that poison is applied within one sweep interval.
      whatsapp().receipts().startSweeper()
      await post(api, envelope("messages", messagesValue({ messages: [text("66817000001")] })))
      await waitFor(async () => (await scalar(`SELECT count(*) FROM whatsapp_message WHERE wa_id = '66817000001'`)) === 1, { timeout: 15_000 })
    })
  },
})
