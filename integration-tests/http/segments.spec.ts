import { medusaIntegrationTestRunner } from "@medusajs/test-utils"
import { Client as PgClient } from "pg"
import { ContainerRegistrationKeys, Modules, generateEntityId } from "@medusajs/framework/utils"
import { adminHeaders } from "../helpers/admin"
import { inboundText, metaJson, sign } from "../helpers/webhooks"
import { waitFor } from "../helpers/time"
import { DAY, EXPECTED_DEFAULT_TAGS, EXPECTED_RFM, createSegmentFixture } from "../helpers/segments-fixture"
import { quintileScores, rfmSegment } from "../../src/modules/whatsapp/domain/rfm"
import { DEFAULT_SEGMENT_SETTINGS, autoTagsFor, topPercentCut } from "../../src/modules/whatsapp/domain/tag-rules"
import { evaluateRule, parseSegmentRules, type SegmentRow } from "../../src/modules/whatsapp/domain/segment-rules"
import { whatsappOf } from "../helpers/app"

jest.setTimeout(180_000)

// No sandbox here: the mark-reads and auto-replies the inbound webhooks trigger fail fast instead of
// reaching a sandbox someone left running on the default port 8787.
process.env.WHATSAPP_BASE_URL = "http://127.0.0.1:9"

type Fixture = Awaited<ReturnType<typeof createSegmentFixture>>

medusaIntegrationTestRunner({
  testSuite: ({ api, getContainer }) => {
    let fx: Fixture
    let headers: Record<string, string>
    const pg = () => getContainer().resolve(ContainerRegistrationKeys.PG_CONNECTION)
    const whatsapp = whatsappOf(getContainer)
    const keyOf = (customerId: string) => Object.entries(fx.id).find(([, v]) => v === customerId)![0]
    const ok = (p: Promise<any>) => p.catch((e: any) => e.response)

    /** customer key → sorted tag names (auto and manual) */
    async function tagsByKey(source?: "auto" | "manual"): Promise<Record<string, string[]>> {
      const { rows } = await pg().raw(
        `SELECT ct.customer_id, t.name FROM whatsapp_customer_tag ct JOIN whatsapp_tag t ON t.id = ct.tag_id
         WHERE ct.deleted_at IS NULL ${source ? "AND ct.source = ?" : ""}`,
        source ? [source] : []
      )
      const out: Record<string, string[]> = Object.fromEntries(Object.keys(fx.id).map((k) => [k, []]))
      for (const r of rows) out[keyOf(r.customer_id)]?.push(r.name)
      for (const k of Object.keys(out)) out[k].sort()
      return out
    }
    const sorted = (m: Record<string, string[]>) => Object.fromEntries(Object.entries(m).map(([k, v]) => [k, [...v].sort()]))

    async function metricsByKey() {
      const { rows } = await pg().raw(`SELECT *, total_spent::float8 AS spent, aov::float8 AS aov_f FROM whatsapp_customer_metric`)
      return Object.fromEntries(rows.map((r: any) => [keyOf(r.customer_id), r]))
    }

    beforeAll(async () => {
      fx = await createSegmentFixture(getContainer())
      headers = (await adminHeaders(getContainer())).headers
    })

    describe("full recompute over the fixture", () => {
      it("lands every customer in the expected metrics, tags and RFM cells", async () => {
        const res = await api.post("/admin/whatsapp/segments/recompute", {}, { headers })
        expect(res.status).toBe(200)
        expect(res.data.result).toMatchObject({ mode: "full", customers: 9, currency_code: "eur" })
        // Percent bands over the fixture: top 20% AOV is C's 5000, top 5% spend is C's 5000.
        expect(res.data.result.thresholds).toEqual({ aov_high_min: 5000, vip_min_spent: 5000 })

        expect(await tagsByKey()).toEqual(sorted(EXPECTED_DEFAULT_TAGS))

        const m = await metricsByKey()
        for (const [k, cell] of Object.entries(EXPECTED_RFM)) {
          const got = [m[k].rfm_recency, m[k].rfm_frequency, m[k].rfm_monetary, m[k].rfm_segment]
          expect([k, ...got]).toEqual([k, ...(cell ?? [null, null, null, null])])
        }

        // A, metric by metric.
        const a = m.A
        expect(a.order_count).toBe(4)
        expect(new Date(a.first_order_at).getTime()).toBe(fx.T0 - 100 * DAY)
        expect(new Date(a.last_order_at).getTime()).toBe(fx.T0 - 10 * DAY)
        expect(a.avg_gap_days).toBeCloseTo(30, 5)
        expect(a.spent).toBe(1200)
        expect(a.aov_f).toBe(300)
        expect(a.raw_total_spent).toEqual({ value: "1200", precision: 20 })
        expect(a.currency_code).toBe("eur")
        expect(new Date(a.expected_next_order_at).getTime()).toBe(fx.T0 + 20 * DAY)
        expect(a.overdue).toBe(false)
        expect(a.replies_7d).toBe(1)
        expect(a.replies_30d).toBe(2)
        expect(new Date(a.last_inbound_at).getTime()).toBe(fx.T0 - 2 * DAY)
        expect(new Date(a.last_contacted_at).getTime()).toBe(fx.T0 - 1 * DAY)
        expect(a.has_contact).toBe(true)
        expect(a.country_code).toBe("TH")

        // Canceled orders do not count (F's 99 999 one, E's only one); other currencies count as orders, not amounts.
        expect([m.F.order_count, m.F.spent, m.F.avg_gap_days]).toEqual([3, 3000, 29.5])
        expect([m.E.order_count, m.E.spent, m.E.aov_f, m.E.first_order_at]).toEqual([0, 0, null, null])
        expect([m.G.order_count, m.G.spent, m.G.aov_f]).toEqual([1, 0, null])
        expect(m.B.overdue).toBe(true)
        expect(new Date(m.B.last_read_at).getTime()).toBe(fx.T0 - 40 * DAY)
        expect(m.C.country_code).toBe("SG") // no saved address: the latest order's shipping country
        expect(m.H.has_contact).toBe(true)
        expect(m.I.has_contact).toBe(false)

        // Idempotent: a second run changes no tag.
        const again = await api.post("/admin/whatsapp/segments/recompute", {}, { headers })
        expect([again.data.result.tags_added, again.data.result.tags_removed, again.data.result.metrics_changed]).toEqual([0, 0, 0])
        expect(await tagsByKey()).toEqual(sorted(EXPECTED_DEFAULT_TAGS))
      })

      it("shows one customer's metrics, RFM and tags", async () => {
        await whatsapp().segmentation().recompute()
        const res = await api.get(`/admin/whatsapp/customers/${fx.id.A}/segmentation`, { headers })
        expect(res.status).toBe(200)
        expect(res.data.metrics).toMatchObject({ order_count: 4, total_spent: 1200, aov: 300, rfm_segment: "Loyal", rfm_recency: 3 })
        expect(res.data.marketing_consent).toBe("granted")
        expect(res.data.tags.map((t: any) => t.name).sort()).toEqual([...EXPECTED_DEFAULT_TAGS.A].sort())
        expect(res.data.tags.every((t: any) => t.source === "auto")).toBe(true)
        const missing = await ok(api.get(`/admin/whatsapp/customers/cus_nope/segmentation`, { headers }))
        expect(missing.status).toBe(404)
      })
    })

    it("SQL and the domain rules agree on a random store", async () => {
      // 40 customers with random histories; the reference is the domain's JS (quintileScores,
      // rfmSegment, topPercentCut, autoTagsFor), itself pinned by hand-worked unit tests.
      const container = getContainer()
      let seed = 20260601
      const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed / 2147483648)
      const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1))
      const T0 = Date.now() - 3_600_000
      const now = new Date(T0 + 3_600_000)
      const made = await container
        .resolve(Modules.CUSTOMER)
        .createCustomers(Array.from({ length: 40 }, (_, i) => ({ first_name: `R${i}`, email: `r${i}@random.test` })))
      type Plan = { id: string; orders: { at: Date; total: number; canceled: boolean }[]; inbound: Date | null; read: Date | null; contact: boolean }
      const plans: Plan[] = made.map((c: any) => {
        const n = int(0, 7)
        const orders = Array.from({ length: n }, () => ({ at: new Date(T0 - int(0, 800) * DAY), total: int(5, 300) * 10, canceled: rnd() < 0.1 }))
        const contact = rnd() < 0.6
        return {
          id: c.id,
          orders,
          contact,
          inbound: contact && rnd() < 0.6 ? new Date(T0 - int(0, 60) * DAY) : null,
          read: contact && rnd() < 0.5 ? new Date(T0 - int(0, 60) * DAY) : null,
        }
      })
      const all = plans.flatMap((p) => p.orders.map((o) => ({ p, o })))
      const created = await container
        .resolve(Modules.ORDER)
        .createOrders(
          all.map(({ p, o }, i) => ({ customer_id: p.id, currency_code: "eur", metadata: { i }, items: [{ title: "x", quantity: 1, unit_price: o.total }] }))
        )
      // createOrders does not return the orders in input order: match them by metadata.
      const planned = (o: any) => all[o.metadata.i]
      for (const o of created) await pg().raw(`UPDATE "order" SET created_at = ? WHERE id = ?`, [planned(o).o.at, o.id])
      const toCancel = created.filter((o: any) => planned(o).o.canceled).map((o: any) => o.id)
      if (toCancel.length) await container.resolve(Modules.ORDER).cancel(toCancel)
      for (const [i, p] of plans.entries()) {
        if (!p.contact) continue
        const c = await whatsapp().linkContactToCustomer(`6689${String(i).padStart(7, "0")}`, p.id)
        for (const [dir, when] of [
          ["inbound", p.inbound],
          ["outbound", p.read],
        ] as const) {
          if (!when) continue
          await pg().raw(
            `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, customer_id, type, status, received_at, read_at, created_at)
             VALUES (?, ?, ?, ?, 'x', ?, 'text', 'received', ?, ?, ?)`,
            [generateEntityId(undefined, "wamsg"), `r:${p.id}:${dir}`, dir, c.id, p.id, dir === "inbound" ? when : null, dir === "outbound" ? when : null, when]
          )
        }
      }

      await whatsapp().segmentation().recompute({ now })

      // The reference, over the random customers together with the fixture's.
      const { rows: sqlRows } = await pg().raw(`SELECT *, total_spent::float8 AS spent, aov::float8 AS aov_f FROM whatsapp_customer_metric`)
      const byId = new Map(sqlRows.map((r: any) => [r.customer_id, r]))
      const ref = plans.map((p) => {
        const valid = p.orders.filter((o) => !o.canceled).map((o) => ({ ...o, t: o.at.getTime() }))
        const n = valid.length
        const first = n ? Math.min(...valid.map((o) => o.t)) : null
        const last = n ? Math.max(...valid.map((o) => o.t)) : null
        const spent = valid.reduce((s, o) => s + o.total, 0)
        return {
          id: p.id,
          order_count: n,
          last_order_at: last === null ? null : new Date(last),
          avg_gap_days: n >= 2 ? (last! - first!) / DAY / (n - 1) : null,
          total_spent: spent,
          aov: n ? Math.round((spent / n) * 1e4) / 1e4 : null,
          last_inbound_at: p.inbound,
          last_read_at: p.read,
          has_contact: p.contact,
        }
      })
      // Quintiles and percent bands are over every buying customer in the store, fixture included.
      const buyers = sqlRows.filter((r: any) => r.order_count > 0)
      const R = quintileScores(buyers.map((r: any) => new Date(r.last_order_at).getTime()))
      const F = quintileScores(buyers.map((r: any) => r.order_count))
      const M = quintileScores(buyers.map((r: any) => r.spent))
      const score = new Map(buyers.map((r: any, i: number) => [r.customer_id, [R[i], F[i], M[i]]]))
      const thresholds = {
        aov_high_min: topPercentCut(
          buyers.filter((r: any) => r.aov_f !== null).map((r: any) => r.aov_f),
          20
        ),
        vip_min_spent: topPercentCut(
          buyers.filter((r: any) => r.spent > 0).map((r: any) => r.spent),
          5
        ),
      }
      const { rows: tagRows } = await pg().raw(
        `SELECT ct.customer_id, t.name FROM whatsapp_customer_tag ct JOIN whatsapp_tag t ON t.id = ct.tag_id WHERE ct.source = 'auto'`
      )
      let checked = 0
      for (const r of ref) {
        const s: any = byId.get(r.id)
        expect([r.id, s.order_count, s.spent]).toEqual([r.id, r.order_count, r.total_spent])
        if (r.avg_gap_days === null) expect(s.avg_gap_days).toBeNull()
        else expect(s.avg_gap_days).toBeCloseTo(r.avg_gap_days, 3)
        const sc = score.get(r.id) as number[] | undefined
        const segment = sc ? rfmSegment(sc[0], sc[1], sc[2]) : null
        expect([r.id, s.rfm_recency, s.rfm_frequency, s.rfm_monetary, s.rfm_segment]).toEqual([r.id, ...(sc ?? [null, null, null]), segment])
        const want = autoTagsFor({ ...r, rfm_segment: segment }, DEFAULT_SEGMENT_SETTINGS, thresholds, now).sort()
        const got = tagRows
          .filter((t: any) => t.customer_id === r.id)
          .map((t: any) => t.name)
          .sort()
        expect([r.id, ...got]).toEqual([r.id, ...want])
        checked++
      }
      expect(checked).toBe(40)
      // The random store does exercise every frequency band and several RFM segments.
      const names = new Set(tagRows.map((t: any) => t.name))
      for (const t of [
        "frequency:monthly",
        "frequency:quarterly",
        "frequency:occasional",
        "frequency:one-time",
        "frequency:lapsed",
        "aov:low",
        "aov:mid",
        "aov:high",
        "engaged:7d",
        "dormant:30d",
        "vip",
      ]) {
        expect([t, names.has(t)]).toEqual([t, true])
      }
      expect([...names].filter((n) => n.startsWith("rfm:")).length).toBeGreaterThanOrEqual(5)
    })

    describe("settings", () => {
      it("changed thresholds change the tags", async () => {
        await whatsapp().segmentation().recompute()
        const get = await api.get("/admin/whatsapp/segments/settings", { headers })
        expect(get.data.settings).toEqual(DEFAULT_SEGMENT_SETTINGS)

        const res = await api.post(
          "/admin/whatsapp/segments/settings",
          {
            frequency: { monthly_max_days: 25 },
            aov: { low_below: 260, high: { mode: "min_amount", min_amount: 900 } },
            engagement: { engaged_days: 1 },
            vip: { mode: "min_spent", min_spent: 1000 },
          },
          { headers }
        )
        expect(res.status).toBe(200)
        expect(res.data.settings.frequency).toEqual({ monthly_max_days: 25, quarterly_max_days: 120, lapsed_multiplier: 1.5 })
        expect(res.data.recompute.thresholds).toEqual({ aov_high_min: 900, vip_min_spent: 1000 })

        const tags = await tagsByKey()
        // A (gap 30) and F (29.5) are no longer monthly; D's AOV 250 is now low; F's 1000 is high;
        // nobody has replied or read within 1 day, and engaged:7d is gone everywhere.
        expect(tags.A).toEqual(["aov:mid", "frequency:quarterly", "rfm:loyal", "vip"])
        expect(tags.F).toEqual(["aov:high", "frequency:quarterly", "rfm:loyal", "vip"])
        expect(tags.D).toEqual(["aov:low", "frequency:lapsed", "frequency:occasional", "rfm:hibernating"])
        expect(tags.C).toEqual(["aov:high", "frequency:one-time", "rfm:loyal", "vip"])
        expect(tags.H).toEqual([])
        expect(Object.values(tags).flat()).not.toContain("engaged:7d")

        // Back to 7 days: the engaged tag returns under its old name.
        await api.post("/admin/whatsapp/segments/settings", { frequency: { lapsed_multiplier: 1 }, engagement: { engaged_days: 7 } }, { headers })
        expect((await tagsByKey()).A).toContain("engaged:7d")

        const back = await api.get("/admin/whatsapp/segments/settings", { headers })
        expect(back.data.settings.frequency.monthly_max_days).toBe(25)
      })

      it("invalid settings are refused with a message and change nothing", async () => {
        const bad = await ok(api.post("/admin/whatsapp/segments/settings", { frequency: { monthly_max_days: 200 } }, { headers }))
        expect(bad.status).toBe(400)
        expect(bad.data.message).toMatch(/settings.frequency.quarterly_max_days: must be greater than frequency.monthly_max_days \(200\), got 120/)
        const bad2 = await ok(api.post("/admin/whatsapp/segments/settings", { vip: { mode: "top_percent", top_percent: "ten" } }, { headers }))
        expect(bad2.status).toBe(400)
        expect(bad2.data.message).toMatch(/settings.vip/)
        const get = await api.get("/admin/whatsapp/segments/settings", { headers })
        expect(get.data.settings).toEqual(DEFAULT_SEGMENT_SETTINGS)
      })
    })

    describe("manual tags", () => {
      it("survive recomputation, pin an automatic tag, and only manual ones can be removed by hand", async () => {
        await whatsapp().segmentation().recompute()
        const add = (k: string, name: string) => ok(api.post(`/admin/whatsapp/customers/${fx.id[k as "A"]}/tags`, { name }, { headers }))
        expect((await add("A", "wholesale")).status).toBe(201)
        expect((await add("B", "vip")).status).toBe(201)
        expect((await add("C", "vip")).status).toBe(201) // C is vip automatically: now pinned by hand
        expect((await add("I", "  ลูกค้าประจำ  ")).data.tags.map((t: any) => t.name)).toEqual(["ลูกค้าประจำ"])

        const reserved = await add("A", "frequency:monthly")
        expect(reserved.status).toBe(400)
        expect(reserved.data.message).toMatch(/automatic/)

        // Removing an automatic tag by hand is refused.
        const auto = await ok(api.delete(`/admin/whatsapp/customers/${fx.id.A}/tags/${encodeURIComponent("frequency:monthly")}`, { headers }))
        expect(auto.status).toBe(400)
        expect(auto.data.message).toMatch(/automatic tag/)

        // Recompute with VIP off: automatic vip links go; the manual ones stay.
        await api.post("/admin/whatsapp/segments/settings", { vip: { mode: "off" } }, { headers })
        await whatsapp().segmentation().recompute()
        const manual = await tagsByKey("manual")
        expect(manual).toMatchObject({ A: ["wholesale"], B: ["vip"], C: ["vip"], I: ["ลูกค้าประจำ"] })
        const all = await tagsByKey()
        expect(all.A).toEqual([...EXPECTED_DEFAULT_TAGS.A, "wholesale"].sort())
        expect(all.C).toContain("vip")

        // Removing a manual tag works, by name or id; twice is 404.
        const del = await ok(api.delete(`/admin/whatsapp/customers/${fx.id.A}/tags/wholesale`, { headers }))
        expect(del.status).toBe(200)
        expect(del.data.tags.map((t: any) => t.name)).not.toContain("wholesale")
        expect((await ok(api.delete(`/admin/whatsapp/customers/${fx.id.A}/tags/wholesale`, { headers }))).status).toBe(404)
      })
    })

    it("two full recomputes at once serialise and leave a consistent state; incremental runs interleave safely", async () => {
      const svc = whatsapp()
      const runs = await Promise.all([
        svc.segmentation().recompute(),
        svc.segmentation().recompute({ customerId: fx.id.A }),
        svc.segmentation().recompute(),
        svc.segmentation().recompute({ customerId: fx.id.B }),
        svc.segmentation().recompute({ customerId: fx.id.A }),
      ])
      const full = runs.filter((r: any) => r.mode === "full").sort((a: any, b: any) => a.locked_at.localeCompare(b.locked_at))
      expect(full).toHaveLength(2)
      // The second full run got its lock only after the first had done all its work. Not against the
      // first's finished_at: that is read when COMMIT's answer reaches us on another connection, which
      // on a loaded box can come after the second's lock; finished_at - commit_ms is when the first
      // sent COMMIT, and the lock cannot be granted before that.
      const firstSentCommit = new Date(full[0].finished_at).getTime() - full[0].timings.commit_ms
      expect(new Date(full[1].locked_at).getTime()).toBeGreaterThanOrEqual(firstSentCommit)
      expect(await tagsByKey()).toEqual(sorted(EXPECTED_DEFAULT_TAGS))
      const dup = await pg().raw(
        `SELECT customer_id, tag_id, count(*) FROM whatsapp_customer_tag GROUP BY 1, 2 HAVING count(*) > 1
         UNION ALL SELECT customer_id, NULL, count(*) FROM whatsapp_customer_metric GROUP BY 1 HAVING count(*) > 1`
      )
      expect(dup.rows).toEqual([])
      const tagNames = await pg().raw(`SELECT name, count(*) FROM whatsapp_tag GROUP BY name HAVING count(*) > 1`)
      expect(tagNames.rows).toEqual([])
    })

    it("a manual tag added while a recompute inserts the same link makes it redo the insert, not fail", async () => {
      await whatsapp().segmentation().recompute()
      const tag = (await pg().raw(`SELECT id FROM whatsapp_tag WHERE name = 'frequency:monthly'`)).rows[0].id
      // A's link is missing (as for a tag just earned) and another session adds it by hand meanwhile.
      await pg().raw(`DELETE FROM whatsapp_customer_tag WHERE customer_id = ? AND tag_id = ?`, [fx.id.A, tag])
      const other = await pg().transaction()
      await other.raw(`INSERT INTO whatsapp_customer_tag (id, customer_id, tag_id, source) VALUES (?, ?, ?, 'manual')`, [
        generateEntityId(undefined, "wactg"),
        fx.id.A,
        tag,
      ])
      const run = whatsapp().segmentation().recompute()
      // The recompute's insert of (A, frequency:monthly) now waits on the other session's uncommitted
      // key. Watched from a connection of its own (the app's pool may be busy with the two above);
      // pg_stat_activity keeps only the first 1 kB of a query, hence the match on its start.
      const watcher = new PgClient({ connectionString: getContainer().resolve("configModule").projectConfig.databaseUrl })
      await watcher.connect()
      try {
        await waitFor(async () => {
          const { rows } = await watcher.query(
            `SELECT count(*)::int AS n FROM pg_stat_activity
             WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH desired AS%'`
          )
          return rows[0].n > 0 ? true : null
        })
        await other.commit()
      } finally {
        if (!other.isCompleted()) await other.rollback()
        await watcher.end()
      }
      const result = await run
      expect(result.tags_retried).toBe(true)
      const links = await pg().raw(`SELECT source FROM whatsapp_customer_tag WHERE customer_id = ? AND tag_id = ?`, [fx.id.A, tag])
      expect(links.rows).toEqual([{ source: "manual" }])
      expect(await tagsByKey()).toEqual(sorted(EXPECTED_DEFAULT_TAGS))
    })

    describe("incremental recompute", () => {
      it("an order placed updates that customer against the stored cut-points", async () => {
        const container = getContainer()
        await whatsapp().segmentation().recompute()
        const before = await metricsByKey()
        // G buys again today, in EUR.
        const order = await container.resolve(Modules.ORDER).createOrders({
          customer_id: fx.id.G,
          currency_code: "eur",
          items: [{ title: "Item", quantity: 2, unit_price: 400 }],
        })
        await container.resolve(Modules.EVENT_BUS).emit({ name: "order.placed", data: { id: order.id } })
        const g = await waitFor(async () => {
          const m = (await metricsByKey()).G
          return m.order_count === 2 ? m : null
        })
        expect(g.spent).toBe(800)
        // Stored cut-points from the full run (see EXPECTED_RFM): recency at G, A, C, F's last orders;
        // frequency 2, 3, 4, 4; monetary 500, 1200, 3000, 5000. Today ≥ all four → R=5; 2 orders ≥ one
        // cut → F=2; 800 EUR ≥ one cut → M=2; FM=2 → Potential Loyalist.
        expect([g.rfm_recency, g.rfm_frequency, g.rfm_monetary, g.rfm_segment]).toEqual([5, 2, 2, "Potential Loyalist"])
        // Nobody else moved: the cut-points were not recomputed.
        const after = await metricsByKey()
        for (const k of ["A", "B", "C", "D", "F"])
          expect([k, after[k].rfm_segment, after[k].computed_at]).toEqual([k, before[k].rfm_segment, before[k].computed_at])
        const tags = await tagsByKey()
        expect(tags.G).toEqual(["aov:mid", "frequency:monthly", "rfm:potential-loyalist"])

        // Canceling it takes it back out.
        await container.resolve(Modules.ORDER).cancel(order.id)
        await container.resolve(Modules.EVENT_BUS).emit({ name: "order.canceled", data: { id: order.id } })
        await waitFor(async () => ((await metricsByKey()).G.order_count === 1 ? true : null))
        expect((await tagsByKey()).G).toEqual(EXPECTED_DEFAULT_TAGS.G.slice().sort())
      })

      it("an inbound WhatsApp message updates the customer's engagement", async () => {
        await whatsapp().segmentation().recompute()
        // B was dormant; B writes to us through the real webhook.
        const raw = metaJson(inboundText(fx.contacts.B.wa_id, "ยังมีของไหมครับ"))
        const res = await api.post("/hooks/whatsapp", raw, {
          headers: { "content-type": "application/json", "x-hub-signature-256": sign(raw) },
          transformRequest: [(d: unknown) => d],
        })
        expect(res.status).toBe(200)
        const b = await waitFor(async () => {
          const m = (await metricsByKey()).B
          return m.replies_7d === 1 ? m : null
        })
        expect(Date.now() - new Date(b.last_inbound_at).getTime()).toBeLessThan(60_000)
        const tags = await tagsByKey()
        expect(tags.B).toContain("engaged:7d")
        expect(tags.B).not.toContain("dormant:30d")
      })
    })

    describe("segments", () => {
      const preview = (rules: unknown) => ok(api.post("/admin/whatsapp/segments/preview", { rules, sample: 50 }, { headers }))
      const members = async (rules: unknown) => {
        const res = await preview(rules)
        expect(res.status).toBe(200)
        return { keys: res.data.sample.map((m: any) => keyOf(m.customer_id)).sort(), members: res.data.members, consented: res.data.consented }
      }

      it("rules evaluate as specified over the fixture", async () => {
        await whatsapp().segmentation().recompute()
        const cases: [unknown, string[], number][] = [
          [
            {
              all: [
                { type: "tag", op: "has", tag: "frequency:monthly" },
                { type: "consent", value: "granted" },
              ],
            },
            ["A"],
            1,
          ],
          [{ all: [{ type: "tag", op: "has", tag: "frequency:monthly" }] }, ["A", "F"], 1],
          [
            {
              any: [
                { type: "tag", op: "has", tag: "vip" },
                { type: "metric", metric: "total_spent", op: "gte", value: 3000 },
              ],
            },
            ["C", "F"],
            0,
          ],
          [{ all: [{ type: "metric", metric: "days_since_last_order", op: "gt", value: 100 }] }, ["B", "D"], 0],
          [{ all: [{ type: "metric", metric: "order_count", op: "eq", value: 0 }] }, ["E", "H", "I"], 1],
          [{ all: [{ type: "metric", metric: "aov", op: "lt", value: 260 }] }, ["B", "D"], 0],
          [{ all: [{ type: "metric", metric: "replies_30d", op: "gte", value: 2 }] }, ["A"], 1],
          [{ all: [{ type: "country", op: "in", values: ["th", "SG"] }] }, ["A", "C"], 1],
          [{ all: [{ type: "country", op: "not_in", values: ["TH"] }] }, ["C"], 0],
          [{ all: [{ type: "last_contacted", op: "within_days", days: 7 }] }, ["A", "F"], 1],
          [{ all: [{ type: "last_contacted", op: "not_within_days", days: 7 }] }, ["B", "C", "D", "E", "G", "H", "I"], 1],
          [{ all: [{ type: "last_contacted", op: "before", date: new Date(fx.T0 - 10 * DAY).toISOString() }] }, ["B"], 0],
          [{ all: [{ type: "consent", value: "unknown" }] }, ["B", "C", "D", "E", "G", "I"], 0],
          [{ all: [{ type: "consent", value: "revoked" }] }, ["F"], 0],
          [{ all: [{ type: "rfm_segment", op: "in", values: ["Hibernating"] }] }, ["B", "D", "G"], 0],
          [
            {
              any: [
                { all: [{ type: "tag", op: "has", tag: "aov:high" }] },
                {
                  all: [
                    { type: "metric", metric: "order_count", op: "gte", value: 3 },
                    { type: "tag", op: "has_not", tag: "frequency:lapsed" },
                  ],
                },
              ],
            },
            ["A", "C", "F"],
            1,
          ],
        ]
        // Also against the domain's evaluator on the same rows: the SQL and the JS meaning agree.
        const { rows } = await pg().raw(`SELECT m.*, m.total_spent::float8 AS spent, m.aov::float8 AS aov_f FROM whatsapp_customer_metric m`)
        const { rows: contactRows } = await pg().raw(`SELECT customer_id, marketing_consent, last_outbound_at FROM whatsapp_contact`)
        const tags = await tagsByKey()
        const now = new Date()
        for (const [rules, expected, consented] of cases) {
          const got = await members(rules)
          expect([JSON.stringify(rules), got.keys]).toEqual([JSON.stringify(rules), expected])
          expect([JSON.stringify(rules), got.consented]).toEqual([JSON.stringify(rules), consented])
          const parsed = parseSegmentRules(rules)
          if (!parsed.success) throw new Error(parsed.errors.join())
          const js = rows
            .filter((r: any) => {
              const k = keyOf(r.customer_id)
              const c = contactRows.find((x: any) => x.customer_id === r.customer_id)
              const row: SegmentRow = {
                ...r,
                total_spent: r.spent,
                aov: r.aov_f,
                tags: tags[k],
                marketing_consent: c?.marketing_consent ?? "unknown",
                last_contacted_at: c?.last_outbound_at ?? null,
              }
              return evaluateRule(parsed.rules, row, now)
            })
            .map((r: any) => keyOf(r.customer_id))
            .sort()
          expect([JSON.stringify(rules), js]).toEqual([JSON.stringify(rules), expected])
        }
      })

      it("CRUD, live counts and paged members", async () => {
        await whatsapp().segmentation().recompute()
        const rules = {
          any: [
            { type: "tag", op: "has", tag: "engaged:7d" },
            { type: "tag", op: "has", tag: "frequency:lapsed" },
          ],
        }
        const created = await api.post("/admin/whatsapp/segments", { name: "Warm or late", description: "win-back", rules }, { headers })
        expect(created.status).toBe(201)
        expect(created.data.segment).toMatchObject({ name: "Warm or late", members: 5, consented: 2, rules })
        const id = created.data.segment.id

        const dupe = await ok(api.post("/admin/whatsapp/segments", { name: "Warm or late", rules }, { headers }))
        expect(dupe.status).toBe(422)
        expect(dupe.data.message).toMatch(/already exists/)

        const list = await api.get("/admin/whatsapp/segments", { headers })
        expect(list.data.segments.map((s: any) => [s.name, s.members, s.consented])).toEqual([["Warm or late", 5, 2]])

        const page1 = await api.get(`/admin/whatsapp/segments/${id}/members?limit=3&offset=0`, { headers })
        const page2 = await api.get(`/admin/whatsapp/segments/${id}/members?limit=3&offset=3`, { headers })
        expect(page1.data.count).toBe(5)
        const keys = [...page1.data.members, ...page2.data.members].map((m: any) => keyOf(m.customer_id)).sort()
        expect(keys).toEqual(["A", "B", "D", "F", "H"])
        expect(page1.data.members[0]).toEqual(
          expect.objectContaining({ first_name: expect.any(String), email: expect.stringMatching(/@fixture.test$/), marketing_consent: expect.any(String) })
        )
        const consented = await api.get(`/admin/whatsapp/segments/${id}/members?consented_only=true`, { headers })
        expect(consented.data.members.map((m: any) => keyOf(m.customer_id)).sort()).toEqual(["A", "H"])
        expect(consented.data.members.find((m: any) => keyOf(m.customer_id) === "A").phone).toBe("0810000001")

        const updated = await ok(
          api.post(`/admin/whatsapp/segments/${id}`, { rules: { all: [{ type: "tag", op: "has", tag: "frequency:lapsed" }] } }, { headers })
        )
        expect([updated.status, updated.data.message]).toEqual([200, undefined])
        expect(updated.data.segment).toMatchObject({ name: "Warm or late", description: "win-back", members: 2, consented: 0 })
        const badUpdate = await ok(api.post(`/admin/whatsapp/segments/${id}`, { rules: { all: [] } }, { headers }))
        expect(badUpdate.status).toBe(400)
        expect(badUpdate.data.message).toMatch(/rules.all: all needs at least one rule/)

        expect((await api.get(`/admin/whatsapp/segments/${id}`, { headers })).data.segment.members).toBe(2)
        expect((await api.delete(`/admin/whatsapp/segments/${id}`, { headers })).data.deleted).toBe(true)
        expect((await ok(api.get(`/admin/whatsapp/segments/${id}`, { headers }))).status).toBe(404)
      })

      it("invalid rules are rejected with a message that names the place", async () => {
        const cases: [unknown, RegExp][] = [
          [{ all: [{ type: "metric", metric: "ltv", op: "gt", value: 1 }] }, /rules.all\[0\].metric: unknown metric "ltv"; expected one of: order_count/],
          [{ any: [{ type: "tag", op: "has" }] }, /rules.any\[0\].tag: tag must be a tag name/],
          [{ type: "consent", value: "granted" }, /the top level must be a group/],
          [{ all: [{ all: [{ all: [{ all: [{ all: [{ all: [{ type: "consent", value: "granted" }] }] }] }] }] }] }, /nested 6 groups deep; at most 5/],
          [{ all: [{ type: "country", op: "in", values: ["Thailand"] }] }, /two-letter ISO code/],
          [{ all: [{ type: "last_contacted", op: "before", date: "last week" }] }, /rules.all\[0\].date: date must be an ISO date/],
        ]
        for (const [rules, message] of cases) {
          const p = await preview(rules)
          expect([JSON.stringify(rules), p.status]).toEqual([JSON.stringify(rules), 400])
          expect(p.data.message).toMatch(message)
          const c = await ok(api.post("/admin/whatsapp/segments", { name: "bad", rules }, { headers }))
          expect(c.status).toBe(400)
          expect(c.data.message).toMatch(message)
        }
        expect((await api.get("/admin/whatsapp/segments", { headers })).data.count).toBe(0)
        // A hostile tag name is only ever a value.
        const hostile = await members({ all: [{ type: "tag", op: "has_not", tag: "x'); DROP TABLE customer; --" }] })
        expect(hostile.keys).toHaveLength(9)
      })
    })

    it("dashboard: customers per band for every built-in dimension", async () => {
      await whatsapp().segmentation().recompute()
      const res = await api.get("/admin/whatsapp/segments/dashboard", { headers })
      expect(res.status).toBe(200)
      expect(res.data).toMatchObject({ customers: 9, consented: 2, with_metrics: 9 })
      const dim = (key: string) => res.data.dimensions.find((d: any) => d.key === key)
      const bands = (key: string) => Object.fromEntries(dim(key).bands.map((b: any) => [b.tag, b.customers]))
      expect(bands("frequency")).toEqual({ "frequency:monthly": 2, "frequency:quarterly": 1, "frequency:occasional": 1, "frequency:one-time": 2 })
      expect(dim("frequency").none.customers).toBe(3)
      expect(bands("lapsed")).toEqual({ "frequency:lapsed": 2 })
      expect(bands("aov")).toEqual({ "aov:low": 1, "aov:mid": 3, "aov:high": 1 })
      expect(bands("engagement")).toEqual({ "engaged:7d": 3, "dormant:30d": 1 })
      expect(dim("engagement").bands.find((b: any) => b.tag === "engaged:7d").consented).toBe(2)
      expect(bands("rfm")).toMatchObject({ "rfm:loyal": 3, "rfm:hibernating": 3, "rfm:champions": 0 })
      expect(dim("rfm").none.customers).toBe(3)
      expect(bands("vip")).toEqual({ vip: 1 })
      expect(res.data.tags.find((t: any) => t.name === "frequency:monthly")).toMatchObject({ kind: "auto", customers: 2 })
    })
  },
})
