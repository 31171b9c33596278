/**
 * A small RFC 4180 CSV writer for the analytics tables (no package for it: we add none).
 * Fields with a comma, a quote, CR or LF are quoted, quotes doubled; lines end with CRLF.
 * Text that a spreadsheet would run as a formula (starting with = + - @, tab or CR) is prefixed
 * with a single quote (OWASP "CSV injection"); numbers are written as numbers, so -5 stays -5.
 * Unit tests: __tests__/csv.unit.spec.ts.
 */

export type CsvValue = string | number | boolean | null | undefined | Date

const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(v: CsvValue): string {
  if (v === null || v === undefined) return ""
  if (typeof v === "number") return Number.isFinite(v) ? String(v) : ""
  if (typeof v === "boolean") return v ? "true" : "false"
  let s = v instanceof Date ? v.toISOString() : String(v)
  if (FORMULA_START.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A header line of the labels, then one line per row with the columns' keys in order. */
export function toCsv(columns: { key: string; label: string }[], rows: Record<string, CsvValue>[]): string {
  const lines = [columns.map((c) => csvCell(c.label)).join(",")]
  for (const r of rows) lines.push(columns.map((c) => csvCell(r[c.key])).join(","))
  return lines.join("\r\n") + "\r\n"
}
