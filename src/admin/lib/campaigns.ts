/**
 * Marketing campaigns: response shapes of the plugin's admin API (src/api/admin/whatsapp/campaigns/**,
 * modules/whatsapp/campaigns/results.ts), their labels, small helpers (template variables, the
 * store's time zone, durations) and the react-query hooks the Campaigns pages use.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { CampaignSettings, CampaignState, PreviewCustomer } from "../../shared/campaigns"
import type { TemplateDefinitionComponent, WhatsappTemplate } from "./notifications"
import { sdk } from "./sdk"

// ------------------------------------------------------------------ types

export { CAMPAIGN_STATES, TERMINAL_STATES } from "../../shared/campaigns"
export type { CampaignSettings, CampaignState, PreviewCustomer } from "../../shared/campaigns"

export type CampaignMessageKind = "template" | "text"

/** Where a template parameter's value comes from at send time (validators.ts `Parameter.source`). */
export type CampaignParameterSource = "customer.first_name" | "customer.last_name" | "customer.full_name" | "store.name" | "campaign.discount_code" | "static"

export interface CampaignParameter {
  component: "header" | "body" | "button"
  /** Button position in the template's buttons (URL buttons). */
  index?: number
  source: CampaignParameterSource | string
  /** For "static": the literal value (a link suffix, a date…). */
  value?: string
  /** Used when the source is empty (a customer with no first name). */
  fallback?: string
  parameter_name?: string
}

export interface CampaignCta {
  payload: string
  button_index?: number
}

export interface CampaignRetarget {
  parent_campaign_id: string
  criterion: RetargetCriterion
}

export type RetargetCriterion = "not_read" | "not_replied"

export interface WhatsappCampaign {
  id: string
  name: string
  status: CampaignState
  /** Why it is paused/failed/canceled: "tier_limit: …", "template_paused: …", "error_rate: …". */
  status_reason: string | null
  /** A tier-paused campaign resumes by itself from this time on. */
  resume_after: string | null
  segment_id: string | null
  segment_rules: unknown
  retarget: CampaignRetarget | null
  message_kind: CampaignMessageKind
  template_name: string | null
  template_language: string | null
  template_category: string | null
  parameters: CampaignParameter[] | null
  text: string | null
  cta: CampaignCta | null
  discount_code: string | null
  scheduled_at: string | null
  timezone: string | null
  attribution_window_days: number
  frozen_at: string | null
  audience_count: number
  checkpoint_seq: number
  started_at: string | null
  finished_at: string | null
  created_by: string | null
  metadata: Record<string, unknown> | null
  created_at: string
  updated_at: string
}

/** A row of GET /admin/whatsapp/campaigns: recipients done (sent, failed or skipped) and their share of the audience. */
export interface CampaignListItem extends WhatsappCampaign {
  processed: number
  progress: number
}

export interface CampaignListResponse {
  campaigns: CampaignListItem[]
  count: number
  limit: number
  offset: number
}

export interface CampaignFailureReason {
  /** "failed" or "skipped" */
  status: string
  /** "no_consent", "frequency_cap", "131026: Message undeliverable", "campaign_canceled"… */
  reason: string
  n: number
}

export interface CampaignStats {
  recipients: number
  queued: number
  sending: number
  sent: number
  skipped: number
  failed: number
  delivered: number
  read: number
  replied: number
  /** 0..1: recipients no longer queued or sending. */
  progress: number
  opted_out: number
  by_reason: CampaignFailureReason[]
  cost: { currency: string; amount: number }
  attribution: { orders: number; revenue: number; order_ids: string[]; revenue_per_message: number }
}

export interface CampaignEvent {
  id: string
  campaign_id: string
  from_status: CampaignState | null
  to_status: CampaignState
  /** A user id, "system", "scheduler", "webhook", "dispatcher". */
  actor: string
  reason: string | null
  created_at: string
}

/** GET /admin/whatsapp/campaigns/:id */
export interface CampaignDetailResponse {
  campaign: WhatsappCampaign
  stats: CampaignStats
  events: CampaignEvent[]
}

/** POST /admin/whatsapp/campaigns body */
export interface CreateCampaignPayload extends CampaignMessageSpec {
  name: string
  segment_id?: string | null
  scheduled_at?: string | null
  timezone?: string | null
  attribution_window_days?: number
}

export interface CampaignEstimate {
  /** Contacts in the audience. */
  members: number
  recipients_with_consent: number
  /** Who the message can reach: everyone with consent, or (free-form text) those inside their 24 h window. */
  reachable: number
  cost: {
    currency: string
    recipients: number
    cost: number
    by_country: { country: string; recipients: number; unit_price: number; cost: number }[]
  }
  throughput_mps: number
  /** Unique users per rolling 24 h; null = unlimited. */
  messaging_tier: number | null
  estimated_duration_seconds: number
}

export type CampaignAction = "start" | "pause" | "resume" | "cancel" | "unschedule"

/** The message part of a campaign, as the preview and test-send routes take it. */
export interface CampaignMessageSpec {
  message_kind: CampaignMessageKind
  template_name?: string | null
  template_language?: string | null
  parameters?: CampaignParameter[] | null
  text?: string | null
  cta?: CampaignCta | null
  discount_code?: string | null
}

/** The message read back as text (domain/campaign-preview.ts). */
export interface PreviewMessageText {
  header: string | null
  header_format: string | null
  body: string
  footer: string | null
  buttons: { type: string; text: string; url?: string; payload?: string }[]
  missing: string[]
  extra: string[]
  text: string
}

/** POST /admin/whatsapp/campaigns/preview */
export interface CampaignPreview {
  customer: PreviewCustomer | null
  candidates: PreviewCustomer[]
  template: { name: string; language: string; status: string; category: string } | null
  ok: boolean
  /** Why it cannot be rendered ("missing_data: customer.first_name is empty and has no fallback"). */
  reason: string | null
  request: unknown
  message: PreviewMessageText | null
  warnings: string[]
}

export const PRICE_CATEGORIES = ["marketing", "utility", "authentication", "service"] as const
export type PriceCategory = (typeof PRICE_CATEGORIES)[number]

export interface PriceTable {
  currency: string
  default: Record<PriceCategory, number>
  countries: Record<string, Partial<Record<PriceCategory, number>>>
}

export interface CampaignSettingsResponse {
  settings: CampaignSettings
  price_table: PriceTable
  defaults: { settings: CampaignSettings; price_table: PriceTable }
}

// ------------------------------------------------------------------ labels

export const CAMPAIGN_STATE_LABELS: Record<CampaignState, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  running: "Running",
  paused: "Paused",
  completed: "Completed",
  canceled: "Canceled",
  failed: "Failed",
}

export const CAMPAIGN_STATE_COLORS: Record<CampaignState, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  draft: "grey",
  scheduled: "purple",
  running: "blue",
  paused: "orange",
  completed: "green",
  canceled: "grey",
  failed: "red",
}

export const stateLabel = (s: string) => CAMPAIGN_STATE_LABELS[s as CampaignState] ?? s
export const stateColor = (s: string) => CAMPAIGN_STATE_COLORS[s as CampaignState] ?? "grey"

export const PARAMETER_SOURCE_LABELS: Record<CampaignParameterSource, string> = {
  "customer.first_name": "Customer first name",
  "customer.last_name": "Customer last name",
  "customer.full_name": "Customer full name",
  "store.name": "Store name",
  "campaign.discount_code": "Campaign discount code",
  static: "Fixed text or link",
}

export const PARAMETER_SOURCES = Object.keys(PARAMETER_SOURCE_LABELS) as CampaignParameterSource[]

export const RETARGET_LABELS: Record<RetargetCriterion, string> = {
  not_read: "Did not read",
  not_replied: "Did not reply",
}

/** Which manual actions the state machine (domain/campaign-rules.ts) allows from a state. */
export const CAMPAIGN_ACTIONS: Record<CampaignState, CampaignAction[]> = {
  draft: ["start", "cancel"],
  scheduled: ["start", "unschedule", "cancel"],
  running: ["pause", "cancel"],
  paused: ["resume", "cancel"],
  completed: [],
  canceled: [],
  failed: [],
}

const SKIP_REASONS: Record<string, string> = {
  no_consent: "No marketing consent",
  frequency_cap: "Frequency cap",
  quiet_hours: "Quiet hours",
  window_closed: "Outside the 24 h window",
  outside_window: "Outside the 24 h window",
  campaign_canceled: "Campaign canceled",
  missing_data: "Missing data",
  missing_text: "No message text",
  missing_template: "No template",
}

/** "131026: Message undeliverable" → { code: "131026", text: "Message undeliverable" }; "no_consent" → { text: "No marketing consent" }. */
export function describeCampaignReason(reason: string): { code: string | null; text: string } {
  const trimmed = reason.trim()
  if (SKIP_REASONS[trimmed]) return { code: trimmed, text: SKIP_REASONS[trimmed] }
  const match = /^([A-Za-z_]+|\d+):\s*(.*)$/s.exec(trimmed)
  if (!match) return { code: null, text: humanize(trimmed) }
  const [, code, rest] = match
  const title = SKIP_REASONS[code]
  const detail = rest.trim()
  if (title) return { code, text: detail ? `${title}: ${detail}` : title }
  return { code, text: detail || humanize(code) }
}

/** "tier_limit: 2000 unique users per 24 h reached" → "Messaging limit: 2000 unique users per 24 h reached" */
export function describeStatusReason(reason: string | null | undefined): string | null {
  if (!reason) return null
  const known: Record<string, string> = {
    tier_limit: "Messaging limit",
    template_paused: "Template paused by Meta",
    template_disabled: "Template disabled by Meta",
    error_rate: "Too many failures",
    quality_red: "Phone number quality is low",
  }
  const match = /^([a-z_]+):\s*(.*)$/s.exec(reason.trim())
  if (match && known[match[1]]) return match[2] ? `${known[match[1]]}: ${match[2]}` : known[match[1]]
  return reason.charAt(0).toUpperCase() + reason.slice(1)
}

function humanize(s: string): string {
  const words = s.replace(/_/g, " ")
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** "system", "scheduler"… in words; user ids are resolved by the caller. */
export function describeActor(actor: string): string {
  switch (actor) {
    case "system":
      return "System"
    case "scheduler":
      return "Scheduler"
    case "webhook":
      return "WhatsApp (webhook)"
    case "dispatcher":
      return "Sender"
    case "admin":
      return "Admin"
    default:
      return actor
  }
}

export const isUserActor = (actor: string) => actor.startsWith("user_")

// ------------------------------------------------------------------ templates

const VARIABLE = /\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g

/** Unique variable names in order of first use ("1", "2" or "first_name"), numbered ones sorted. */
export function variablesIn(text: string | null | undefined): string[] {
  const vars = [...new Set([...(text ?? "").matchAll(VARIABLE)].map((m) => m[1]))]
  return vars.every((v) => /^\d+$/.test(v)) ? vars.sort((a, b) => Number(a) - Number(b)) : vars
}

/** "Hi {{1}}" + { "1": "Ana" } → "Hi Ana"; unknown variables stay as they are. */
export function fillVariables(text: string, values: Record<string, string | null | undefined>): string {
  return text.replace(VARIABLE, (m, name: string) => {
    const v = values[name]
    return v === undefined || v === null || v === "" ? m : v
  })
}

export const componentOf = (t: WhatsappTemplate | null | undefined, type: TemplateDefinitionComponent["type"]) =>
  t?.components?.find((c) => c.type === type) ?? null

export const buttonsOf = (t: WhatsappTemplate | null | undefined) => componentOf(t, "BUTTONS")?.buttons ?? []

/** A slot the campaign must fill: a header/body variable, or a URL button's suffix. */
export interface TemplateSlot {
  key: string
  component: "header" | "body" | "button"
  /** Button position for URL buttons. */
  index?: number
  /** The variable name: "1", "2" or "first_name". */
  variable: string
  label: string
}

/** Every variable of a template, in the order the Cloud API expects them per component. */
export function templateSlots(t: WhatsappTemplate | null | undefined): TemplateSlot[] {
  if (!t) return []
  const header = componentOf(t, "HEADER")
  const slots: TemplateSlot[] = []
  if (!header?.format || header.format === "TEXT") {
    for (const v of variablesIn(header?.text)) slots.push({ key: `header:${v}`, component: "header", variable: v, label: `Header {{${v}}}` })
  }
  for (const v of variablesIn(componentOf(t, "BODY")?.text)) slots.push({ key: `body:${v}`, component: "body", variable: v, label: `Body {{${v}}}` })
  buttonsOf(t).forEach((b, i) => {
    if (b.type !== "URL") return
    for (const v of variablesIn(b.url)) {
      slots.push({ key: `button:${i}:${v}`, component: "button", index: i, variable: v, label: `Button “${b.text}” link {{${v}}}` })
    }
  })
  return slots
}

export const slotKeyOf = (p: Pick<CampaignParameter, "component" | "index" | "parameter_name">, variable: string) =>
  p.component === "button" ? `button:${p.index ?? 0}:${variable}` : `${p.component}:${variable}`

/** Why a template can't be used for a campaign, or null when it can. */
export function campaignTemplateProblem(t: WhatsappTemplate): string | null {
  if (t.status !== "APPROVED") return `It is ${String(t.status).toLowerCase().replace(/_/g, " ")}, not approved.`
  if (String(t.category).toUpperCase() !== "MARKETING") return `It is a ${String(t.category).toLowerCase()} template; campaigns send marketing templates.`
  const header = componentOf(t, "HEADER")
  if (header?.format && header.format !== "TEXT") {
    return `Its ${header.format.toLowerCase()} header needs a media file, which campaigns can't attach yet.`
  }
  return null
}

export const isCampaignTemplate = (t: WhatsappTemplate) => t.status === "APPROVED" && String(t.category).toUpperCase() === "MARKETING"

// ------------------------------------------------------------------ time

/** The store's time zone when valid, else the browser's. */
export function resolveTimeZone(tz: string | null | undefined): string {
  const browser = Intl.DateTimeFormat().resolvedOptions().timeZone
  if (!tz) return browser
  try {
    new Intl.DateTimeFormat(undefined, { timeZone: tz })
    return tz
  } catch {
    return browser
  }
}

/** Milliseconds `timeZone` is ahead of UTC at `date`. */
function zoneOffsetMs(date: Date, timeZone: string): number {
  const t = Math.floor(date.getTime() / 1000) * 1000
  const parts = new Intl.DateTimeFormat("en-US", {
    timeZone,
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
  }).formatToParts(new Date(t))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0)
  return Date.UTC(get("year"), get("month") - 1, get("day"), get("hour") % 24, get("minute"), get("second")) - t
}

/**
 * The date pickers work in the browser's clock; the merchant means the store's. Reads the picked
 * wall time (year … minute) as a time in `timeZone` and returns that instant.
 */
export function wallTimeToInstant(picked: Date, timeZone: string): Date {
  const guess = Date.UTC(picked.getFullYear(), picked.getMonth(), picked.getDate(), picked.getHours(), picked.getMinutes())
  const first = guess - zoneOffsetMs(new Date(guess), timeZone)
  const second = guess - zoneOffsetMs(new Date(first), timeZone)
  return new Date(second)
}

/** The inverse: an instant as a browser-local Date showing the wall time in `timeZone` (for the picker). */
export function instantToWallTime(instant: Date, timeZone: string): Date {
  const shifted = new Date(instant.getTime() + zoneOffsetMs(instant, timeZone))
  return new Date(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate(), shifted.getUTCHours(), shifted.getUTCMinutes())
}

/** "26 Nov 2026, 09:00 (Asia/Bangkok)" */
export function formatInZone(value: string | Date | null | undefined, timeZone: string): string {
  if (!value) return "-"
  const date = value instanceof Date ? value : new Date(value)
  if (Number.isNaN(date.getTime())) return "-"
  return `${new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short", timeZone }).format(date)} (${timeZone})`
}

/** 42 → "42 s", 3720 → "1 h 2 min", 90000 → "1 d 1 h" */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds <= 0) return "under a second"
  if (seconds < 60) return `${Math.ceil(seconds)} s`
  const minutes = Math.ceil(seconds / 60)
  const d = Math.floor(minutes / 1440)
  const h = Math.floor((minutes % 1440) / 60)
  const m = minutes % 60
  if (d) return h ? `${d} d ${h} h` : `${d} d`
  if (h) return m ? `${h} h ${m} min` : `${h} h`
  return `${m} min`
}

export function formatMoney(value: number | null | undefined, currency?: string | null, maxDigits = 2): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "-"
  if (currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase(), maximumFractionDigits: maxDigits }).format(value)
    } catch {
      // Unknown currency code: a plain number with the code.
      return `${new Intl.NumberFormat(undefined, { maximumFractionDigits: maxDigits }).format(value)} ${currency.toUpperCase()}`
    }
  }
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: maxDigits }).format(value)
}

export const formatCount = (n: number | null | undefined) => (n === null || n === undefined ? "-" : new Intl.NumberFormat().format(n))

/** 0.4231 → "42%"; "-" without a base. */
export function formatPercent(part: number, whole: number): string {
  if (!whole) return "-"
  const p = (part / whole) * 100
  return `${p > 0 && p < 1 ? "<1" : Math.round(p)}%`
}

// ------------------------------------------------------------------ hooks

export const campaignKeys = {
  all: ["whatsapp", "campaigns"] as const,
  list: (offset: number, limit: number) => ["whatsapp", "campaigns", "list", offset, limit] as const,
  detail: (id: string) => ["whatsapp", "campaigns", "detail", id] as const,
  estimate: (segmentId: string | null, kind: CampaignMessageKind) => ["whatsapp", "campaigns", "estimate", segmentId, kind] as const,
  user: (id: string) => ["whatsapp", "campaigns", "user", id] as const,
  store: () => ["whatsapp", "campaigns", "store"] as const,
  preview: (body: unknown) => ["whatsapp", "campaigns", "preview", body] as const,
  settings: () => ["whatsapp", "campaigns", "settings"] as const,
}

const REFRESH_MS = 2500
const isLive = (s: string) => s === "running"

/** The list; refreshes itself while a campaign is running (and, slower, while one is scheduled). */
export function useCampaigns(offset = 0, limit = 20) {
  return useQuery({
    queryKey: campaignKeys.list(offset, limit),
    queryFn: () => sdk.client.fetch<CampaignListResponse>("/admin/whatsapp/campaigns", { query: { limit, offset } }),
    placeholderData: keepPreviousData,
    refetchInterval: (q) => {
      const rows = q.state.data?.campaigns ?? []
      if (rows.some((c) => isLive(c.status))) return REFRESH_MS
      if (rows.some((c) => c.status === "scheduled")) return 15_000
      return false
    },
  })
}

/** One campaign with stats and state log; polls every 2.5 s while it runs. */
export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: campaignKeys.detail(id ?? ""),
    queryFn: () => sdk.client.fetch<CampaignDetailResponse>(`/admin/whatsapp/campaigns/${encodeURIComponent(id!)}`),
    enabled: !!id,
    refetchInterval: (q) => {
      const status = q.state.data?.campaign.status
      if (!status) return false
      if (isLive(status)) return REFRESH_MS
      if (status === "scheduled") return 15_000
      return false
    },
  })
}

/** Recipients with consent, cost and duration for an audience; null segment = every WhatsApp contact. */
export function useCampaignEstimate(input: { segment_id: string | null; message_kind: CampaignMessageKind } | null) {
  return useQuery({
    queryKey: campaignKeys.estimate(input?.segment_id ?? null, input?.message_kind ?? "template"),
    queryFn: () => sdk.client.fetch<{ estimate: CampaignEstimate }>("/admin/whatsapp/campaigns/estimate", { method: "POST", body: input! }),
    enabled: !!input,
    placeholderData: keepPreviousData,
    retry: false,
  })
}

function useInvalidateCampaigns() {
  const queryClient = useQueryClient()
  return () => queryClient.invalidateQueries({ queryKey: campaignKeys.all })
}

export function useCreateCampaign() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: (body: CreateCampaignPayload) => sdk.client.fetch<{ campaign: WhatsappCampaign }>("/admin/whatsapp/campaigns", { method: "POST", body }),
    onSuccess: invalidate,
  })
}

export function useCampaignAction() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: ({ id, action, reason, scheduled_at }: { id: string; action: CampaignAction; reason?: string | null; scheduled_at?: string | null }) =>
      sdk.client.fetch<{ campaign: WhatsappCampaign }>(`/admin/whatsapp/campaigns/${encodeURIComponent(id)}/${action}`, {
        method: "POST",
        body: { ...(reason ? { reason } : {}), ...(scheduled_at ? { scheduled_at } : {}) },
      }),
    onSettled: invalidate,
  })
}

/**
 * Creates a draft follow-up to the parent's recipients who did not read / did not reply; `message`
 * replaces the parent's message (another template with its own variables, or free-form text).
 */
export function useRetargetCampaign() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: ({
      id,
      criterion,
      name,
      message,
    }: {
      id: string
      criterion: RetargetCriterion
      name?: string
      message?: Partial<CampaignMessageSpec> | null
    }) =>
      sdk.client.fetch<{ campaign: WhatsappCampaign }>(`/admin/whatsapp/campaigns/${encodeURIComponent(id)}/retarget`, {
        method: "POST",
        body: { criterion, ...(name?.trim() ? { name: name.trim() } : {}), ...(message ?? {}) },
      }),
    onSuccess: invalidate,
  })
}

/** Changes a draft or scheduled campaign (the API answers 409 once it has started). */
export function useUpdateCampaign() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: ({ id, body }: { id: string; body: Partial<CreateCampaignPayload> }) =>
      sdk.client.fetch<{ campaign: WhatsappCampaign }>(`/admin/whatsapp/campaigns/${encodeURIComponent(id)}`, { method: "POST", body }),
    onSuccess: invalidate,
  })
}

/** Deletes a draft. */
export function useDeleteCampaign() {
  const invalidate = useInvalidateCampaigns()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<{ id: string; deleted: boolean }>(`/admin/whatsapp/campaigns/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: invalidate,
  })
}

/** The message rendered by the server for a real customer (the one picked, or the first the audience reaches). */
export function useCampaignPreview(
  body: (CampaignMessageSpec & { customer_id?: string | null; segment_id?: string | null; customer_search?: string | null }) | null
) {
  return useQuery({
    queryKey: campaignKeys.preview(body),
    queryFn: () => sdk.client.fetch<{ preview: CampaignPreview }>("/admin/whatsapp/campaigns/preview", { method: "POST", body: body! }),
    enabled: !!body,
    placeholderData: keepPreviousData,
    retry: false,
  })
}

/** One real message to a phone number, rendered with the picked customer's data. */
export function useCampaignTestSend() {
  return useMutation({
    mutationFn: (body: CampaignMessageSpec & { to: string; customer_id?: string | null }) =>
      sdk.client.fetch<{ message: { id: string; status: string }; to: string; duplicate: boolean }>("/admin/whatsapp/campaigns/test-send", {
        method: "POST",
        body,
      }),
  })
}

export function useCampaignSettings() {
  return useQuery({
    queryKey: campaignKeys.settings(),
    queryFn: () => sdk.client.fetch<CampaignSettingsResponse>("/admin/whatsapp/campaigns/settings"),
  })
}

export function useUpdateCampaignSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: { settings?: Partial<CampaignSettings>; price_table?: PriceTable }) =>
      sdk.client.fetch<CampaignSettingsResponse>("/admin/whatsapp/campaigns/settings", { method: "POST", body }),
    onSuccess: (data) => {
      queryClient.setQueryData(campaignKeys.settings(), data)
      // Estimates use the price table and the limits.
      return queryClient.invalidateQueries({ queryKey: ["whatsapp", "campaigns", "estimate"] })
    },
  })
}

/** "Ana Silva", else the email, else the number. */
export function customerLabel(c: Pick<PreviewCustomer, "first_name" | "last_name" | "email" | "wa_id" | "id">): string {
  return [c.first_name, c.last_name].filter(Boolean).join(" ") || c.email || (c.wa_id ? `+${c.wa_id}` : c.id)
}

/** Who a user actor is ("Ana Silva" / email), for the state log. */
export function useAdminUser(id: string | null) {
  return useQuery({
    queryKey: campaignKeys.user(id ?? ""),
    queryFn: () => sdk.admin.user.retrieve(id!),
    enabled: !!id,
    staleTime: Infinity,
    retry: false,
  })
}

/** The store's default currency (attributed revenue is in order currency; the API does not say which). */
export function useStoreCurrency() {
  return useQuery({
    queryKey: campaignKeys.store(),
    queryFn: () => sdk.admin.store.list({ fields: "id,supported_currencies.*" }),
    select: (r) => {
      const currencies = r.stores?.[0]?.supported_currencies ?? []
      return (currencies.find((c) => c.is_default) ?? currencies[0])?.currency_code ?? null
    },
    staleTime: Infinity,
    retry: false,
  })
}
