/**
 * The measuring half of bench/notify.js, run by `medusa exec bench/lib/notify-run.ts` in the repo
 * root: that boots the app from the root medusa-config.ts (plugin from source, local event bus,
 * every subscriber loaded) in this process, so eventBus.emit("order.placed") goes through the real
 * subscriber → workflow → module → HTTP path into the sandbox. No bench code is added to src/.
 *
 * Input: env BENCH_NOTIFY (JSON, see Cfg). Progress lines go to cfg.progress (bench/notify.js shows them).
 * Output: a JSON file with raw per-event timings and the checks; bench/notify.js prints it.
 */
import fs from "node:fs"
import { ContainerRegistrationKeys, Modules } from "@medusajs/framework/utils"
import type { ExecArgs } from "@medusajs/framework/types"

type Cfg = {
  count: number
  warmup: number
  rate: number
  rounds: number
  sandboxUrl: string
  out: string
  progress: string
  drainSeconds: number
  /** Pid under which the embedded Postgres runs (its CPU is metered too), or null. */
  pgRoot: number | null
}

// CPU of a process tree from /proc (see bench/lib/stack.js).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const { treeCpuMs } = require("./stack")

/** CPU ms used by this process (the app: bus, subscribers, workflows, module) and by Postgres since the call. */
function cpuMeter(pgRoot: number | null) {
  const self0 = process.cpuUsage()
  const pg0 = pgRoot ? treeCpuMs(pgRoot) : NaN
  return () => {
    const self = process.cpuUsage(self0)
    return { app: (self.user + self.system) / 1000, postgres: pgRoot ? treeCpuMs(pgRoot) - pg0 : null }
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export default async function notifyBench({ container }: ExecArgs) {
  const cfg: Cfg = JSON.parse(process.env.BENCH_NOTIFY || "{}")
  const say = (line: string) => fs.appendFileSync(cfg.progress, `${line}\n`)
  const whatsapp: any = container.resolve("whatsapp")
  const pg: any = container.resolve(ContainerRegistrationKeys.PG_CONNECTION)
  const eventBus: any = container.resolve(Modules.EVENT_BUS)
  const customers: any = container.resolve(Modules.CUSTOMER)
  const orders: any = container.resolve(Modules.ORDER)
  const regions: any = container.resolve(Modules.REGION)
  const total = cfg.warmup + cfg.count
  let t = Date.now()

  // ---------------------------------------------------------------- setup (not measured)
  const synced = await whatsapp.syncTemplates()
  // customer.created would send a welcome per customer made below: turn it off.
  const [welcome] = (await whatsapp.notifications().mappings()).filter((m: any) => m.event === "customer.created")
  await whatsapp.notifications().saveMapping({ ...welcome, enabled: false })
  const [region] = await regions.createRegions([{ name: "Thailand", currency_code: "thb", countries: ["th"] }])

  const made: { id: string; email: string; phone: string; first_name: string }[] = []
  for (let from = 0; from < total; from += 100) {
    const batch = Array.from({ length: Math.min(100, total - from) }, (_, j) => {
      const i = from + j
      const phone = `086${String(3_000_000 + i).padStart(7, "0")}` // 086 300 0000 + i → wa_id 66863…
      return { first_name: `ลูกค้า${i}`, last_name: "ทดสอบ", email: `bench${i}@example.com`, phone, metadata: { whatsapp_opt_in: true } }
    })
    made.push(...(await customers.createCustomers(batch)))
  }
  const ordersMade: any[] = []
  for (let from = 0; from < total; from += 100) {
    const batch = made.slice(from, from + 100).map((c) => ({
      region_id: region.id,
      customer_id: c.id,
      email: c.email,
      currency_code: "thb",
      items: [
        { title: "เสื้อยืด", quantity: 2, unit_price: 450 },
        { title: "หมวก", quantity: 1, unit_price: 350 },
      ],
      shipping_address: { first_name: c.first_name, country_code: "th", phone: c.phone },
    }))
    ordersMade.push(...(await orders.createOrders(batch)))
  }
  // Creating through the modules emits no customer.created (the workflows do), so no contact
  // exists yet: the notification path links it and records the opt-in, as for a new customer.
  // (Should a version emit it, the welcome is off above, and pending work settles here.)
  await sleep(500)
  say(`setup: ${synced.synced} templates synced, ${total} customers with whatsapp_opt_in and ${total} orders (${((Date.now() - t) / 1000).toFixed(1)} s)`)

  const byCustomer = new Map(made.map((c) => [c.id, c]))
  const list = ordersMade.map((o) => ({ id: o.id as string, phone: byCustomer.get(o.customer_id)!.phone }))
  const warm = list.slice(0, cfg.warmup)
  const measured = list.slice(cfg.warmup)

  // ---------------------------------------------------------------- the two paths
  const emitTimes = new Map<string, number>() // order id → emit time
  const directTimes = new Map<string, number>() // order id → sendMessage call time
  const directOutcomes: Record<string, number> = {}

  /** Starts fn(item) for each item at `rate` per second (0 = all at once); resolves when all were started. */
  const paced = async <T>(items: T[], fn: (item: T) => void) => {
    const t0 = Date.now()
    const gap = cfg.rate > 0 ? 1000 / cfg.rate : 0
    for (let i = 0; i < items.length; i++) {
      const due = t0 + i * gap
      if (gap && due > Date.now()) await sleep(due - Date.now())
      fn(items[i])
    }
    return Date.now() - t0
  }

  const notified = async (ids: string[]) => {
    const { rows } = await pg.raw(
      `SELECT count(*) AS n FROM whatsapp_notification WHERE event = 'order.placed' AND status <> 'pending' AND resource_id = ANY(?)`,
      [ids]
    )
    return Number(rows[0].n)
  }

  const viaEvents = async (items: typeof list) => {
    const started = Date.now()
    const emitting = paced(items, (o) => {
      emitTimes.set(o.id, Date.now())
      void eventBus.emit({ name: "order.placed", data: { id: o.id } })
    })
    const emitMs = await emitting
    const ids = items.map((o) => o.id)
    const deadline = Date.now() + cfg.drainSeconds * 1000
    while ((await notified(ids)) < ids.length && Date.now() < deadline) await sleep(50)
    return { emitMs, totalMs: Date.now() - started, done: await notified(ids) }
  }

  // The baseline sends exactly what the notification sent (same template, language and parameters).
  const requestOf = async (ids: string[]) => {
    const { rows } = await pg.raw(`SELECT order_id, wa_id, payload FROM whatsapp_message WHERE idempotency_key = ANY(?)`, [
      ids.map((id) => `notify:order.placed:${id}`),
    ])
    return new Map<string, any>(rows.map((r: any) => [r.order_id, r]))
  }
  const direct = async (items: typeof list) => {
    const sent = await requestOf(items.map((o) => o.id))
    const started = Date.now()
    const calls: Promise<unknown>[] = []
    const emitMs = await paced(items, (o) => {
      const row = sent.get(o.id)
      if (!row) return void (directOutcomes.no_template_to_copy = (directOutcomes.no_template_to_copy ?? 0) + 1)
      const payload = typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload
      directTimes.set(o.id, Date.now())
      calls.push(
        whatsapp
          .sendMessage({ idempotency_key: `bench:direct:${o.id}`, to: row.wa_id, order_id: o.id, source: "bench:direct", request: payload })
          .then((r: any) => (directOutcomes[r.outcome] = (directOutcomes[r.outcome] ?? 0) + 1))
          .catch((e: Error) => (directOutcomes[`error: ${e.message.slice(0, 80)}`] = (directOutcomes[`error: ${e.message.slice(0, 80)}`] ?? 0) + 1))
      )
    })
    await Promise.all(calls)
    return { emitMs, totalMs: Date.now() - started, done: calls.length }
  }

  // Warm-up (unmeasured): both paths once over a few orders.
  t = Date.now()
  await viaEvents(warm)
  await direct(warm)
  say(`warm-up: ${warm.length} orders through both paths (${((Date.now() - t) / 1000).toFixed(1)} s)`)
  for (const o of warm) (emitTimes.delete(o.id), directTimes.delete(o.id))
  for (const k of Object.keys(directOutcomes)) delete directOutcomes[k]

  const rounds: any[] = []
  const per = Math.ceil(measured.length / cfg.rounds)
  for (let r = 0; r < cfg.rounds; r++) {
    const items = measured.slice(r * per, (r + 1) * per)
    if (!items.length) break
    let meter = cpuMeter(cfg.pgRoot)
    const ev: any = await viaEvents(items)
    ev.cpu = meter()
    say(
      `round ${r + 1}/${cfg.rounds} order.placed events: ${items.length} emitted in ${(ev.emitMs / 1000).toFixed(1)} s, ${ev.done} notified after ${(ev.totalMs / 1000).toFixed(1)} s`
    )
    meter = cpuMeter(cfg.pgRoot)
    const dr: any = await direct(items)
    dr.cpu = meter()
    say(
      `round ${r + 1}/${cfg.rounds} direct sendMessage:   ${items.length} called in ${(dr.emitMs / 1000).toFixed(1)} s, all answered after ${(dr.totalMs / 1000).toFixed(1)} s`
    )
    rounds.push({ events: ev, direct: dr, n: items.length })
  }

  // ---------------------------------------------------------------- cost probes
  // One at a time, on orders already notified, CPU per call of the pieces of the event path:
  //  - the other order.placed subscriber the plugin ships (segments recompute), as the bus calls it;
  //  - the notification workflow for an order already sent: bus-free run of load context + claim,
  //    which then stops at "duplicate" (so nothing is sent twice).
  const probeOrders = measured.slice(0, Math.min(100, measured.length))
  const probe = async (fn: (o: (typeof list)[number]) => Promise<unknown>) => {
    const meter = cpuMeter(cfg.pgRoot)
    const t0 = Date.now()
    for (const o of probeOrders) await fn(o)
    const cpu = meter()
    return {
      n: probeOrders.length,
      ms: (Date.now() - t0) / probeOrders.length,
      app: cpu.app / probeOrders.length,
      postgres: cpu.postgres === null ? null : cpu.postgres / probeOrders.length,
    }
  }
  const segmentsSubscriber = require("../../src/subscribers/whatsapp-segments-order-placed").default
  const { notify } = require("../../src/lib/notify")
  const probes: Record<string, any> = {}
  probes.segments = await probe((o) => segmentsSubscriber({ event: { name: "order.placed", data: { id: o.id } }, container }))
  // The order query load-notification-context.ts makes (its own ORDER_FIELDS), with and without
  // the computed order total.
  const { ORDER_FIELDS } = require("../../src/workflows/notifications/steps/load-notification-context") as { ORDER_FIELDS: string[] }
  const query: any = container.resolve(ContainerRegistrationKeys.QUERY)
  probes.orderQuery = await probe((o) => query.graph({ entity: "order", fields: ORDER_FIELDS, filters: { id: o.id } }))
  probes.orderQueryNoTotal = await probe((o) => query.graph({ entity: "order", fields: ORDER_FIELDS.filter((f) => f !== "total"), filters: { id: o.id } }))
  const dupes: Record<string, number> = {}
  probes.loadAndClaim = await probe(async (o) => {
    const r = await notify(container, { event: "order.placed", resource_id: o.id })
    dupes[r?.status ?? "error"] = (dupes[r?.status ?? "error"] ?? 0) + 1
  })
  probes.loadAndClaim.outcomes = dupes
  say(`cost probes: ${probeOrders.length} orders, one at a time`)

  // ---------------------------------------------------------------- collect and check
  await sleep(300)
  const res = await fetch(`${cfg.sandboxUrl}/_sandbox/messages`)
  const sandboxBody: any = await res.json()
  const sandboxMessages: any[] = Array.isArray(sandboxBody) ? sandboxBody : (sandboxBody.messages ?? sandboxBody.data ?? [])
  const { rows: dbMessages } = await pg.raw(
    `SELECT wamid, idempotency_key, order_id, status, attempts, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms,
        (extract(epoch FROM accepted_at) * 1000)::float8 AS accepted_ms
       FROM whatsapp_message WHERE direction = 'outbound'`
  )
  const { rows: notifications } = await pg.raw(
    `SELECT resource_id, status, reason, (extract(epoch FROM created_at) * 1000)::float8 AS created_ms
       FROM whatsapp_notification WHERE event = 'order.placed'`
  )
  fs.writeFileSync(
    cfg.out,
    JSON.stringify({
      measuredOrders: measured.map((o) => o.id),
      emitTimes: Object.fromEntries(emitTimes),
      directTimes: Object.fromEntries(directTimes),
      directOutcomes,
      rounds,
      probes,
      sandbox: sandboxMessages.map((m) => ({ id: m.id, to: m.to, created_at: m.created_at, template: m.template?.name })),
      db: dbMessages,
      notifications,
    })
  )
  say(`done: results in ${cfg.out}`)
}
