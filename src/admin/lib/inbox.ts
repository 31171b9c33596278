/**
 * The WhatsApp inbox and auto-replies: response shapes of the plugin's admin API
 * (src/api/admin/whatsapp/{conversations,reply-rules,faqs,auto-reply}), their labels, and the
 * react-query hooks the inbox page uses.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { ActiveHours, AutoReplySettings, MatchMode, ReplyAction, ReplyActionType, ReplyRuleTrigger } from "../../shared/auto-replies"
import { sdk } from "./sdk"
import type { ConsentState, WhatsappContact, WhatsappMessage } from "./types"

export type { ActiveHours, AutoReplySettings, MatchMode, ReplyAction, ReplyActionType } from "../../shared/auto-replies"

// ------------------------------------------------------------------ types

export type ConversationStatus = "open" | "resolved"

/** The conversation row as stored. */
export interface WhatsappConversation {
  id: string
  contact_id: string
  customer_id: string | null
  status: ConversationStatus
  /** A person took over: rules stay quiet until the conversation is resolved. */
  handover: boolean
  /** An admin user id. */
  assigned_to: string | null
  /** The first customer message nobody has answered yet. */
  waiting_since: string | null
  last_inbound_at: string | null
  last_reply_at: string | null
  last_response_ms: number | null
  created_at?: string
  updated_at?: string
}

/** A row of GET /admin/whatsapp/conversations: the conversation plus its contact and flags. */
export interface InboxConversation extends WhatsappConversation {
  /** Computed from waiting_since at the server's clock; null when nobody is waiting. */
  waiting_ms: number | null
  /** null for a username user known by business-scoped user id only */
  wa_id: string | null
  user_id?: string | null
  username?: string | null
  profile_name: string | null
  marketing_consent?: ConsentState
  vip: boolean
  /** Waiting longer than the merchant's limit (flag_after_minutes). */
  flagged: boolean
  /** Text of the latest message either way; null for templates and media. */
  last_text: string | null
}

/** GET /admin/whatsapp/conversations — VIP first, then longest waiting. */
export interface InboxResponse {
  conversations: InboxConversation[]
  flag_after_minutes: number
  now: string
}

export interface ConversationTag {
  name: string
  kind: "auto" | "manual" | string
  source: "auto" | "manual" | string
}

/**
 * The customer's whatsapp_customer_metric row, read with raw SQL: numeric columns (total_spent,
 * aov) arrive as strings, and the raw_* big-number columns come along too.
 */
export interface CustomerMetrics {
  customer_id: string
  order_count: number
  first_order_at: string | null
  last_order_at: string | null
  avg_gap_days: number | null
  currency_code: string | null
  total_spent: string | number
  aov: string | number | null
  expected_next_order_at: string | null
  overdue: boolean
  rfm_recency: number | null
  rfm_frequency: number | null
  rfm_monetary: number | null
  rfm_segment: string | null
  computed_at: string
}

export interface ConversationOrder {
  id: string
  display_id: number
  status: string
  total: number | string | null
  currency_code: string
  created_at: string
}

/** GET /admin/whatsapp/conversations/:id — messages oldest first (the latest 100). */
export interface ConversationDetailResponse {
  conversation: WhatsappConversation
  contact: WhatsappContact
  window_open: boolean
  messages: WhatsappMessage[]
  tags: ConversationTag[]
  metrics: CustomerMetrics | null
  /** The customer's five latest orders. */
  orders: ConversationOrder[]
}

export type ReplyPayload = { text: string } | { template: { name: string; language: string; parameters: string[] } }

export interface ReplyResponse {
  message: WhatsappMessage
  conversation: WhatsappConversation
}

export interface ConversationUpdate {
  status?: ConversationStatus
  assigned_to?: string | null
  handover?: boolean
}

/** POST /admin/whatsapp/reply-rules(/:id) body: always the whole rule. */
export interface ReplyRuleInput extends ReplyRuleTrigger {
  name: string
  campaign_id?: string | null
  actions: ReplyAction[]
}

export interface ReplyRule extends ReplyRuleInput {
  id: string
  created_at: string
  updated_at: string
}

/** POST /admin/whatsapp/auto-reply/test-message: one rule's verdict on the tested message. */
export interface RuleVerdict {
  rule_id: string
  rule_name: string | null
  matched: boolean
  keyword: string | null
  mode: MatchMode
  score: number | null
  reason: string
}

export interface TestMessageResponse {
  /** The rule the inbound path would run, or null. */
  match: { rule_id: string; rule_name: string | null; keyword: string; mode: MatchMode; score: number } | null
  /** No rule, outside business hours: the away message would go out. */
  away: boolean
  /** The text was longer than WhatsApp's 4,096 characters and was cut before matching. */
  truncated: boolean
  rules: RuleVerdict[]
}

export interface FaqInput {
  title: string
  answer: string
  language: string
}

export interface Faq extends FaqInput {
  id: string
  created_at: string
  updated_at: string
}

export interface AdminUserSummary {
  id: string
  email: string
  first_name: string | null
  last_name: string | null
}

// ------------------------------------------------------------------ labels

export const MATCH_MODE_LABELS: Record<MatchMode, string> = {
  exact: "Exact",
  contains: "Contains",
  fuzzy: "Fuzzy",
  regex: "Regex",
}

export const MATCH_MODE_HINTS: Record<MatchMode, string> = {
  exact: "The whole message equals a keyword (case and spacing ignored).",
  contains: "The message contains a keyword anywhere — works for Thai, which has no spaces.",
  fuzzy: "Like contains, but tolerates typos up to the similarity threshold.",
  regex: "Each keyword is a regular expression (case-insensitive, Unicode), run on RE2: no backreferences or lookaround.",
}

export const ACTION_LABELS: Record<ReplyActionType, string> = {
  reply_text: "Reply with text",
  reply_template: "Reply with template",
  issue_discount: "Issue discount code",
  add_tag: "Add tag",
  remove_tag: "Remove tag",
  opt_out: "Opt out of marketing",
  opt_in: "Opt in to marketing",
  handover: "Hand over to a person",
  faq: "Answer with FAQ",
}

export const ACTION_TYPES = Object.keys(ACTION_LABELS) as ReplyActionType[]

/** "Reply with text", "Add tag vip", "Answer with FAQ shipping". */
export function describeAction(action: ReplyAction): string {
  switch (action.type) {
    case "add_tag":
    case "remove_tag":
      return `${ACTION_LABELS[action.type]} “${action.tag}”`
    case "faq":
      return `FAQ “${action.faq_title}”`
    case "reply_template":
      return `Template ${action.template_name}`
    default:
      return ACTION_LABELS[action.type]
  }
}

export const DAY_LABELS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const

/** "Mon–Sat 09:00–18:00", "Every day 22:00–06:00". */
export function describeHours(hours: ActiveHours | null | undefined): string | null {
  if (!hours) return null
  const days = hours.days?.length
    ? [...hours.days]
        .sort()
        .map((d) => DAY_LABELS[d])
        .join(", ")
    : "Every day"
  return `${days} ${hours.start}–${hours.end}`
}

/** 1_380_000 → "23 min", 5_400_000 → "1 h 30 min", 190_800_000 → "2 d 5 h". */
export function formatWaiting(ms: number | null | undefined): string | null {
  if (ms === null || ms === undefined || ms < 0) return null
  const minutes = Math.floor(ms / 60_000)
  if (minutes < 1) return "< 1 min"
  if (minutes < 60) return `${minutes} min`
  const hours = Math.floor(minutes / 60)
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`
  const days = Math.floor(hours / 24)
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`
}

/** An amount in major units ("1250.5" THB → "฿1,250.50"); "-" when missing. */
export function formatMoney(amount: number | string | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined || amount === "") return "-"
  const value = typeof amount === "number" ? amount : Number(amount)
  if (!Number.isFinite(value)) return String(amount)
  if (!currency) return value.toLocaleString()
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(value)
  } catch {
    return `${value.toLocaleString()} ${currency.toUpperCase()}`
  }
}

export function userName(user: AdminUserSummary | undefined): string | null {
  if (!user) return null
  const name = [user.first_name, user.last_name].filter(Boolean).join(" ")
  return name || user.email
}

// ------------------------------------------------------------------ hooks

export const inboxQueryKeys = {
  inbox: () => ["whatsapp", "inbox"] as const,
  conversation: (id: string) => ["whatsapp", "conversation", id] as const,
  rules: () => ["whatsapp", "reply-rules"] as const,
  faqs: () => ["whatsapp", "faqs"] as const,
  autoReply: () => ["whatsapp", "auto-reply-settings"] as const,
  me: () => ["whatsapp", "admin-user", "me"] as const,
  users: () => ["whatsapp", "admin-users"] as const,
}

const REFRESH_MS = 10_000

const enc = encodeURIComponent

export function useInbox() {
  return useQuery({
    queryKey: inboxQueryKeys.inbox(),
    queryFn: () => sdk.client.fetch<InboxResponse>("/admin/whatsapp/conversations", { query: { limit: 100 } }),
    refetchInterval: REFRESH_MS,
  })
}

export function useConversation(id: string | null) {
  return useQuery({
    queryKey: inboxQueryKeys.conversation(id ?? ""),
    queryFn: () => sdk.client.fetch<ConversationDetailResponse>(`/admin/whatsapp/conversations/${enc(id!)}`),
    enabled: !!id,
    refetchInterval: REFRESH_MS,
  })
}

/** The inbox row and the open conversation change together; the customer widget shows the same messages. */
function useInvalidateConversation(id: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: inboxQueryKeys.inbox() }),
      queryClient.invalidateQueries({ queryKey: inboxQueryKeys.conversation(id) }),
      queryClient.invalidateQueries({ queryKey: ["whatsapp", "customer"] }),
    ])
}

export function useReply(id: string) {
  const invalidate = useInvalidateConversation(id)
  return useMutation({
    mutationFn: ({ body, idempotencyKey }: { body: ReplyPayload; idempotencyKey: string }) =>
      sdk.client.fetch<ReplyResponse>(`/admin/whatsapp/conversations/${enc(id)}/reply`, {
        method: "POST",
        body,
        headers: { "Idempotency-Key": idempotencyKey },
      }),
    // A refused send may mean the window just closed: refresh either way.
    onSettled: invalidate,
  })
}

export function useUpdateConversation(id: string) {
  const invalidate = useInvalidateConversation(id)
  return useMutation({
    mutationFn: (body: ConversationUpdate) =>
      sdk.client.fetch<{ conversation: WhatsappConversation }>(`/admin/whatsapp/conversations/${enc(id)}`, {
        method: "POST",
        body,
      }),
    onSuccess: invalidate,
  })
}

export function useCurrentUser() {
  return useQuery({
    queryKey: inboxQueryKeys.me(),
    queryFn: () => sdk.admin.user.me({ fields: "id,email,first_name,last_name" }),
    select: (r) => r.user as AdminUserSummary,
    staleTime: Infinity,
  })
}

/** Admin users by id, to name assignees. */
export function useAdminUsers() {
  return useQuery({
    queryKey: inboxQueryKeys.users(),
    queryFn: () => sdk.admin.user.list({ limit: 200, fields: "id,email,first_name,last_name" }),
    select: (r) => new Map(r.users.map((u) => [u.id, u as AdminUserSummary])),
    staleTime: 5 * 60_000,
  })
}

export function useReplyRules() {
  return useQuery({
    queryKey: inboxQueryKeys.rules(),
    queryFn: () => sdk.client.fetch<{ rules: ReplyRule[] }>("/admin/whatsapp/reply-rules"),
  })
}

export function useSaveRule() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, rule }: { id?: string; rule: ReplyRuleInput }) =>
      sdk.client.fetch<{ rule: ReplyRule }>(id ? `/admin/whatsapp/reply-rules/${enc(id)}` : "/admin/whatsapp/reply-rules", {
        method: "POST",
        body: rule,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxQueryKeys.rules() }),
  })
}

export function useDeleteRule() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<{ id: string; deleted: boolean }>(`/admin/whatsapp/reply-rules/${enc(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxQueryKeys.rules() }),
  })
}

/** Runs the saved rules over a message without sending anything. */
export function useTestMessage() {
  return useMutation({
    mutationFn: (body: { text: string; payload?: string | null }) =>
      sdk.client.fetch<TestMessageResponse>("/admin/whatsapp/auto-reply/test-message", { method: "POST", body }),
  })
}

export function useFaqs() {
  return useQuery({
    queryKey: inboxQueryKeys.faqs(),
    queryFn: () => sdk.client.fetch<{ faqs: Faq[] }>("/admin/whatsapp/faqs"),
  })
}

export function useSaveFaq() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, faq }: { id?: string; faq: FaqInput }) =>
      sdk.client.fetch<{ faq: Faq }>(id ? `/admin/whatsapp/faqs/${enc(id)}` : "/admin/whatsapp/faqs", { method: "POST", body: faq }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxQueryKeys.faqs() }),
  })
}

export function useDeleteFaq() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<{ id: string; deleted: boolean }>(`/admin/whatsapp/faqs/${enc(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: inboxQueryKeys.faqs() }),
  })
}

export function useAutoReplySettings() {
  return useQuery({
    queryKey: inboxQueryKeys.autoReply(),
    queryFn: () => sdk.client.fetch<{ settings: AutoReplySettings }>("/admin/whatsapp/auto-reply/settings"),
  })
}

export function useSaveAutoReplySettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (settings: AutoReplySettings) =>
      sdk.client.fetch<{ settings: AutoReplySettings }>("/admin/whatsapp/auto-reply/settings", { method: "POST", body: settings }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: inboxQueryKeys.autoReply() }),
        // flag_after_minutes decides the inbox's red flags.
        queryClient.invalidateQueries({ queryKey: inboxQueryKeys.inbox() }),
      ]),
  })
}

/** A fresh key per reply draft, so a retried click never sends twice. */
export function newIdempotencyKey(): string {
  const c = globalThis.crypto
  if (c && typeof c.randomUUID === "function") return `agent:${c.randomUUID()}`
  return `agent:${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`
}
