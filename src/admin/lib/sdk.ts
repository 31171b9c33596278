import Medusa from "@medusajs/js-sdk"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { CustomerWhatsappResponse, SetConsentPayload, SetConsentResponse, WhatsappSettingsResponse } from "./types"

// The dashboard's bundler defines __BACKEND_URL__; `typeof` keeps this safe where it is not defined
// (the identifier may then not exist at all, and a bare reference would throw).
const backendUrl = typeof __BACKEND_URL__ !== "undefined" && __BACKEND_URL__ ? __BACKEND_URL__ : "/"

/** An absolute URL on the backend, for plain links (CSV downloads: the session cookie goes along). */
export const backendHref = (path: string) => `${backendUrl.replace(/\/$/, "")}${path}`

export const sdk = new Medusa({
  baseUrl: backendUrl,
  auth: { type: "session" },
})

export const whatsappQueryKeys = {
  all: ["whatsapp"] as const,
  customer: (customerId: string) => ["whatsapp", "customer", customerId] as const,
  settings: () => ["whatsapp", "settings"] as const,
}

/** The message a FetchError (or anything else thrown) carries; the API's `message` when there is one. */
export function errorMessage(error: unknown, fallback = "Something went wrong"): string {
  if (error instanceof Error && error.message) return error.message
  if (typeof error === "string" && error) return error
  return fallback
}

export function useCustomerWhatsapp(customerId: string) {
  return useQuery({
    queryKey: whatsappQueryKeys.customer(customerId),
    queryFn: () => sdk.client.fetch<CustomerWhatsappResponse>(`/admin/whatsapp/customers/${encodeURIComponent(customerId)}`),
    enabled: !!customerId,
  })
}

export function useSetConsent(customerId: string) {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (body: SetConsentPayload) =>
      sdk.client.fetch<SetConsentResponse>(`/admin/whatsapp/customers/${encodeURIComponent(customerId)}/consent`, {
        method: "POST",
        body,
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: whatsappQueryKeys.customer(customerId) }),
  })
}

export function useWhatsappSettings() {
  return useQuery({
    queryKey: whatsappQueryKeys.settings(),
    queryFn: () => sdk.client.fetch<WhatsappSettingsResponse>("/admin/whatsapp/settings"),
  })
}
