/**
 * Customer tags, metrics, RFM and saved segments: response shapes of the plugin's admin API
 * (src/api/admin/whatsapp/segments/**, customers/:id/segmentation, customers/:id/tags) and the
 * react-query hooks the customer widget and the Segments page use.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { ConsentValue, MetricOp, SegmentGroup, SegmentMember, SegmentMetric, SegmentRule } from "../../shared/segments"
import { sdk } from "./sdk"

// ------------------------------------------------------------------ rule tree (src/shared/segments.ts)

export { MAX_RULE_DEPTH, METRIC_OPS, RFM_SEGMENTS, SEGMENT_METRICS } from "../../shared/segments"
export type { ConsentValue, MetricOp, RfmSegment, SegmentCondition, SegmentGroup, SegmentMember, SegmentMetric, SegmentRule } from "../../shared/segments"

export const METRIC_LABELS: Record<SegmentMetric, string> = {
  order_count: "Orders",
  total_spent: "Total spent",
  aov: "Average order value",
  avg_gap_days: "Average days between orders",
  days_since_last_order: "Days since last order",
  days_since_first_order: "Days since first order",
  days_since_last_inbound: "Days since last reply",
  days_since_last_read: "Days since last read",
  replies_7d: "Replies in 7 days",
  replies_30d: "Replies in 30 days",
  rfm_recency: "RFM recency (1–5)",
  rfm_frequency: "RFM frequency (1–5)",
  rfm_monetary: "RFM monetary (1–5)",
}

export const OP_LABELS: Record<MetricOp, string> = { eq: "=", neq: "≠", gt: ">", gte: "≥", lt: "<", lte: "≤" }

export const isGroup = (r: SegmentRule): r is SegmentGroup => "all" in r || "any" in r
export const groupChildren = (g: SegmentGroup): SegmentRule[] => ("all" in g ? g.all : g.any)
export const groupMode = (g: SegmentGroup): "all" | "any" => ("all" in g ? "all" : "any")
export const makeGroup = (mode: "all" | "any", children: SegmentRule[]): SegmentGroup => (mode === "all" ? { all: children } : { any: children })

// ------------------------------------------------------------------ responses

export interface SegmentPreview {
  members: number
  consented: number
  sample: SegmentMember[]
}

export interface SavedSegment {
  id: string
  name: string
  description: string | null
  rules: SegmentGroup
  created_by: string | null
  created_at: string
  updated_at: string
  members: number | null
  consented: number | null
  rules_errors?: string[]
}

export interface SegmentMembersResponse {
  segment_id: string
  members: SegmentMember[]
  count: number
  members_count: number
  consented_count: number
  limit: number
  offset: number
}

export interface DashboardBand {
  tag: string
  label: string
  customers: number
  consented: number
}

export interface SegmentDashboard {
  customers: number
  consented: number
  with_metrics: number
  last_computed_at: string | null
  dimensions: { key: string; label: string; bands: DashboardBand[]; none: { customers: number; consented: number } }[]
  tags: { id: string; name: string; kind: "auto" | "manual"; customers: number; manual: number }[]
}

export interface CustomerMetrics {
  customer_id: string
  order_count: number
  first_order_at: string | null
  last_order_at: string | null
  avg_gap_days: number | null
  currency_code: string | null
  total_spent: number
  aov: number | null
  expected_next_order_at: string | null
  overdue: boolean
  last_inbound_at: string | null
  last_read_at: string | null
  last_contacted_at: string | null
  replies_7d: number
  replies_30d: number
  has_contact: boolean
  country_code: string | null
  rfm_recency: number | null
  rfm_frequency: number | null
  rfm_monetary: number | null
  rfm_segment: string | null
  computed_at: string
}

export interface CustomerTag {
  id: string
  name: string
  kind: "auto" | "manual"
  source: "auto" | "manual"
  created_at: string
}

export interface CustomerSegmentation {
  customer_id: string
  metrics: CustomerMetrics | null
  tags: CustomerTag[]
  marketing_consent: ConsentValue
}

export interface RecomputeResult {
  mode: "full" | "customer"
  customers: number
  tags_added: number
  tags_removed: number
  duration_ms: number
}

// ------------------------------------------------------------------ hooks

export const segmentKeys = {
  all: ["whatsapp", "segments"] as const,
  list: () => ["whatsapp", "segments", "list"] as const,
  dashboard: () => ["whatsapp", "segments", "dashboard"] as const,
  preview: (rules: unknown) => ["whatsapp", "segments", "preview", JSON.stringify(rules)] as const,
  members: (id: string, offset: number, consentedOnly: boolean) => ["whatsapp", "segments", "members", id, offset, consentedOnly] as const,
  customer: (customerId: string) => ["whatsapp", "segments", "customer", customerId] as const,
}

export function useCustomerSegmentation(customerId: string) {
  return useQuery({
    queryKey: segmentKeys.customer(customerId),
    queryFn: () => sdk.client.fetch<CustomerSegmentation>(`/admin/whatsapp/customers/${encodeURIComponent(customerId)}/segmentation`),
    enabled: !!customerId,
  })
}

function useInvalidateCustomer(customerId: string) {
  const queryClient = useQueryClient()
  return () =>
    Promise.all([
      queryClient.invalidateQueries({ queryKey: segmentKeys.customer(customerId) }),
      // The WhatsApp customer widget lists tags too.
      queryClient.invalidateQueries({ queryKey: ["whatsapp", "customer", customerId] }),
    ])
}

export function useAddCustomerTag(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId)
  return useMutation({
    mutationFn: (name: string) =>
      sdk.client.fetch<{ tags: CustomerTag[] }>(`/admin/whatsapp/customers/${encodeURIComponent(customerId)}/tags`, {
        method: "POST",
        body: { name },
      }),
    onSuccess: invalidate,
  })
}

export function useRemoveCustomerTag(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId)
  return useMutation({
    mutationFn: (tagId: string) =>
      sdk.client.fetch<{ tags: CustomerTag[] }>(`/admin/whatsapp/customers/${encodeURIComponent(customerId)}/tags/${encodeURIComponent(tagId)}`, {
        method: "DELETE",
      }),
    onSuccess: invalidate,
  })
}

export function useRecomputeCustomer(customerId: string) {
  const invalidate = useInvalidateCustomer(customerId)
  return useMutation({
    mutationFn: () =>
      sdk.client.fetch<{ result: RecomputeResult }>(`/admin/whatsapp/segments/recompute`, { method: "POST", body: { customer_id: customerId } }),
    onSuccess: invalidate,
  })
}

export function useSegments() {
  return useQuery({
    queryKey: segmentKeys.list(),
    queryFn: () => sdk.client.fetch<{ segments: SavedSegment[]; count: number }>(`/admin/whatsapp/segments`, { query: { limit: 200 } }),
  })
}

export function useSegmentDashboard() {
  return useQuery({
    queryKey: segmentKeys.dashboard(),
    queryFn: () => sdk.client.fetch<SegmentDashboard>(`/admin/whatsapp/segments/dashboard`),
    // Never computed yet: the first recompute runs in the background on the app's first start;
    // poll until it lands instead of showing counts taken over missing metrics.
    refetchInterval: (q) => (q.state.data && !q.state.data.last_computed_at ? 3000 : false),
  })
}

/** The builder's live count: re-run whenever the (debounced) rules change; keeps the last answer while loading. */
export function useSegmentPreview(rules: SegmentGroup | null) {
  return useQuery({
    queryKey: segmentKeys.preview(rules),
    queryFn: () => sdk.client.fetch<SegmentPreview>(`/admin/whatsapp/segments/preview`, { method: "POST", body: { rules, sample: 10 } }),
    enabled: !!rules,
    placeholderData: keepPreviousData,
    retry: false,
  })
}

export function useSegmentMembers(id: string | null, offset: number, consentedOnly: boolean, limit = 20) {
  return useQuery({
    queryKey: segmentKeys.members(id ?? "", offset, consentedOnly),
    queryFn: () =>
      sdk.client.fetch<SegmentMembersResponse>(`/admin/whatsapp/segments/${encodeURIComponent(id!)}/members`, {
        query: { limit, offset, consented_only: consentedOnly },
      }),
    enabled: !!id,
    placeholderData: keepPreviousData,
  })
}

export function useSaveSegment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: ({ id, ...body }: { id?: string; name: string; description?: string | null; rules: SegmentGroup }) =>
      sdk.client.fetch<{ segment: SavedSegment }>(id ? `/admin/whatsapp/segments/${encodeURIComponent(id)}` : `/admin/whatsapp/segments`, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all }),
  })
}

export function useDeleteSegment() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch(`/admin/whatsapp/segments/${encodeURIComponent(id)}`, { method: "DELETE" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: segmentKeys.all }),
  })
}

export function useRecomputeAll() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => sdk.client.fetch<{ result: RecomputeResult }>(`/admin/whatsapp/segments/recompute`, { method: "POST", body: {} }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["whatsapp"] }),
  })
}

// ------------------------------------------------------------------ thresholds (mirrors domain/tag-rules.ts)

export interface SegmentSettings {
  frequency: { monthly_max_days: number; quarterly_max_days: number; lapsed_multiplier: number }
  aov: { low_below: number; high: { mode: "top_percent"; top_percent: number } | { mode: "min_amount"; min_amount: number } }
  engagement: { engaged_days: number; dormant_days: number }
  vip: { mode: "top_percent"; top_percent: number } | { mode: "min_spent"; min_spent: number } | { mode: "off" }
  schedule: { enabled: boolean; hour: number }
}

export function useSegmentSettings() {
  return useQuery({
    queryKey: ["whatsapp", "segments", "settings"],
    queryFn: () => sdk.client.fetch<{ settings: SegmentSettings; defaults: SegmentSettings }>(`/admin/whatsapp/segments/settings`),
  })
}

/** Saves the thresholds; the server recomputes every customer's tags before it answers. */
export function useUpdateSegmentSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (settings: SegmentSettings) =>
      sdk.client.fetch<{ settings: SegmentSettings; recompute: RecomputeResult | null }>(`/admin/whatsapp/segments/settings`, {
        method: "POST",
        body: settings,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["whatsapp"] }),
  })
}

// ------------------------------------------------------------------ formatting

export function customerName(m: Pick<SegmentMember, "first_name" | "last_name" | "email">): string {
  const name = [m.first_name, m.last_name].filter(Boolean).join(" ")
  return name || m.email || "-"
}

export function formatAmount(value: number | null | undefined, currency?: string | null): string {
  if (value === null || value === undefined) return "-"
  if (currency) {
    try {
      return new Intl.NumberFormat(undefined, { style: "currency", currency: currency.toUpperCase() }).format(value)
    } catch {
      // Unknown currency code: fall through to a plain number.
    }
  }
  return new Intl.NumberFormat(undefined, { maximumFractionDigits: 2 }).format(value)
}
