/**
 * A small RFC 4180 CSV writer: fields with a comma, quote, CR or LF are quoted and their quotes
 * doubled; lines end in CRLF. Cells a spreadsheet would run as a formula (starting with = + - @,
 * tab or CR) get a leading apostrophe, so an exported WhatsApp message cannot execute.
 */
const FORMULA_START = /^[=+\-@\t\r]/

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return ""
  let s = value instanceof Date ? value.toISOString() : typeof value === "object" ? JSON.stringify(value) : String(value)
  if (typeof value === "string" && FORMULA_START.test(s)) s = `'${s}`
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv<T extends Record<string, unknown>>(rows: T[], columns: (keyof T & string)[]): string {
  const lines = [columns.map(csvCell).join(",")]
  for (const row of rows) lines.push(columns.map((c) => csvCell(row[c])).join(","))
  return lines.join("\r\n") + "\r\n"
}
