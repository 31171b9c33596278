/**
 * The one CSV writer behind every export (analytics tables, consent history, campaign recipients):
 * RFC 4180 — fields with a comma, a quote, CR or LF are quoted and their quotes doubled; lines end
 * with CRLF. Text a spreadsheet would run as a formula (starting with = + - @, tab or CR) gets a
 * leading apostrophe (OWASP "CSV injection": an exported WhatsApp message must not execute);
 * numbers are written as numbers, so -5 stays -5. No package: the rules fit in a few lines and are
 * unit-tested (__tests__/csv.unit.spec.ts).
 */

const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ""
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : ""
  if (typeof value === "boolean") return value ? "true" : "false"
  let s = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value)
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

/** A column: a key (its own header) or a key with a header label. */
export type CsvColumn = string | { key: string; label: string }

/** A header line, then one line per row with the columns' values in order. */
export function toCsv(columns: readonly CsvColumn[], rows: readonly Record<string, unknown>[]): string {
  const cols = columns.map((c) => (typeof c === "string" ? { key: c, label: c } : c))
  const lines = [cols.map((c) => csvCell(c.label)).join(",")]
  for (const r of rows) lines.push(cols.map((c) => csvCell(r[c.key])).join(","))
  return lines.join("\r\n") + "\r\n"
}
