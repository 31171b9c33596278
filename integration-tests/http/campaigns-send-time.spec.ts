/**
 * Best-hour sends end to end: the planned time of each recipient comes from its own activity
 * (inbound messages by local hour, store time zone Asia/Bangkok), or the store's when it has
 * none; the claim never takes a recipient before its planned time, and the campaign waits for
 * the late ones instead of completing. The clock is real: "later" recipients are made due by
 * moving their planned time (planned_at and not_before together), as the hours passing would.
 */
import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { Sandbox } from "../../sandbox/src"
import { adminHeaders } from "../helpers/admin"
import { whatsappOf } from "../helpers/app"
import { PROMO, PROMO_PARAMS } from "../helpers/fixtures"
import { SANDBOX_PORTS } from "../helpers/ports"
import { pointPluginAtSandbox, resetAppSandbox, startAppSandbox } from "../helpers/sandbox"
import { sleep, waitFor } from "../helpers/time"

jest.setTimeout(180_000)

const SANDBOX_PORT = pointPluginAtSandbox(SANDBOX_PORTS.sendTime)
const HOUR = 3_600_000
const TZ = "Asia/Bangkok"
const localHour = (d: Date) => Number(new Intl.DateTimeFormat("en-US", { timeZone: TZ, hour: "2-digit", hourCycle: "h23" }).format(d))

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let sandbox: Sandbox
    let headers: any
    const whatsapp = whatsappOf(getContainer)
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION) as any

    beforeAll(async () => {
      sandbox = await startAppSandbox({ port: SANDBOX_PORT, templates: [PROMO as any] })
    })
    afterAll(async () => sandbox?.close())
    beforeEach(async () => {
      resetAppSandbox(sandbox, api, { pairRate: false })
      await whatsapp().syncTemplates()
      headers = (await adminHeaders(getContainer())).headers
      await whatsapp().setSetting("campaigns", { throughput_mps: 1000, messaging_tier: "unlimited", frequency_cap: null, quiet_hours: null, slots: 2 })
    })

    /** n consented contacts; each has `events` inbound messages on earlier days at the local hour of `at`. */
    async function contacts(n: number, history: { at: Date; events: number } | null) {
      const customers = await getContainer()
        .resolve(Modules.CUSTOMER)
        .createCustomers(Array.from({ length: n }, (_, i) => ({ first_name: `C${i}`, email: `st${i}-${Math.random().toString(36).slice(2)}@x.test` })))
      const out: { id: string; wa_id: string }[] = []
      for (let i = 0; i < n; i++) {
        const wa = `6682${String(Math.floor(Math.random() * 1e7)).padStart(7, "0")}`
        const id = `wacon_st${Math.random().toString(36).slice(2)}`
        await pg().raw(
          `INSERT INTO whatsapp_contact (id, wa_id, customer_id, marketing_consent, marketing_consent_at) VALUES (?, ?, ?, 'granted', now() - interval '1 day')`,
          [id, wa, customers[i].id]
        )
        for (let k = 1; k <= (history?.events ?? 0); k++) {
          await pg().raw(
            `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, type, status, text, created_at)
             VALUES (?, ?, 'inbound', ?, ?, 'text', 'received', 'hi', ?)`,
            [`wamsg_st${Math.random().toString(36).slice(2)}`, `in:${id}:${k}`, id, wa, new Date(history!.at.getTime() - k * 24 * HOUR)]
          )
        }
        out.push({ id, wa_id: wa })
      }
      return out
    }

    const recipients = async (campaignId: string) =>
      (
        await pg().raw(`SELECT contact_id, status, seq, planned_at, not_before, sent_at FROM whatsapp_campaign_recipient WHERE campaign_id = ? ORDER BY seq`, [
          campaignId,
        ])
      ).rows as { contact_id: string; status: string; seq: number; planned_at: Date | null; not_before: Date | null; sent_at: Date | null }[]
    const outboundTo = () => [...sandbox.state.outbound.values()].map((m: any) => m.to)

    it("plans each recipient at its best hour, sends none before it, and completes only when the late ones are sent", async () => {
      const now = new Date()
      const nowHourStart = new Date(Math.floor(now.getTime() / HOUR) * HOUR)
      const later = new Date(nowHourStart.getTime() + 3 * HOUR)
      const early = await contacts(3, { at: now, events: 4 })
      const late = await contacts(3, { at: later, events: 5 })
      // No history of their own: the store's busiest hour (late's, 15 events against 12).
      const none = await contacts(2, null)

      // The wizard's preview, before anything is frozen.
      const preview = await api.post("/admin/whatsapp/campaigns/send-times", { window_hours: 24 }, { headers })
      expect(preview.status).toBe(200)
      expect(preview.data.send_times.recipients).toBe(8)
      expect(preview.data.send_times.sources).toEqual({ customer: 6, store: 2, default: 0, now: 0 })
      expect(preview.data.send_times.spread.map((s: any) => [s.hour, s.count])).toEqual([
        [localHour(now), 3],
        [localHour(later), 5],
      ])

      const { data } = await api.post(
        "/admin/whatsapp/campaigns",
        {
          name: "Best hour",
          template_name: "summer_promo",
          template_language: "th",
          discount_code: "SUMMER10",
          parameters: PROMO_PARAMS,
          send_time: { mode: "best_hour", window_hours: 24 },
        },
        { headers }
      )
      expect(data.campaign.send_time).toEqual({ mode: "best_hour", window_hours: 24 })
      await api.post(`/admin/whatsapp/campaigns/${data.campaign.id}/start`, {}, { headers })

      await waitFor(() => (outboundTo().length >= 3 ? true : null), { timeout: 30_000, what: "the early recipients" })
      const rows = await recipients(data.campaign.id)
      const byContact = new Map(rows.map((r) => [r.contact_id, r]))
      for (const c of early) expect(new Date(byContact.get(c.id)!.planned_at!).getTime()).toBeLessThanOrEqual(Date.now())
      for (const c of [...late, ...none]) expect(new Date(byContact.get(c.id)!.planned_at!).toISOString()).toBe(later.toISOString())
      // Numbered in planned order: the keyset claim meets them as they fall due.
      expect(
        rows
          .slice(0, 3)
          .map((r) => r.contact_id)
          .sort()
      ).toEqual(early.map((c) => c.id).sort())

      // Time passes, but not to `later`: nothing more goes out and the campaign is still running.
      await sleep(3_000)
      expect(new Set(outboundTo())).toEqual(new Set(early.map((c) => c.wa_id)))
      expect((await whatsapp().campaigns().get(data.campaign.id)).status).toBe("running")
      expect((await recipients(data.campaign.id)).filter((r) => r.status === "queued")).toHaveLength(5)

      // Their hour comes (moved to 2 s from now): sent then, not earlier, and the campaign completes.
      const due = new Date(Date.now() + 2_000)
      await pg().raw(`UPDATE whatsapp_campaign_recipient SET planned_at = ?, not_before = ? WHERE campaign_id = ? AND status = 'queued'`, [
        due,
        due,
        data.campaign.id,
      ])
      await waitFor(async () => ((await whatsapp().campaigns().get(data.campaign.id)).status === "completed" ? true : null), {
        timeout: 30_000,
        what: "completion",
      })
      const final = await recipients(data.campaign.id)
      expect(final.map((r) => r.status)).toEqual(Array(8).fill("sent"))
      for (const r of final) expect(new Date(r.sent_at!).getTime()).toBeGreaterThanOrEqual(new Date(r.planned_at!).getTime())
      const to = outboundTo()
      expect(to).toHaveLength(8)
      expect(new Set(to)).toEqual(new Set([...early, ...late, ...none].map((c) => c.wa_id)))
    })

    it("refuses a bad send_time or preview body with a 400 naming the field", async () => {
      const bad = await api
        .post(
          "/admin/whatsapp/campaigns",
          { name: "x", template_name: "summer_promo", template_language: "th", send_time: { mode: "sometime", window_hours: 24 } },
          { headers }
        )
        .catch((e: any) => e.response)
      expect(bad.status).toBe(400)
      expect(bad.data.message).toMatch(/send_time/)
      const window = await api.post("/admin/whatsapp/campaigns/send-times", { window_hours: 0 }, { headers }).catch((e: any) => e.response)
      expect(window.status).toBe(400)
      expect(window.data.message).toMatch(/window_hours/)
      const tz = await api.post("/admin/whatsapp/campaigns/send-times", { timezone: "Mars/Base" }, { headers }).catch((e: any) => e.response)
      expect(tz.status).toBe(400)
      expect(tz.data.message).toMatch(/timezone/)
    })
  },
})
