/** The react-query hooks the Campaigns pages use. */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "../sdk"
import type {
  CampaignAction,
  CampaignDetailResponse,
  CampaignEstimate,
  CampaignListResponse,
  CampaignMessageKind,
  CampaignMessageSpec,
  CampaignPreview,
  CampaignRecipientsResponse,
  CampaignSettings,
  CampaignSettingsResponse,
  CreateCampaignPayload,
  PriceTable,
  RetargetCriterion,
  WhatsappCampaign,
} from "./types"
import { LIVE_REFRESH_MS, campaignRefreshInterval } from "./refresh"

export const campaignKeys = {
  all: ["whatsapp", "campaigns"] as const,
  list: (offset: number, limit: number) => ["whatsapp", "campaigns", "list", offset, limit] as const,
  detail: (id: string) => ["whatsapp", "campaigns", "detail", id] as const,
  recipients: (id: string, offset: number, limit: number) => ["whatsapp", "campaigns", "recipients", id, offset, limit] as const,
  estimate: (segmentId: string | null, kind: CampaignMessageKind) => ["whatsapp", "campaigns", "estimate", segmentId, kind] as const,
  user: (id: string) => ["whatsapp", "campaigns", "user", id] as const,
  store: () => ["whatsapp", "campaigns", "store"] as const,
  preview: (body: unknown) => ["whatsapp", "campaigns", "preview", body] as const,
  settings: () => ["whatsapp", "campaigns", "settings"] as const,
}

const REFRESH_MS = LIVE_REFRESH_MS
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

/** One campaign with stats and state log; polls every 2.5 s while it runs, every 15 s until its attribution window closes. */
export function useCampaign(id: string | undefined) {
  return useQuery({
    queryKey: campaignKeys.detail(id ?? ""),
    queryFn: () => sdk.client.fetch<CampaignDetailResponse>(`/admin/whatsapp/campaigns/${encodeURIComponent(id!)}`),
    enabled: !!id,
    refetchInterval: (q) => campaignRefreshInterval(q.state.data?.campaign, new Date()),
  })
}

/** One page of per-recipient results; refreshes as the campaign page does (`refetchMs`). */
export function useCampaignRecipients(id: string, offset: number, limit: number, refetchMs: number | false) {
  return useQuery({
    queryKey: campaignKeys.recipients(id, offset, limit),
    queryFn: () => sdk.client.fetch<CampaignRecipientsResponse>(`/admin/whatsapp/campaigns/${encodeURIComponent(id)}/recipients`, { query: { limit, offset } }),
    placeholderData: keepPreviousData,
    refetchInterval: refetchMs,
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
