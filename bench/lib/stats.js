// Percentiles and table printing for the benchmarks.
"use strict"

/** Nearest-rank percentile of an unsorted numeric array (copied and sorted once per call set). */
function summarize(values) {
  const a = Float64Array.from(values).sort()
  const pct = (p) => (a.length ? a[Math.min(a.length - 1, Math.max(0, Math.ceil((p / 100) * a.length) - 1))] : NaN)
  let sum = 0
  for (const v of a) sum += v
  return { n: a.length, mean: a.length ? sum / a.length : NaN, p50: pct(50), p95: pct(95), p99: pct(99), max: a.length ? a[a.length - 1] : NaN }
}

const fmt = (v, digits = 1) => (Number.isFinite(v) ? v.toLocaleString("en-US", { minimumFractionDigits: digits, maximumFractionDigits: digits }) : "–")
const ratio = (a, b) => (Number.isFinite(a) && Number.isFinite(b) && b !== 0 ? `${(a / b).toFixed(a / b >= 10 ? 1 : 2)}×` : "–")

/** Prints rows of cells as a left-aligned table (first row = header). */
function table(rows, indent = "  ") {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length)))
  const line = (r) =>
    indent +
    r
      .map((c, i) => String(c ?? "").padEnd(widths[i]))
      .join("  ")
      .trimEnd()
  console.log(line(rows[0]))
  console.log(indent + widths.map((w) => "-".repeat(w)).join("  "))
  for (const r of rows.slice(1)) console.log(line(r))
}

/** Tiny --flag value parser: returns { name: value } for --name value / --name=value / --flag. */
function parseArgs(argv, spec) {
  const out = {}
  for (const [k, v] of Object.entries(spec)) out[k] = v.default
  for (let i = 0; i < argv.length; i++) {
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(argv[i])
    if (!m || !(m[1] in spec)) {
      if (argv[i] === "--help" || argv[i] === "-h") return { help: true, ...out }
      throw new Error(`unknown argument ${argv[i]} (try --help)`)
    }
    const s = spec[m[1]]
    let value = m[2]
    if (s.type === "boolean") value = value === undefined ? true : value !== "false"
    else {
      if (value === undefined) value = argv[++i]
      if (value === undefined) throw new Error(`--${m[1]} needs a value`)
      if (s.type === "number") {
        value = Number(value)
        if (!Number.isFinite(value) || value < (s.min ?? 0)) throw new Error(`--${m[1]} must be a number ≥ ${s.min ?? 0}`)
      }
    }
    out[m[1]] = value
  }
  return out
}

function usage(spec) {
  return Object.entries(spec)
    .map(([k, s]) => `  --${k}${s.type === "boolean" ? "" : ` <${s.type}>`}`.padEnd(26) + `${s.help} (default ${s.default})`)
    .join("\n")
}

module.exports = { summarize, fmt, ratio, table, parseArgs, usage }
