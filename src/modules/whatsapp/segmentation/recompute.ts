import type { Knex } from "@medusajs/framework/mikro-orm/knex"
import { rfmGridCells, type RfmCutPoints } from "../domain/rfm"
import { allAutoTagNames, autoTagsSql, resolveThresholds, type ResolvedThresholds, type SegmentSettings } from "../domain/tag-rules"
import { customerAddressCountries, customerExists, customers, orderAddressCountry, placedOrders, storeDefaultCurrency } from "../medusa-tables"

/**
 * Customer metrics, RFM and automatic tags, recomputed in Postgres over Medusa's own order tables
 * (the plugin shares the app's database, as every Medusa module does by default). Set-based: the
 * number of statements does not depend on the number of customers, and no row passes through Node.
 *
 * One transaction:
 *   1. metrics — the per-customer aggregate of orders, messages, contacts and addresses (one query
 *      of CTEs); then, from that set, the RFM cut-points, the scores and segment, and the write:
 *      changed rows updated, new ones inserted, unchanged ones left alone. A full run puts the
 *      aggregate in a temporary table first, because Postgres runs `CREATE TABLE … AS` as a parallel
 *      query but never a statement that writes through a CTE;
 *   2. tags — the wanted auto tags per customer (domain/tag-rules.ts, as SQL) diffed against the
 *      auto links there are: stale auto links deleted, missing ones inserted; manual links are never
 *      touched;
 *   3. (full run) the cut-points stored as a setting, for incremental runs.
 *
 * Concurrency: a full run takes an exclusive advisory lock, an incremental run a shared one plus a
 * per-customer lock, so two full runs serialise, incremental runs for different customers do not
 * wait for each other, and none of them interleaves with a full run. Both are idempotent.
 *
 * Incremental (one customer): the same SQL restricted to that customer; its RFM scores and the
 * percent-based bands (aov:high top %, vip top %) use the cut-points stored by the last full run,
 * so one new order does not reshuffle everybody else's scores between nightly runs. Without stored
 * cut-points (or after the percent settings changed) they are derived from the metrics table.
 *
 * Medusa's own tables (customers, their orders and addresses, the store's default currency) are
 * read only through ../medusa-tables, which states the schema relied on: placedOrders() is an
 * order's current-version total, canceled and draft orders left out; currency codes are stored
 * lower-case.
 */

const LOCK_KEY = 7_772_157_329_001 // bigint key for the full run's lock
const LOCK_CLASS = 1_919_251_317 // int4 class for per-customer locks (two-key form)
export const CUTS_SETTING_KEY = "segments.cuts"

export interface SegmentCuts {
  computed_at: string
  /** Customers with at least one order the cut-points were taken over. */
  customers: number
  /** The percent settings the percent cuts were taken with; a change invalidates them. */
  percent_key: string
  rfm: RfmCutPoints
  aov_top_percent_min: number | null
  vip_top_percent_min: number | null
}

export interface RecomputeOptions {
  settings: SegmentSettings
  customerId?: string
  now?: Date
}

export interface RecomputeResult {
  mode: "full" | "customer"
  customers: number
  /** Metric rows inserted or changed (unchanged rows are not rewritten). */
  metrics_changed: number
  tags_added: number
  tags_removed: number
  /** The fast tag insert met a manual tag added meanwhile and was redone with ON CONFLICT. */
  tags_retried: boolean
  currency_code: string | null
  thresholds: ResolvedThresholds
  cuts: SegmentCuts | null
  started_at: string
  /** Milliseconds per statement: metrics (orders → metrics, RFM), tags (auto tag diff), commit. */
  timings: { lock_ms: number; metrics_ms: number; tags_ms: number; commit_ms: number }
  /** When this run got the lock (a concurrent run waits for the other to commit). */
  locked_at: string
  /** After commit. */
  finished_at: string
  duration_ms: number
}

const percentKey = (s: SegmentSettings) => JSON.stringify([s.aov.high, s.vip])
const num = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))

export async function recomputeSegments(knex: Knex, opts: RecomputeOptions): Promise<RecomputeResult> {
  const started = Date.now()
  const now = opts.now ?? new Date()
  const { settings } = opts
  const customerId = opts.customerId ?? null

  const result = await knex.transaction(async (trx) => {
    if (customerId) {
      await trx.raw(`SELECT pg_advisory_xact_lock_shared(?::bigint)`, [LOCK_KEY])
      await trx.raw(`SELECT pg_advisory_xact_lock(?::int, hashtext(?))`, [LOCK_CLASS, customerId])
    } else {
      await trx.raw(`SELECT pg_advisory_xact_lock(?::bigint)`, [LOCK_KEY])
      // Sorts and hashes over a million orders stay in memory (this transaction only).
      await trx.raw(`SET LOCAL work_mem = '128MB'`)
    }
    const lockedAt = new Date().toISOString()
    const lockMs = Date.now() - started

    let cuts: SegmentCuts | null
    if (customerId) {
      cuts = await readCuts(trx)
      if (!cuts || cuts.percent_key !== percentKey(settings)) cuts = await cutsFromStoredMetrics(trx, settings, now)
    } else cuts = null

    let t = Date.now()
    const metrics = await upsertMetrics(trx, { settings, now, customerId, cuts })
    const metricsMs = Date.now() - t
    if (!customerId) {
      cuts = metrics.cuts
      await writeCuts(trx, cuts!)
      // Customers deleted since the last run.
      await trx.raw(`DELETE FROM whatsapp_customer_metric m WHERE NOT ${customerExists("m.customer_id")}`)
    }
    const thresholds = resolveThresholds(settings, cuts!)
    t = Date.now()
    const tags = await syncAutoTags(trx, { settings, thresholds, now, customerId })
    const tagsMs = Date.now() - t

    return {
      mode: customerId ? ("customer" as const) : ("full" as const),
      customers: metrics.customers,
      metrics_changed: metrics.changed,
      tags_added: tags.added,
      tags_removed: tags.removed,
      tags_retried: tags.retried,
      currency_code: metrics.currency_code,
      thresholds,
      cuts,
      started_at: new Date(started).toISOString(),
      locked_at: lockedAt,
      timings: { lock_ms: lockMs, metrics_ms: metricsMs, tags_ms: tagsMs, commit_ms: 0 },
      body_done: Date.now(),
    }
  })
  const { body_done, ...rest } = result
  const done = Date.now()
  return {
    ...rest,
    timings: { ...rest.timings, commit_ms: done - body_done },
    finished_at: new Date(done).toISOString(),
    duration_ms: done - started,
  }
}

// ------------------------------------------------------------------ 1. metrics

/** Rows of `ranked(r, f, m, a)` → the cut-points, by the rules in domain/rfm.ts and topPercentCut. */
function cutsSelect(ranked: string, settings: SegmentSettings, bind: (x: unknown) => string) {
  const [aovPct, vipPct] = percentParams(settings)
  const q = (col: string, rank: string) => [1, 2, 3, 4].map((k) => `min(${col}) FILTER (WHERE 5 * ${rank} >= ${k} * n) AS ${col}${k}`).join(", ")
  return `SELECT count(*)::int AS n, ${q("r", "rb")}, ${q("f", "fb")}, ${q("m", "mb")},
      min(a) FILTER (WHERE a IS NOT NULL AND 100 * (na - a_le) < ${bind(aovPct)}::float8 * na) AS aov_top,
      min(m) FILTER (WHERE m > 0 AND 100 * (n - m_le) < ${bind(vipPct)}::float8 * nm) AS vip_top
    FROM (
      -- rank() - 1 = how many are strictly below; n − count(≤) = how many are strictly above,
      -- from the same ordering (four sorts, not six).
      SELECT r, f, m, a,
        count(*) OVER () AS n,
        count(a) OVER () AS na,
        count(*) FILTER (WHERE m > 0) OVER () AS nm,
        rank() OVER (ORDER BY r) - 1 AS rb,
        rank() OVER (ORDER BY f) - 1 AS fb,
        rank() OVER w_m - 1 AS mb,
        count(*) OVER w_m AS m_le,
        count(a) OVER (ORDER BY a) AS a_le
      FROM ${ranked}
      WINDOW w_m AS (ORDER BY m)
    ) x`
}

const percentParams = (s: SegmentSettings) => [
  s.aov.high.mode === "top_percent" ? s.aov.high.top_percent : 0,
  s.vip.mode === "top_percent" ? s.vip.top_percent : 0,
]

function cutsFromRow(row: any, settings: SegmentSettings, now: Date): SegmentCuts {
  const four = (p: string) => [1, 2, 3, 4].map((k) => num(row[`${p}${k}`]))
  return {
    computed_at: now.toISOString(),
    customers: Number(row.n ?? 0),
    percent_key: percentKey(settings),
    rfm: { recency: four("r"), frequency: four("f"), monetary: four("m") },
    aov_top_percent_min: num(row.aov_top),
    vip_top_percent_min: num(row.vip_top),
  }
}

async function cutsFromStoredMetrics(trx: Knex.Transaction, settings: SegmentSettings, now: Date): Promise<SegmentCuts> {
  const params: unknown[] = []
  const sql = cutsSelect(
    `(SELECT extract(epoch from last_order_at)::float8 AS r, order_count::float8 AS f,
        total_spent::float8 AS m, aov::float8 AS a
      FROM whatsapp_customer_metric WHERE deleted_at IS NULL AND order_count > 0) ranked`,
    settings,
    (x) => (params.push(x), "?")
  )
  const { rows } = await trx.raw(sql, params as Knex.RawBinding[])
  return cutsFromRow(rows[0], settings, now)
}

/** Metric columns written by the recompute (besides ids, raw_ twins and timestamps). */
const COLS = [
  "order_count",
  "first_order_at",
  "last_order_at",
  "avg_gap_days",
  "currency_code",
  "total_spent",
  "aov",
  "expected_next_order_at",
  "overdue",
  "last_inbound_at",
  "last_read_at",
  "last_contacted_at",
  "replies_7d",
  "replies_30d",
  "has_contact",
  "country_code",
  "rfm_recency",
  "rfm_frequency",
  "rfm_monetary",
  "rfm_segment",
]

type MetricsInput = { settings: SegmentSettings; now: Date; customerId: string | null; cuts: SegmentCuts | null }

/** The store's default currency (lower case), or null without a store: then every order's amount counts. */
export const defaultCurrency = (knex: Knex): Promise<string | null> => storeDefaultCurrency(knex)

async function upsertMetrics(
  trx: Knex.Transaction,
  input: MetricsInput
): Promise<{ customers: number; changed: number; currency_code: string | null; cuts: SegmentCuts | null }> {
  const currency = await defaultCurrency(trx)
  let rows: any[] = []
  for (const st of metricsStatements({ ...input, currency })) rows = (await trx.raw(st.sql, st.params as Knex.RawBinding[])).rows
  const row = rows[0]
  return {
    customers: row.customers,
    changed: row.changed,
    currency_code: currency,
    cuts: input.customerId ? null : cutsFromRow(row, input.settings, input.now),
  }
}

/**
 * The metrics statements (exported for EXPLAIN in the bench). Full run: two — the per-customer
 * aggregate into a temporary table (CREATE TABLE AS may run as a parallel query; a statement that
 * writes through a CTE never does), then cut-points, scores and the upsert from it. One customer:
 * a single statement.
 */
export function metricsStatements(input: MetricsInput & { currency: string | null }): { sql: string; params: unknown[] }[] {
  if (input.customerId) {
    const b = binder()
    const baseSql = baseSelect(input, b)
    return [{ sql: scoreAndUpsert(input, b, `base AS MATERIALIZED (${baseSql})`), params: b.params }]
  }
  const first = binder()
  const create = `CREATE TEMP TABLE wa_segment_base ON COMMIT DROP AS ${baseSelect(input, first)}`
  const second = binder()
  return [
    { sql: create, params: first.params },
    { sql: scoreAndUpsert(input, second, `base AS (SELECT * FROM wa_segment_base)`), params: second.params },
  ]
}

/** Placeholders are positional: bind() is called in the order the template is evaluated, which is the order of the text. */
function binder() {
  const params: unknown[] = []
  return { params, bind: (x: unknown) => (params.push(x), "?") }
}

/** One row per (not deleted) customer: orders, messages, contacts and country aggregated. */
function baseSelect({ now, customerId, currency }: MetricsInput & { currency: string | null }, { bind: v }: ReturnType<typeof binder>): string {
  const nowP = () => `${v(now.toISOString())}::timestamptz`
  // Restricts each per-customer aggregate when recomputing one customer (index scans then).
  const only = (col: string) => (customerId ? `AND ${col} = ${v(customerId)}` : "")
  // The same restriction for the ../medusa-tables fragments: the customer id, bound, or undefined.
  const one = () => (customerId ? v(customerId) : undefined)
  const curCode = () => `${v(currency)}::text`
  // Medusa stores order currency codes lower-cased (normalizeCurrencyCode), so no lower() per order.
  const inCurrency = () => `(${curCode()} IS NULL OR o.currency_code = ${curCode()})`
  return `
WITH ord AS (
  SELECT o.customer_id,
    count(*)::int AS order_count,
    min(o.created_at) AS first_order_at,
    max(o.created_at) AS last_order_at,
    count(*) FILTER (WHERE ${inCurrency()})::int AS money_orders,
    COALESCE(sum(o.total) FILTER (WHERE ${inCurrency()}), 0) AS total_spent,
    -- The latest order's shipping address id, without a sort or a second pass: max over
    -- "<20-digit UTC timestamp><id>" (byte order), the id read back from character 21.
    max(to_char(o.created_at AT TIME ZONE 'UTC', 'YYYYMMDDHH24MISSUS') || o.shipping_address_id COLLATE "C")
      FILTER (WHERE o.shipping_address_id IS NOT NULL) AS last_shipping_key
  FROM ${placedOrders({ customerId: one() })} o
  GROUP BY o.customer_id
),
msg AS (
  SELECT customer_id,
    max(COALESCE(received_at, created_at)) FILTER (WHERE direction = 'inbound') AS last_inbound_at,
    max(read_at) FILTER (WHERE direction = 'outbound') AS last_read_at,
    count(*) FILTER (WHERE direction = 'inbound' AND COALESCE(received_at, created_at) >= ${nowP()} - make_interval(secs => 7 * 86400))::int AS replies_7d,
    count(*) FILTER (WHERE direction = 'inbound' AND COALESCE(received_at, created_at) >= ${nowP()} - make_interval(secs => 30 * 86400))::int AS replies_30d
  FROM whatsapp_message
  WHERE deleted_at IS NULL AND customer_id IS NOT NULL ${only("customer_id")}
  GROUP BY customer_id
),
con AS (
  SELECT customer_id, max(last_inbound_at) AS last_inbound_at, max(last_outbound_at) AS last_contacted_at
  FROM whatsapp_contact
  WHERE deleted_at IS NULL AND customer_id IS NOT NULL ${only("customer_id")}
  GROUP BY customer_id
),
addr AS ${customerAddressCountries({ customerId: one() })}
SELECT c.id AS customer_id,
    COALESCE(o.order_count, 0) AS order_count,
    o.first_order_at, o.last_order_at,
    CASE WHEN o.order_count >= 2
      THEN extract(epoch from (o.last_order_at - o.first_order_at))::float8 / 86400 / (o.order_count - 1) END AS avg_gap_days,
    COALESCE(o.total_spent, 0) AS total_spent,
    extract(epoch from o.last_order_at)::float8 AS r_value,
    COALESCE(o.total_spent, 0)::float8 AS m_value,
    CASE WHEN o.money_orders > 0 THEN round(o.total_spent / o.money_orders, 4) END AS aov,
    GREATEST(m.last_inbound_at, k.last_inbound_at) AS last_inbound_at,
    m.last_read_at,
    k.last_contacted_at,
    COALESCE(m.replies_7d, 0) AS replies_7d,
    COALESCE(m.replies_30d, 0) AS replies_30d,
    (k.customer_id IS NOT NULL) AS has_contact,
    -- No saved address: the shipping country of the latest order (one primary-key lookup), its id
    -- back in the default collation, or the primary key index cannot be used.
    COALESCE(a.country_code, ${orderAddressCountry(`(substr(o.last_shipping_key, 21) COLLATE "default")`)}) AS country_code
  FROM ${customers()} c
  LEFT JOIN ord o ON o.customer_id = c.id
  LEFT JOIN msg m ON m.customer_id = c.id
  LEFT JOIN con k ON k.customer_id = c.id
  LEFT JOIN addr a ON a.customer_id = c.id
  ${customerId ? `WHERE c.id = ${v(customerId)}` : ""}`
}

/** Cut-points (full run: from base; one customer: the stored ones), scores, segment, and the write. */
function scoreAndUpsert(
  { settings, now, customerId, cuts, currency }: MetricsInput & { currency: string | null },
  { bind: v }: ReturnType<typeof binder>,
  baseCte: string
): string {
  const nowP = () => `${v(now.toISOString())}::timestamptz`
  const curCode = () => `${v(currency)}::text`
  const grid = rfmGridCells()

  // Full run: cut-points from this very set. Incremental: the stored (or derived) ones, bound.
  // A function, not a string: its placeholders must be bound where it appears in the text.
  const boundCutsCte = () =>
    `cuts AS (SELECT ${["r", "f", "m"]
      .flatMap((d) => {
        const arr = d === "r" ? cuts!.rfm.recency : d === "f" ? cuts!.rfm.frequency : cuts!.rfm.monetary
        return arr.map((c, i) => `${v(c)}::float8 AS ${d}${i + 1}`)
      })
      .join(", ")}, NULL::float8 AS aov_top, NULL::float8 AS vip_top, NULL::int AS n)`

  return `
WITH ${baseCte},
${
  customerId
    ? boundCutsCte()
    : `cuts AS (${cutsSelect(
        `(SELECT r_value AS r, order_count::float8 AS f, m_value AS m, aov::float8 AS a
      FROM base WHERE order_count > 0) ranked`,
        settings,
        v
      )})`
}
,
scored AS (
  SELECT b.*,
    CASE WHEN b.order_count > 0 THEN 1 + ${[1, 2, 3, 4].map((k) => `COALESCE((b.r_value >= cuts.r${k})::int, 0)`).join(" + ")} END AS rfm_recency,
    CASE WHEN b.order_count > 0 THEN 1 + ${[1, 2, 3, 4].map((k) => `COALESCE((b.order_count::float8 >= cuts.f${k})::int, 0)`).join(" + ")} END AS rfm_frequency,
    CASE WHEN b.order_count > 0 THEN 1 + ${[1, 2, 3, 4].map((k) => `COALESCE((b.m_value >= cuts.m${k})::int, 0)`).join(" + ")} END AS rfm_monetary
  FROM base b CROSS JOIN cuts
),
-- Every column as stored (avg_gap_days as real), so an unchanged row compares equal.
final AS MATERIALIZED (
  SELECT s.customer_id, s.order_count, s.first_order_at, s.last_order_at, s.avg_gap_days::real AS avg_gap_days,
    ${curCode()} AS currency_code, s.total_spent, s.aov,
    s.last_order_at + make_interval(secs => s.avg_gap_days * 86400) AS expected_next_order_at,
    COALESCE(${nowP()} > s.last_order_at + make_interval(secs => s.avg_gap_days * ${v(settings.frequency.lapsed_multiplier)}::float8 * 86400), false) AS overdue,
    s.last_inbound_at, s.last_read_at, s.last_contacted_at, s.replies_7d, s.replies_30d, s.has_contact, s.country_code,
    s.rfm_recency, s.rfm_frequency, s.rfm_monetary,
    (ARRAY[${grid.map((c) => v(c.segment)).join(", ")}]::text[])[(s.rfm_recency - 1) * 5 + (s.rfm_frequency + s.rfm_monetary) / 2] AS rfm_segment
  FROM scored s
),
-- Changed rows only: most customers' metrics do not change from one night to the next, and an
-- UPDATE … FROM filters before it locks (INSERT … ON CONFLICT DO UPDATE … WHERE would lock, and so
-- write, every existing row). computed_at is therefore when the values last changed.
upd AS (
  UPDATE whatsapp_customer_metric t SET
    ${COLS.map((c) => `${c} = f.${c}`).join(", ")},
    raw_total_spent = jsonb_build_object('value', f.total_spent::text, 'precision', 20),
    raw_aov = CASE WHEN f.aov IS NOT NULL THEN jsonb_build_object('value', f.aov::text, 'precision', 20) END,
    computed_at = ${nowP()}, updated_at = now()
  FROM final f
  WHERE t.customer_id = f.customer_id AND t.deleted_at IS NULL
    AND (${COLS.map((c) => `t.${c}`).join(", ")}) IS DISTINCT FROM (${COLS.map((c) => `f.${c}`).join(", ")})
  RETURNING 1
),
ins AS (
  INSERT INTO whatsapp_customer_metric (id, customer_id, ${COLS.join(", ")}, raw_total_spent, raw_aov, computed_at)
  SELECT 'wacm_' || f.customer_id, f.customer_id, ${COLS.map((c) => `f.${c}`).join(", ")},
    jsonb_build_object('value', f.total_spent::text, 'precision', 20),
    CASE WHEN f.aov IS NOT NULL THEN jsonb_build_object('value', f.aov::text, 'precision', 20) END,
    ${nowP()}
  FROM final f
  -- No ON CONFLICT (speculative insertion is costly): only the recompute writes this table, and
  -- its advisory locks serialise every run that could touch the same customer.
  WHERE NOT EXISTS (SELECT 1 FROM whatsapp_customer_metric t WHERE t.customer_id = f.customer_id AND t.deleted_at IS NULL)
  RETURNING 1
)
SELECT cuts.*, (SELECT count(*) FROM base)::int AS customers,
  ((SELECT count(*) FROM upd) + (SELECT count(*) FROM ins))::int AS changed FROM cuts`
}

// ------------------------------------------------------------------ 2. tags

async function syncAutoTags(
  trx: Knex.Transaction,
  { settings, thresholds, now, customerId }: { settings: SegmentSettings; thresholds: ResolvedThresholds; now: Date; customerId: string | null }
): Promise<{ added: number; removed: number; retried: boolean }> {
  await trx.raw(
    `INSERT INTO whatsapp_tag (id, name, kind)
     SELECT 'watag_' || upper(replace(gen_random_uuid()::text, '-', '')), name, 'auto'
     FROM jsonb_array_elements_text(?::jsonb) AS n(name)
     ON CONFLICT (name) WHERE deleted_at IS NULL DO NOTHING`,
    [JSON.stringify(allAutoTagNames(settings))]
  )
  // A plain INSERT is ~40% cheaper than INSERT … ON CONFLICT (speculative insertion) on a first
  // run's few hundred thousand links. The diff already leaves out every pair that has a link, so it
  // can only collide with a manual tag added concurrently (manual writers do not take our lock):
  // then the savepoint is rolled back and the statement rerun with ON CONFLICT DO NOTHING.
  const input = { settings, thresholds, now, customerId }
  try {
    const fast = tagsStatement({ ...input, onConflict: false })
    const rows = await trx.transaction(async (sp) => (await sp.raw(fast.sql, fast.params as Knex.RawBinding[])).rows)
    return { added: rows[0].added, removed: rows[0].removed, retried: false }
  } catch (e) {
    if ((e as { code?: string } | null)?.code !== "23505") throw e
    const safe = tagsStatement({ ...input, onConflict: true })
    const { rows } = await trx.raw(safe.sql, safe.params as Knex.RawBinding[])
    return { added: rows[0].added, removed: rows[0].removed, retried: true }
  }
}

/** The auto-tag sync statement (exported for EXPLAIN in the bench). */
export function tagsStatement({
  settings,
  thresholds,
  now,
  customerId,
  onConflict = true,
}: {
  settings: SegmentSettings
  thresholds: ResolvedThresholds
  now: Date
  customerId: string | null
  onConflict?: boolean
}): { sql: string; params: unknown[] } {
  const wanted = autoTagsSql(settings, thresholds, now)
  const only = (col: string) => (customerId ? `AND ${col} = ?` : "")
  // The diff is a FULL JOIN of wanted and existing links: Postgres can run a full join only as a
  // hash or merge join, so it stays linear whatever the (unknown) CTE row estimates; a NOT EXISTS
  // anti-join here was planned as a nested loop and went quadratic. Existing manual links count as
  // present (never duplicated) but only auto ones are ever deleted.
  const sql = `
WITH desired AS (
  SELECT m.customer_id, t.id AS tag_id
  FROM whatsapp_customer_metric m
  CROSS JOIN LATERAL unnest(${wanted.sql}) AS d(name)
  JOIN whatsapp_tag t ON t.name = d.name AND t.deleted_at IS NULL
  WHERE m.deleted_at IS NULL ${only("m.customer_id")}
),
existing AS (
  SELECT id, customer_id, tag_id, source FROM whatsapp_customer_tag
  WHERE deleted_at IS NULL ${only("customer_id")}
),
diff AS MATERIALIZED (
  SELECT d.customer_id AS want_customer, d.tag_id AS want_tag, e.id AS have_id, e.customer_id AS have_customer, e.source
  FROM desired d FULL JOIN existing e ON e.customer_id = d.customer_id AND e.tag_id = d.tag_id
  WHERE d.customer_id IS NULL OR e.customer_id IS NULL
),
del AS (
  DELETE FROM whatsapp_customer_tag ct
  WHERE ct.id IN (SELECT have_id FROM diff WHERE want_customer IS NULL AND source = 'auto')
  RETURNING 1
),
ins AS (
  INSERT INTO whatsapp_customer_tag (id, customer_id, tag_id, source)
  -- Derived from the pair (unique by construction, and clustered by customer in the index).
  SELECT 'wactg_' || want_customer || '_' || want_tag, want_customer, want_tag, 'auto'
  FROM diff WHERE have_customer IS NULL
  -- In key order: the unique index and the primary key then grow at their right edge.
  ORDER BY want_customer, want_tag
  ${onConflict ? "ON CONFLICT (customer_id, tag_id) WHERE deleted_at IS NULL DO NOTHING" : ""}
  RETURNING 1
)
SELECT (SELECT count(*) FROM ins)::int AS added, (SELECT count(*) FROM del)::int AS removed`
  return { sql, params: [...wanted.params, ...(customerId ? [customerId, customerId] : [])] }
}

// ------------------------------------------------------------------ 3. stored cut-points

async function readCuts(trx: Knex.Transaction): Promise<SegmentCuts | null> {
  const { rows } = await trx.raw(`SELECT value FROM whatsapp_setting WHERE key = ? AND deleted_at IS NULL`, [CUTS_SETTING_KEY])
  const v = rows[0]?.value
  return v && v.rfm && Array.isArray(v.rfm.recency) ? (v as SegmentCuts) : null
}

async function writeCuts(trx: Knex.Transaction, cuts: SegmentCuts) {
  await trx.raw(
    `INSERT INTO whatsapp_setting (id, key, value)
     VALUES ('waset_' || upper(replace(gen_random_uuid()::text, '-', '')), ?, ?::jsonb)
     ON CONFLICT (key) WHERE deleted_at IS NULL DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [CUTS_SETTING_KEY, JSON.stringify(cuts)]
  )
}
