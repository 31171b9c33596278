import { useQuery } from "@tanstack/react-query"
import { sdk } from "./sdk"

export type AnalyticsColumn = { key: string; label: string; type: "text" | "number" | "percent" | "money" | "minutes" | "date" }
export type AnalyticsFigure = {
  figure: string
  title: string
  note: string
  columns: AnalyticsColumn[]
  rows: Record<string, string | number | null>[]
  chart: Record<string, any>
  range: { from: string; to: string }
  timezone: string
  currency: string | null
}
export type AnalyticsFilters = { from?: string; to?: string; campaign_id?: string; segment_id?: string; template?: string; kind?: string }

/** The query string of the filters, without empty values. */
export function analyticsQuery(filters: AnalyticsFilters, extra: Record<string, string> = {}): string {
  const p = new URLSearchParams()
  for (const [k, v] of Object.entries({ ...filters, ...extra })) if (v) p.set(k, v)
  return p.toString()
}

export function useAnalyticsFigures() {
  return useQuery({
    queryKey: ["whatsapp", "analytics"],
    queryFn: () => sdk.client.fetch<{ figures: { figure: string; title: string; filters: string[] }[]; timezone: string }>("/admin/whatsapp/analytics"),
  })
}

export function useAnalyticsFigure(figure: string, filters: AnalyticsFilters) {
  return useQuery({
    queryKey: ["whatsapp", "analytics", figure, filters],
    queryFn: () => sdk.client.fetch<AnalyticsFigure>(`/admin/whatsapp/analytics/${encodeURIComponent(figure)}?${analyticsQuery(filters)}`),
  })
}

/** A cell as the store reads it: Intl numbers, percentages and money in the store's currency. */
export function formatCell(value: unknown, type: AnalyticsColumn["type"], currency: string | null, locale?: string): string {
  if (value === null || value === undefined || value === "") return "—"
  if (typeof value !== "number") return String(value)
  switch (type) {
    case "percent":
      return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 }).format(value)
    case "money":
      return currency
        ? new Intl.NumberFormat(locale, { style: "currency", currency: currency.toUpperCase() }).format(value)
        : new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value)
    case "minutes":
      return `${new Intl.NumberFormat(locale, { maximumFractionDigits: 1 }).format(value)} min`
    default:
      return new Intl.NumberFormat(locale).format(value)
  }
}
