/**
 * The analytics figures: one SQL query (or a few) per figure over whatsapp_message, the campaign
 * tables and Medusa's orders (through ../medusa-tables), shaped by the pure helpers in
 * domain/buckets.ts. Every figure returns { figure, title, note, columns, rows, chart }: `note` is
 * one line saying how it is computed, `rows` is the table (also the CSV), `chart` what the admin
 * page draws. Every message query starts with a range on whatsapp_message.created_at; replies and
 * agent answers are found through the (contact_id, created_at) index.
 *
 * Integration test: integration-tests/http/analytics.spec.ts (fixtures with known answers).
 */
import type { Db } from "../db"
import { customers, placedOrders } from "../medusa-tables"
import {
  DECAY_BOUNDS_MIN,
  DECAY_LABELS,
  LENGTH_BANDS,
  WEEKDAYS,
  decayBucketSql,
  lengthBandSql,
  rate,
  shareWithin,
  slotName,
  startsWithNameSql,
  topSlots,
  uplift,
} from "./domain/buckets"

export const MESSAGE_KINDS = ["notification", "marketing", "conversation"] as const
export type MessageKind = (typeof MESSAGE_KINDS)[number]

export interface AnalyticsFilters {
  from: Date
  to: Date
  campaign_id?: string
  segment_id?: string
  template?: string
  kind?: MessageKind
}

export interface FigureContext {
  db: Db
  filters: AnalyticsFilters
  /** The store's IANA time zone: days, weekdays and hours are local to it. */
  zone: string
  /** The store's default currency (lower case); orders in other currencies are left out. */
  currency: string | null
}

export interface Column {
  key: string
  label: string
  type: "text" | "number" | "percent" | "money" | "minutes" | "date"
}

export interface Figure {
  figure: string
  title: string
  note: string
  columns: Column[]
  rows: Record<string, string | number | null>[]
  chart: Record<string, unknown>
}

interface FigureDef {
  title: string
  /** The filters the figure honours, for the page to say which ones apply. */
  filters: (keyof AnalyticsFilters)[]
  run(ctx: FigureContext): Promise<Omit<Figure, "figure" | "title">>
}

// ------------------------------------------------------------------ shared SQL

type Params = Record<string, unknown>

/**
 * Named bindings only (:from, :zone…). A literal `?` in the SQL (the name regexp has some) would be
 * taken for a positional placeholder by the pg client, so each is escaped first.
 */
async function query(db: Db, sql: string, params: Params): Promise<any[]> {
  const { rows } = await db.raw(sql.replace(/\?/g, "\\?"), params as any)
  return rows
}

/** Outbound messages created in the range and matching the filters (alias m), with their bindings. */
function outboundScope(ctx: FigureContext): { sql: string; params: Params } {
  const f = ctx.filters
  const where = [`m.created_at >= :from`, `m.created_at < :to`, `m.direction = 'outbound'`, `m.deleted_at IS NULL`]
  const params: Params = { from: f.from, to: f.to, zone: ctx.zone }
  if (f.kind === "notification") where.push(`m.source LIKE 'notification:%'`)
  else if (f.kind === "marketing") where.push(`m.source = 'campaign'`)
  else if (f.kind === "conversation") where.push(`(m.source IS NULL OR (m.source <> 'campaign' AND m.source NOT LIKE 'notification:%'))`)
  if (f.campaign_id) {
    where.push(`m.metadata->>'campaign_id' = :campaign_id`)
    params.campaign_id = f.campaign_id
  }
  if (f.segment_id) {
    where.push(`m.metadata->>'campaign_id' IN (SELECT sc.id FROM whatsapp_campaign sc WHERE sc.segment_id = :segment_id AND sc.deleted_at IS NULL)`)
    params.segment_id = f.segment_id
  }
  if (f.template) {
    where.push(`m.template_name = :template`)
    params.template = f.template
  }
  return { sql: where.join(" AND "), params }
}

/** Accepted by Meta: what the funnel calls "sent". */
const SENT = `(m.status IN ('accepted', 'sent', 'delivered', 'read') OR m.sent_at IS NOT NULL)`
const DELIVERED = `(m.delivered_at IS NOT NULL OR m.read_at IS NOT NULL)`
/** When the customer could first see the message. */
const SEEN_FROM = `COALESCE(m.delivered_at, m.read_at, m.sent_at, m.created_at)`

/**
 * The customer's first inbound message within 24 h of delivery (alias rp, column at: the
 * customer's own time, received_at), one index range on (contact_id, created_at).
 */
const FIRST_REPLY = `LEFT JOIN LATERAL (
    SELECT min(COALESCE(im.received_at, im.created_at)) AS at FROM whatsapp_message im
    WHERE im.contact_id = m.contact_id AND im.direction = 'inbound' AND im.deleted_at IS NULL
      AND im.created_at >= ${SEEN_FROM} AND im.created_at < ${SEEN_FROM} + interval '24 hours'
  ) rp ON TRUE`

/** Days after reading in which an order counts for the message: the campaign's window, else 7. */
const WINDOW_DAYS = `COALESCE((SELECT wc.attribution_window_days FROM whatsapp_campaign wc WHERE wc.id = m.metadata->>'campaign_id'), 7)`

function orderedAfterRead(ctx: FigureContext, params: Params): string {
  if (ctx.currency) params.currency = ctx.currency
  return `(m.read_at IS NOT NULL AND m.customer_id IS NOT NULL AND EXISTS (
    SELECT 1 FROM ${placedOrders()} po WHERE po.customer_id = m.customer_id AND po.created_at >= m.read_at
      AND po.created_at <= m.read_at + make_interval(days => ${WINDOW_DAYS})${ctx.currency ? ` AND lower(po.currency_code) = :currency` : ""}))`
}

/** How clicks are counted: a whatsapp_link_click table with a message_id column, when it exists. */
async function clickSource(db: Db): Promise<{ sql: string; note: string }> {
  const { rows } = await db.raw(
    `SELECT to_regclass('whatsapp_link_click') IS NOT NULL AS present,
       EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'whatsapp_link_click' AND column_name = 'message_id' AND table_schema = current_schema()) AS by_message,
       EXISTS (SELECT 1 FROM information_schema.columns WHERE table_name = 'whatsapp_link_click' AND column_name = 'deleted_at' AND table_schema = current_schema()) AS soft`
  )
  const r = rows[0]
  if (r.present && r.by_message) {
    return {
      sql: `EXISTS (SELECT 1 FROM whatsapp_link_click lc WHERE lc.message_id = m.id${r.soft ? " AND lc.deleted_at IS NULL" : ""})`,
      note: "clicked = messages with a row in whatsapp_link_click",
    }
  }
  return { sql: "FALSE", note: "clicked is 0: there is no whatsapp_link_click table (click tracking) in this database" }
}

const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v))
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v))
const round = (v: number | null, digits = 4): number | null => (v === null ? null : Math.round(v * 10 ** digits) / 10 ** digits)

// ------------------------------------------------------------------ 1 funnel by day

async function funnel(ctx: FigureContext) {
  const scope = outboundScope(ctx)
  const clicks = await clickSource(ctx.db)
  const ordered = orderedAfterRead(ctx, scope.params)
  const rows = await query(
    ctx.db,
    `SELECT to_char((m.created_at AT TIME ZONE :zone)::date, 'YYYY-MM-DD') AS day,
       count(*) FILTER (WHERE ${SENT})::int AS sent,
       count(*) FILTER (WHERE ${SENT} AND ${DELIVERED})::int AS delivered,
       count(*) FILTER (WHERE ${SENT} AND m.read_at IS NOT NULL)::int AS read,
       count(*) FILTER (WHERE ${SENT} AND rp.at IS NOT NULL)::int AS replied,
       count(*) FILTER (WHERE ${SENT} AND ${clicks.sql})::int AS clicked,
       count(*) FILTER (WHERE ${SENT} AND ${ordered})::int AS ordered
     FROM whatsapp_message m ${FIRST_REPLY}
     WHERE ${scope.sql}
     GROUP BY 1 HAVING count(*) FILTER (WHERE ${SENT}) > 0 ORDER BY 1`,
    scope.params
  )
  const steps = ["sent", "delivered", "read", "replied", "clicked", "ordered"] as const
  const totals = Object.fromEntries(steps.map((s) => [s, rows.reduce((t: number, r: any) => t + r[s], 0)]))
  return {
    note: `Outbound messages by the local day they were created: sent (accepted by Meta) → delivered → read → replied (an inbound message within 24 h of delivery) → clicked → ordered (a placed order within the campaign's attribution window, else 7 days, of reading); ${clicks.note}.`,
    columns: [
      { key: "day", label: "Day", type: "date" as const },
      ...steps.map((s) => ({ key: s, label: s[0].toUpperCase() + s.slice(1), type: "number" as const })),
    ],
    rows,
    chart: { type: "funnel", steps, totals: steps.map((s) => ({ step: s, value: totals[s], rate: rate(totals[s], totals.sent) })) },
  }
}

// ------------------------------------------------------------------ 2 reply decay

async function replyDecay(ctx: FigureContext) {
  const scope = outboundScope(ctx)
  const minutes = `extract(epoch FROM rp.at - m.delivered_at) / 60.0`
  const rows = await query(
    ctx.db,
    `SELECT ${decayBucketSql(minutes)} AS bucket, count(*)::int AS n
     FROM whatsapp_message m ${FIRST_REPLY}
     WHERE ${scope.sql} AND m.delivered_at IS NOT NULL AND rp.at IS NOT NULL
     GROUP BY 1`,
    scope.params
  )
  const counts: number[] = DECAY_LABELS.map(() => 0)
  for (const r of rows) if (r.bucket !== null) counts[r.bucket] += r.n
  const total = counts.reduce((s, n) => s + n, 0)
  let cumulative = 0
  const out = total
    ? DECAY_LABELS.map((label, i) => {
        cumulative += counts[i]
        return { bucket: label, replies: counts[i], share: round(counts[i] / total), cumulative_share: round(cumulative / total) }
      })
    : []
  return {
    note: "Delivered outbound messages with a reply: minutes from delivery to the customer's first message (its own timestamp), bucketed; replies after 24 h are not counted.",
    columns: [
      { key: "bucket", label: "Time to reply", type: "text" as const },
      { key: "replies", label: "Replies", type: "number" as const },
      { key: "share", label: "Share", type: "percent" as const },
      { key: "cumulative_share", label: "Cumulative", type: "percent" as const },
    ],
    rows: out,
    chart: {
      type: "bars",
      x: "bucket",
      y: "replies",
      within_1h: round(shareWithin(counts, 60)),
      bounds_min: DECAY_BOUNDS_MIN,
    },
  }
}

// ------------------------------------------------------------------ 3 best hours

async function bestHours(ctx: FigureContext) {
  const scope = outboundScope(ctx)
  const local = `(COALESCE(m.sent_at, m.created_at) AT TIME ZONE :zone)`
  const rows = await query(
    ctx.db,
    `SELECT extract(isodow FROM ${local})::int AS weekday, extract(hour FROM ${local})::int AS hour,
       count(*)::int AS sent,
       count(*) FILTER (WHERE m.read_at IS NOT NULL)::int AS read,
       count(*) FILTER (WHERE rp.at IS NOT NULL)::int AS replied
     FROM whatsapp_message m ${FIRST_REPLY}
     WHERE ${scope.sql} AND ${SENT}
     GROUP BY 1, 2 ORDER BY 1, 2`,
    scope.params
  )
  const cells = rows.map((r: any) => ({
    weekday: r.weekday,
    hour: r.hour,
    slot: slotName(r.weekday, r.hour),
    sent: r.sent,
    read: r.read,
    replied: r.replied,
    read_rate: round(rate(r.read, r.sent)),
    reply_rate: round(rate(r.replied, r.sent)),
  }))
  const best = (key: "read" | "replied") =>
    topSlots(
      cells.map((c: any) => ({ weekday: c.weekday, hour: c.hour, n: c.sent, hits: c[key] })),
      { limit: 3, minSample: 3 }
    ).map((s) => ({ name: s.name, rate: round(s.rate), n: s.n }))
  return {
    note: `Sent outbound messages by the weekday and hour they were sent, in ${ctx.zone}; read rate and reply rate (a reply within 24 h of delivery) per cell; best slots need at least 3 messages.`,
    columns: [
      { key: "slot", label: "Slot", type: "text" as const },
      { key: "sent", label: "Sent", type: "number" as const },
      { key: "read", label: "Read", type: "number" as const },
      { key: "replied", label: "Replied", type: "number" as const },
      { key: "read_rate", label: "Read rate", type: "percent" as const },
      { key: "reply_rate", label: "Reply rate", type: "percent" as const },
    ],
    rows: cells,
    chart: { type: "heatmap", weekdays: WEEKDAYS, hours: 24, best_read: best("read"), best_reply: best("replied") },
  }
}

// ------------------------------------------------------------------ 4 message effects

async function messageEffects(ctx: FigureContext) {
  const scope = outboundScope(ctx)
  const rows = await query(
    ctx.db,
    `SELECT ${lengthBandSql("char_length(m.text)")} AS band,
       ${startsWithNameSql("m.text", "cu.first_name")} AS named,
       count(*)::int AS messages,
       count(*) FILTER (WHERE m.read_at IS NOT NULL)::int AS read,
       count(*) FILTER (WHERE rp.at IS NOT NULL)::int AS replied
     FROM whatsapp_message m
     LEFT JOIN ${customers({ withDeleted: true })} cu ON cu.id = m.customer_id
     ${FIRST_REPLY}
     WHERE ${scope.sql} AND ${SENT} AND m.text IS NOT NULL AND m.text <> ''
     GROUP BY 1, 2`,
    scope.params
  )
  const sum = (pred: (r: any) => boolean) =>
    rows.filter(pred).reduce((a: any, r: any) => ({ messages: a.messages + r.messages, read: a.read + r.read, replied: a.replied + r.replied }), {
      messages: 0,
      read: 0,
      replied: 0,
    })
  const all = sum(() => true)
  const baseline = rate(all.replied, all.messages)
  const line = (dimension: string, group: string, s: { messages: number; read: number; replied: number }, base: number | null) => ({
    dimension,
    group,
    messages: s.messages,
    read_rate: round(rate(s.read, s.messages)),
    reply_rate: round(rate(s.replied, s.messages)),
    reply_uplift: round(uplift(rate(s.replied, s.messages), base)),
  })
  const out: ReturnType<typeof line>[] = []
  if (all.messages) {
    for (const b of LENGTH_BANDS) {
      const s = sum((r) => r.band === b.label)
      if (s.messages) out.push(line("length", b.label, s, baseline))
    }
    const without = sum((r) => !r.named)
    const withName = sum((r) => r.named)
    const withoutRate = rate(without.replied, without.messages)
    if (without.messages) out.push(line("name", "does not start with the name", without, withoutRate))
    if (withName.messages) out.push(line("name", "starts with the customer's name", withName, withoutRate))
  }
  return {
    note: "Free-form text messages only (template messages have no text recorded): reply rate by length band (uplift vs all text messages) and by whether the text starts with the customer's first name after an optional greeting (uplift vs those that do not).",
    columns: [
      { key: "dimension", label: "Dimension", type: "text" as const },
      { key: "group", label: "Group", type: "text" as const },
      { key: "messages", label: "Messages", type: "number" as const },
      { key: "read_rate", label: "Read rate", type: "percent" as const },
      { key: "reply_rate", label: "Reply rate", type: "percent" as const },
      { key: "reply_uplift", label: "Reply uplift", type: "percent" as const },
    ],
    rows: out,
    chart: { type: "table", baseline_reply_rate: round(baseline) },
  }
}

// ------------------------------------------------------------------ 8 service: first response

async function firstResponse(ctx: FigureContext) {
  const f = ctx.filters
  const rows = await query(
    ctx.db,
    `WITH waits AS (
       SELECT im.contact_id, im.created_at, COALESCE(im.received_at, im.created_at) AS at
       FROM whatsapp_message im
       WHERE im.created_at >= :from AND im.created_at < :to AND im.direction = 'inbound' AND im.deleted_at IS NULL
         -- The first customer message since the last agent answer opens a wait.
         AND NOT EXISTS (
           SELECT 1 FROM whatsapp_message p
           WHERE p.contact_id = im.contact_id AND p.direction = 'inbound' AND p.deleted_at IS NULL AND p.created_at < im.created_at
             AND p.created_at > COALESCE((
               SELECT max(a.created_at) FROM whatsapp_message a
               WHERE a.contact_id = im.contact_id AND a.direction = 'outbound' AND a.deleted_at IS NULL
                 AND a.source LIKE 'agent:%' AND a.created_at < im.created_at), '-infinity'::timestamptz))
     ), answered AS (
       SELECT w.at, (SELECT min(a.created_at) FROM whatsapp_message a
           WHERE a.contact_id = w.contact_id AND a.direction = 'outbound' AND a.deleted_at IS NULL
             AND a.source LIKE 'agent:%' AND a.created_at >= w.created_at) AS answered_at
       FROM waits w
     )
     SELECT extract(hour FROM at AT TIME ZONE :zone)::int AS hour, count(*)::int AS waits,
       count(answered_at)::int AS answered,
       percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - at) / 60.0) AS median_min,
       percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM answered_at - at) / 60.0) AS p90_min
     FROM answered GROUP BY 1 ORDER BY 1`,
    { from: f.from, to: f.to, zone: ctx.zone }
  )
  const out = rows.map((r: any) => ({
    hour: `${String(r.hour).padStart(2, "0")}:00–${r.hour === 23 ? "24" : String(r.hour + 1).padStart(2, "0")}:00`,
    waits: r.waits,
    answered: r.answered,
    answered_rate: round(rate(r.answered, r.waits)),
    median_min: round(numOrNull(r.median_min), 2),
    p90_min: round(numOrNull(r.p90_min), 2),
  }))
  return {
    note: `Inbox: each customer message that starts a wait (the first since the last agent answer), by its local hour in ${ctx.zone}; minutes to the next agent reply (auto-replies not counted). Only the date range applies.`,
    columns: [
      { key: "hour", label: "Hour", type: "text" as const },
      { key: "waits", label: "Waits", type: "number" as const },
      { key: "answered", label: "Answered", type: "number" as const },
      { key: "answered_rate", label: "Answered rate", type: "percent" as const },
      { key: "median_min", label: "Median (min)", type: "minutes" as const },
      { key: "p90_min", label: "90th percentile (min)", type: "minutes" as const },
    ],
    rows: out,
    chart: { type: "table" },
  }
}

// ------------------------------------------------------------------ registry

export const FIGURES: Record<string, FigureDef> = {
  funnel: { title: "Funnel by day", filters: ["from", "to", "campaign_id", "segment_id", "template", "kind"], run: funnel },
  reply_decay: { title: "Reply decay", filters: ["from", "to", "campaign_id", "segment_id", "template", "kind"], run: replyDecay },
  best_hours: { title: "Best hours to send", filters: ["from", "to", "campaign_id", "segment_id", "template", "kind"], run: bestHours },
  message_effects: { title: "Message length and name", filters: ["from", "to", "campaign_id", "segment_id", "template", "kind"], run: messageEffects },
  first_response: { title: "Inbox first-response time by hour", filters: ["from", "to"], run: firstResponse },
}

export const FIGURE_NAMES = Object.keys(FIGURES)

export function listFigures() {
  return FIGURE_NAMES.map((figure) => ({ figure, title: FIGURES[figure].title, filters: FIGURES[figure].filters }))
}

export async function runFigure(name: string, ctx: FigureContext): Promise<Figure | null> {
  const def = Object.prototype.hasOwnProperty.call(FIGURES, name) ? FIGURES[name] : null
  if (!def) return null
  const out = await def.run(ctx)
  return { figure: name, title: def.title, ...out }
}

export { num }
