/** Durations, amounts, counts and percentages as the campaign pages show them. */

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
