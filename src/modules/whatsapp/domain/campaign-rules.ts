/**
 * Campaign rules, pure: the state machine, the per-recipient decision at send time (consent,
 * window, frequency cap, quiet hours, pair rate), parameter rendering, estimates and attribution.
 * The dispatcher (campaigns/pipeline.ts) feeds them rows and acts on the answers.
 */
import type { CampaignState, QuietHours } from "../../../shared/campaigns"
import type { TemplateComponentParam } from "../channels/cloud-api/types"
import { localTime, type ActiveHours } from "./keywords"
import { addTemplateParameter, resolveParameter, type NotificationContext, type ParameterSource } from "./notifications"
import { pairRateDelay, withinFrequencyCap, type FrequencyCap } from "./rate-limit"
import { isWindowOpen } from "./window"

// ---------------------------------------------------------------- state machine

// The states, and the quiet hours shape below, live in src/shared/campaigns.ts (the admin dashboard uses them too).
export { CAMPAIGN_STATES, TERMINAL_STATES } from "../../../shared/campaigns"
export type { CampaignState } from "../../../shared/campaigns"

const TRANSITIONS: Record<CampaignState, readonly CampaignState[]> = {
  draft: ["scheduled", "running", "canceled"],
  scheduled: ["draft", "running", "canceled"],
  running: ["paused", "completed", "canceled", "failed"],
  paused: ["running", "canceled", "failed"],
  completed: [],
  canceled: [],
  failed: [],
}

export function canTransition(from: CampaignState, to: CampaignState): boolean {
  return TRANSITIONS[from]?.includes(to) ?? false
}

export function allowedTransitions(from: CampaignState): readonly CampaignState[] {
  return TRANSITIONS[from] ?? []
}

export class CampaignTransitionError extends Error {
  constructor(
    readonly from: CampaignState,
    readonly to: CampaignState
  ) {
    super(`A ${from} campaign cannot become ${to} (allowed: ${allowedTransitions(from).join(", ") || "none"})`)
  }
}

export function assertTransition(from: CampaignState, to: CampaignState): void {
  if (!canTransition(from, to)) throw new CampaignTransitionError(from, to)
}

// ---------------------------------------------------------------- quiet hours

export type { QuietHours } from "../../../shared/campaigns"

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number)
  return h * 60 + (m || 0)
}

/**
 * When a send that falls in quiet hours may go: the end of the quiet period, in the given time
 * zone; null when `now` is outside quiet hours. Deferred, never dropped.
 */
export function quietHoursDeferral(quiet: Pick<QuietHours, "start" | "end"> | null | undefined, now: Date, timeZone: string): Date | null {
  if (!quiet) return null
  const hours: ActiveHours = { start: quiet.start, end: quiet.end }
  const { minutes } = localTime(now, timeZone)
  const start = toMinutes(hours.start)
  const end = toMinutes(hours.end)
  if (start === end) return null
  const inside = start < end ? minutes >= start && minutes < end : minutes >= start || minutes < end
  if (!inside) return null
  const wait = (end - minutes + 1440) % 1440
  // Whole minutes; the seconds already elapsed in the current minute are subtracted.
  const at = new Date(now.getTime() + wait * 60_000 - (now.getUTCSeconds() * 1000 + now.getUTCMilliseconds()))
  return at
}

// ---------------------------------------------------------------- recipient decision

export interface RecipientFacts {
  marketing_consent: string
  last_inbound_at: Date | string | null
  last_outbound_at: Date | string | null
  /** Marketing messages sent to this contact in the frequency-cap period (other campaigns). */
  recent_marketing: number
  /** The customer's own IANA zone, when known. */
  timezone?: string | null
}

export interface SendPolicy {
  message_kind: "template" | "text"
  frequency_cap: FrequencyCap | null
  quiet_hours: QuietHours | null
  store_timezone: string
  pair_rate_interval_ms: number
}

export type RecipientDecision = { action: "send" } | { action: "skip"; reason: string } | { action: "defer"; until: Date; reason: string }

/** Decided at send time, on facts read in the same batch: an opt-out a second ago wins. */
export function decideRecipient(facts: RecipientFacts, policy: SendPolicy, now: Date): RecipientDecision {
  if (facts.marketing_consent !== "granted") return { action: "skip", reason: "no_consent" }
  if (policy.message_kind === "text" && !isWindowOpen(facts.last_inbound_at as any, now)) {
    return { action: "skip", reason: "outside_window: free-form text needs an open 24 h window" }
  }
  if (!withinFrequencyCap(facts.recent_marketing, policy.frequency_cap)) {
    return { action: "skip", reason: `frequency_cap: ${policy.frequency_cap!.max} per ${policy.frequency_cap!.days} days reached` }
  }
  if (policy.quiet_hours) {
    const zone = policy.quiet_hours.zone === "customer" && facts.timezone ? facts.timezone : policy.store_timezone
    const until = quietHoursDeferral(policy.quiet_hours, now, zone)
    if (until) return { action: "defer", until, reason: `quiet_hours (${zone})` }
  }
  const last = facts.last_outbound_at ? new Date(facts.last_outbound_at) : null
  const wait = pairRateDelay(last, now, policy.pair_rate_interval_ms)
  if (wait > 0) return { action: "defer", until: new Date(now.getTime() + wait), reason: "pair_rate" }
  return { action: "send" }
}

/** A free-form campaign may only target contacts inside their window; said before launch too. */
export function freeFormAllowed(lastInboundAt: Date | string | null, now: Date): boolean {
  return isWindowOpen(lastInboundAt as any, now)
}

// ---------------------------------------------------------------- rendering

export type CampaignParameterSource = ParameterSource | "campaign.discount_code" | "static"

export interface CampaignParameterMapping {
  component: "header" | "body" | "button"
  /** Button index (URL buttons take a parameter). */
  index?: number
  source: CampaignParameterSource
  /** For "static": the literal value (a product or collection link suffix, a date…). */
  value?: string
  fallback?: string
  parameter_name?: string
}

export interface CampaignMessageSpec {
  message_kind: "template" | "text"
  template_name?: string | null
  template_language?: string | null
  parameters?: CampaignParameterMapping[] | null
  text?: string | null
  discount_code?: string | null
  /** Quick-reply payload (e.g. "YES") placed on the template's quick-reply button. */
  cta?: { payload: string; button_index?: number } | null
}

export type RenderResult =
  { ok: true; request: { type: "template"; template: any } | { type: "text"; text: { body: string; preview_url: boolean } } } | { ok: false; reason: string }

/** `{{first_name}}`-style placeholders in free-form text use the same sources. */
export function renderCampaignMessage(spec: CampaignMessageSpec, ctx: NotificationContext): RenderResult {
  const language = spec.template_language ?? "en"
  const value = (p: CampaignParameterMapping): string | null => {
    if (p.source === "static") return p.value?.trim() || p.fallback || null
    if (p.source === "campaign.discount_code") return spec.discount_code || p.fallback || null
    return resolveParameter(p.source, ctx, language) ?? p.fallback ?? null
  }
  if (spec.message_kind === "text") {
    if (!spec.text) return { ok: false, reason: "missing_text" }
    const body = spec.text.replace(/\{\{\s*(first_name|discount_code)\s*\}\}/g, (_, k) =>
      k === "first_name" ? (resolveParameter("customer.first_name", ctx, language) ?? "") : (spec.discount_code ?? "")
    )
    return { ok: true, request: { type: "text", text: { body, preview_url: true } } }
  }
  if (!spec.template_name || !spec.template_language) return { ok: false, reason: "missing_template" }
  const components: TemplateComponentParam[] = []
  for (const p of spec.parameters ?? []) {
    const v = value(p)
    if (v == null) return { ok: false, reason: `missing_data: ${p.source} is empty and has no fallback` }
    addTemplateParameter(components, p, v)
  }
  if (spec.cta?.payload) {
    components.push({
      type: "button",
      sub_type: "quick_reply",
      index: String(spec.cta.button_index ?? 0),
      parameters: [{ type: "payload", payload: spec.cta.payload } as any],
    })
  }
  return {
    ok: true,
    request: {
      type: "template",
      template: { name: spec.template_name, language: { code: spec.template_language }, ...(components.length ? { components } : {}) },
    },
  }
}

// ---------------------------------------------------------------- estimates

/** Per-message prices by category, with per-country overrides; the merchant edits it. */
export interface PriceTable {
  currency: string
  default: Record<string, number>
  countries?: Record<string, Record<string, number>>
}

export const DEFAULT_PRICE_TABLE: PriceTable = {
  currency: "USD",
  // Meta's July 2025 card, "Rest of Asia Pacific" (Thailand's band): the sandbox defaults too.
  default: { marketing: 0.0732, utility: 0.0113, authentication: 0.0113, service: 0 },
  countries: {},
}

export function priceFor(table: PriceTable, category: string, country: string | null): number {
  const c = category.toLowerCase()
  const byCountry = country ? table.countries?.[country.toUpperCase()]?.[c] : undefined
  return byCountry ?? table.default[c] ?? 0
}

export interface CostEstimate {
  currency: string
  recipients: number
  cost: number
  by_country: { country: string; recipients: number; unit_price: number; cost: number }[]
}

export function estimateCost(table: PriceTable, category: string, byCountry: { country: string | null; n: number }[]): CostEstimate {
  const rows = byCountry.map(({ country, n }) => {
    const unit = priceFor(table, category, country)
    return { country: country ?? "unknown", recipients: n, unit_price: unit, cost: round(unit * n) }
  })
  return {
    currency: table.currency,
    recipients: rows.reduce((s, r) => s + r.recipients, 0),
    cost: round(rows.reduce((s, r) => s + r.cost, 0)),
    by_country: rows,
  }
}

/**
 * Seconds to send `recipients` at `mps`, when the tier leaves `tierAllowance` users per rolling
 * 24 h (null = unlimited): every full allowance beyond the first waits another day.
 */
export function estimateDurationSeconds(recipients: number, mps: number, tierAllowance: number | null): number {
  const sending = recipients / Math.max(mps, 0.001)
  if (tierAllowance === null || recipients <= tierAllowance) return Math.ceil(sending)
  const extraDays = Math.ceil((recipients - tierAllowance) / Math.max(1, tierAllowance))
  return Math.ceil(sending + extraDays * 86400)
}

const round = (n: number) => Math.round(n * 10000) / 10000

// ---------------------------------------------------------------- attribution

export interface AttributionInput {
  order_at: Date
  /** When the campaign message was read (null = never). */
  read_at: Date | null
  /** When the recipient first clicked one of its tracked links (null = never); counts like a read. */
  clicked_at?: Date | null
  window_days: number
  /** The order used the campaign's discount code (counts whenever it happens after the send). */
  used_campaign_code: boolean
  sent_at: Date | null
}

/**
 * An order counts for the campaign inside [read, read + window] or [first click, first click +
 * window], or when it used the campaign's code.
 */
export function isAttributed(i: AttributionInput): boolean {
  if (i.used_campaign_code && i.sent_at && i.order_at.getTime() >= i.sent_at.getTime()) return true
  const t = i.order_at.getTime()
  const span = i.window_days * 86_400_000
  return [i.read_at, i.clicked_at ?? null].some((at) => at !== null && t >= at.getTime() && t <= at.getTime() + span)
}
