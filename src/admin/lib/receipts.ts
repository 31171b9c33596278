import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { sdk } from "./sdk"

export type ReceiptStatus = "pending" | "processed" | "failed" | "ignored"

export interface ReceiptNote {
  path: string
  kind: "rejected" | "ignored" | "clamped"
  reason: string
}

export interface WebhookReceiptRow {
  id: string
  status: ReceiptStatus
  attempts: number
  last_error: string | null
  notes: ReceiptNote[] | null
  next_attempt_at: string | null
  processed_at: string | null
  redacted_at: string | null
  created_at: string
}

export interface WebhookReceiptsResponse {
  receipts: WebhookReceiptRow[]
  count: number
  counts: Record<ReceiptStatus, number>
}

const key = (status: ReceiptStatus) => ["whatsapp", "webhook-receipts", status] as const

export function useWebhookReceipts(status: ReceiptStatus) {
  return useQuery({
    queryKey: key(status),
    queryFn: () => sdk.client.fetch<WebhookReceiptsResponse>(`/admin/whatsapp/webhook-receipts`, { query: { status, limit: 20 } }),
    // Receipts move on their own (retries, the sweep): keep the counters fresh while the page is open.
    refetchInterval: 15_000,
  })
}

export function useRetryReceipt() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (id: string) => sdk.client.fetch<{ retried: boolean }>(`/admin/whatsapp/webhook-receipts/${encodeURIComponent(id)}/retry`, { method: "POST" }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ["whatsapp", "webhook-receipts"] }),
  })
}
