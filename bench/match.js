#!/usr/bin/env node
/* npm run bench:match [-- --messages 3000 --rounds 3 --rules 200]
 *
 * Keyword matching against the worst messages a customer can send: 4,096 characters (WhatsApp's
 * text limit), Thai and Latin near misses of the rules' keywords, a long run of one letter for
 * regex rules like ^(a+)+$, a long run of punctuation after an exact keyword, and a 16,000-character
 * message (cut to 4,096). The rules: --rules (200) of the four modes in equal shares, 2–3
 * keywords each. The matcher is the plugin's own (src/modules/whatsapp/domain/keywords.ts,
 * matchRule, through ts-node), run in this process, no database.
 *
 * Baseline in the same run, over the same texts: String.prototype.includes of every keyword.
 * Both alternate in --rounds rounds so outside load hits both. Prints p50/p99/max µs per
 * message, the ratio, and CPU µs per message (user + system, process.cpuUsage). Goal: max < 5 ms.
 */
"use strict"
const path = require("node:path")
const { performance } = require("node:perf_hooks")
const { summarize, fmt, ratio, table, parseArgs, usage } = require("./lib/stats")

const root = path.join(__dirname, "..")
require("ts-node").register({
  transpileOnly: true,
  swc: true,
  project: path.join(root, "tsconfig.json"),
  compilerOptions: { module: "commonjs" },
})
const { matchRule, normalizeText, MAX_MESSAGE_CHARS } = require("../src/modules/whatsapp/domain/keywords.ts")

const SPEC = {
  messages: { type: "number", default: 3000, min: 1, help: "messages per target per round" },
  rounds: { type: "number", default: 3, min: 1, help: "alternating rounds (baseline, matcher, …)" },
  rules: { type: "number", default: 200, min: 4, help: "rules, a quarter of each mode" },
  warmup: { type: "number", default: 300, min: 0, help: "untimed messages per target first (JIT)" },
}
const GOAL_MAX_US = 5000
const TZ = "Asia/Bangkok"
const NOW = new Date("2026-11-25T05:00:00Z")

// Words merchants put in rules, Thai and English; rule i uses variants of them so no two rules are alike.
const THAI = ["ส่วนลด", "โค้ดส่วนลด", "ส่งกี่วัน", "จัดส่ง", "คืนสินค้า", "เปลี่ยนสินค้า", "ชำระเงิน", "โอนเงิน", "ติดต่อแอดมิน", "สินค้าหมด", "ขนาดไซส์", "เก็บเงินปลายทาง"]
const LATIN = [
  "discount",
  "coupon code",
  "shipping time",
  "delivery",
  "refund",
  "return policy",
  "payment",
  "bank transfer",
  "talk to agent",
  "out of stock",
  "size chart",
  "cash on delivery",
]
const LONG = ["please send me the discount code for my last order", "ขอรายละเอียดการจัดส่งและค่าส่งสำหรับต่างจังหวัดหน่อยครับ"]
const REGEX = [
  (i) => `^(a+)+$`,
  (i) => `^(yes|y|ใช่|ok${i})$`,
  (i) => `\\bdisc(ount)?${i}\\b`,
  (i) => `^order\\s*#?\\d{4,}${i}$`,
  (i) => `(ship|deliver)(ping|y)?\\s+(time|date)${i}`,
  (i) => `โค้ด.*ลด${i}`,
  (i) => `[a-z]+@[a-z]+\\.com${i}`,
  (i) => `^\\s*(hi|hello|สวัสดี)${i}`,
  (i) => `\\p{Thai}+${i}\\d`,
  (i) => `(ส่วนลด|discount)\\s*\\d+%${i}`,
]

function buildRules(n) {
  const rules = []
  const modes = ["exact", "contains", "fuzzy", "regex"]
  for (let i = 0; i < n; i++) {
    const mode = modes[i % 4]
    const w = (list, j) => `${list[(i + j) % list.length]}${i >= 24 ? ` ${i}` : ""}`
    let keywords
    if (mode === "regex") keywords = [REGEX[i % REGEX.length](i), REGEX[(i + 3) % REGEX.length](i)]
    else if (mode === "fuzzy" && i % 20 === 2) keywords = [LONG[((i / 20) % 2) | 0], w(LATIN, 1)]
    else keywords = [w(THAI, 0), w(LATIN, 0), w(THAI, 5)]
    rules.push({ id: `r${i}`, keywords, match_mode: mode, fuzzy_threshold: mode === "fuzzy" ? 0.85 : null, priority: i, enabled: true })
  }
  return rules
}

/** One character of `s`'s words changed (which one and how depends on `k`): a near miss. */
function typo(s, k) {
  const cs = [...s]
  const word = cs.length - (/ \d+$/.exec(s)?.[0].length ?? 0) // not in the rule number
  const at = 1 + (k % Math.max(1, word - 2))
  if (k % 3 === 0) cs.splice(at, 1)
  else if (k % 3 === 1) cs[at] = cs[at] === "x" ? "y" : "x"
  else cs.splice(at, 0, cs[at])
  return cs.join("")
}

/** A bit more than 4,096 characters: spoil() shortens it, then cuts it to size. */
function fill(parts, sep = "") {
  let out = ""
  for (let k = 0; out.length < MAX_MESSAGE_CHARS + 300; k++) out += parts(k) + sep
  return out
}

/**
 * Pieces of one keyword can spell another ("cash on delivery" holds "delivery"): spoil every
 * keyword still in the text, so that no exact or contains rule matches and every mode runs.
 */
function spoil(rules, raw, length = MAX_MESSAGE_CHARS) {
  // On the text as the matcher sees it (a doubled space is one space there).
  let text = normalizeText(raw)
  const words = rules.filter((r) => r.match_mode !== "regex").flatMap((r) => r.keywords.map(normalizeText))
  for (let pass = 0; pass < 10; pass++) {
    let changed = false
    for (const w of words) {
      for (let at = text.indexOf(w), k = 0; at !== -1; at = text.indexOf(w, at + 1), k++) {
        text = text.slice(0, at) + typo(w, k + pass) + text.slice(at + w.length)
        changed = true
      }
    }
    if (!changed) break
  }
  return text.slice(0, length)
}

function buildTexts(rules) {
  const fuzzyWords = rules.filter((r) => r.match_mode === "fuzzy").flatMap((r) => r.keywords)
  const thaiWords = fuzzyWords.filter((w) => /[\u0E00-\u0E7F]/.test(w))
  const latinWords = fuzzyWords.filter((w) => !/[\u0E00-\u0E7F]/.test(w))
  return [
    // One typo from a fuzzy keyword, over and over: every fuzzy keyword has candidates everywhere.
    [
      "Thai near misses (1 typo)",
      spoil(
        rules,
        fill((k) => typo(thaiWords[k % thaiWords.length], k))
      ),
    ],
    [
      "Latin near misses (1 typo)",
      spoil(
        rules,
        fill((k) => typo(latinWords[k % latinWords.length], k), " ")
      ),
    ],
    // Two typos: close, but below every threshold, so every rule runs to the end and nothing matches.
    [
      "Thai near misses (2 typos)",
      spoil(
        rules,
        fill((k) => typo(typo(thaiWords[k % thaiWords.length], k), k + 1))
      ),
    ],
    [
      "Latin near misses (2 typos)",
      spoil(
        rules,
        fill((k) => typo(typo(latinWords[k % latinWords.length], k), k + 2), " ")
      ),
    ],
    ["one letter, 4,096 times (^(a+)+$)", "a".repeat(MAX_MESSAGE_CHARS - 1) + "b"],
    ["exact keyword + 4,090 punctuation", "stop" + "!.".repeat(MAX_MESSAGE_CHARS)],
    ["16,000 characters (cut to 4,096)", spoil(rules, fill((k) => typo(LATIN[k % LATIN.length], k), " ").repeat(4), 16_000)],
  ]
}

/** Baseline: is any keyword in the text (lower-cased like the matcher's input)? */
function baseline(rules, text) {
  const t = text.toLowerCase()
  let hits = 0
  for (const r of rules) for (const k of r.keywords) if (t.includes(k)) hits++
  return hits
}

function runRound(kind, rules, texts, count, sink) {
  const perText = texts.map(() => [])
  const cpuEach = []
  const cpu0 = process.cpuUsage()
  const t0 = performance.now()
  for (let i = 0; i < count; i++) {
    const ti = i % texts.length
    const text = texts[ti][1]
    // CPU time of this message too: on a shared box wall-clock tails are mostly the scheduler.
    const c = process.cpuUsage()
    const s = performance.now()
    if (kind === "baseline") sink.n += baseline(rules, text)
    else sink.n += matchRule(rules, { text }, NOW, TZ) ? 1 : 0
    perText[ti].push((performance.now() - s) * 1000)
    const d = process.cpuUsage(c)
    cpuEach.push(d.user + d.system)
  }
  const wall = performance.now() - t0
  const cpu = process.cpuUsage(cpu0)
  return { perText, cpuEach, cpuUs: (cpu.user + cpu.system) / count, wallMs: wall }
}

function main() {
  const opts = parseArgs(process.argv.slice(2), SPEC)
  if (opts.help) return console.log(`npm run bench:match -- [options]\n${usage(SPEC)}`)
  const rules = buildRules(opts.rules)
  const texts = buildTexts(rules)
  const keywords = rules.reduce((n, r) => n + r.keywords.length, 0)
  console.log(
    `bench:match: ${rules.length} rules (${keywords} keywords: exact, contains, fuzzy, regex in equal shares), ${texts.length} worst-case texts, ` +
      `${opts.messages} messages per target per round, ${opts.rounds} rounds; Node ${process.version}`
  )
  for (const [name, text] of texts) {
    // Nothing but fuzzy rules may match, or the weaker modes would be skipped and the case would not be the worst.
    const m = matchRule(rules, { text }, NOW, TZ)
    console.log(
      `  ${name.padEnd(36)} ${String(text.length).padStart(6)} chars → ${m ? `${m.rule.id} (${m.mode} “${m.keyword}”, ${fmt(m.score, 2)})` : "no rule"}`
    )
  }
  const sink = { n: 0 }
  const all = { baseline: [], matcher: [] }
  const byText = { baseline: texts.map(() => []), matcher: texts.map(() => []) }
  const cpu = { baseline: [], matcher: [] }
  const cpuEach = { baseline: [], matcher: [] }
  runRound("baseline", rules, texts, opts.warmup, sink)
  runRound("matcher", rules, texts, opts.warmup, sink)
  for (let round = 1; round <= opts.rounds; round++) {
    for (const kind of ["baseline", "matcher"]) {
      const r = runRound(kind, rules, texts, opts.messages, sink)
      r.perText.forEach((v, i) => {
        byText[kind][i].push(...v)
        all[kind].push(...v)
      })
      cpu[kind].push(r.cpuUs)
      cpuEach[kind].push(...r.cpuEach)
      console.log(`▸ round ${round} ${kind.padEnd(8)} ${fmt(r.wallMs, 0)} ms wall, ${fmt(r.cpuUs, 1)} µs CPU per message`)
    }
  }
  const b = summarize(all.baseline)
  const m = summarize(all.matcher)
  const cb = cpu.baseline.reduce((a, c) => a + c, 0) / cpu.baseline.length
  const cm = cpu.matcher.reduce((a, c) => a + c, 0) / cpu.matcher.length
  console.log("\nResults (µs per message)")
  table([
    ["", "p50", "p99", "max", "CPU/msg", "n"],
    ["baseline: includes() of every keyword", fmt(b.p50), fmt(b.p99), fmt(b.max), fmt(cb), String(b.n)],
    ["matcher: matchRule (normalise, 4 modes)", fmt(m.p50), fmt(m.p99), fmt(m.max), fmt(cm), String(m.n)],
    ["ratio matcher/baseline", ratio(m.p50, b.p50), ratio(m.p99, b.p99), ratio(m.max, b.max), ratio(cm, cb), ""],
  ])
  const eb = summarize(cpuEach.baseline)
  const em = summarize(cpuEach.matcher)
  console.log("\nCPU µs per message (user + system of this process, per message: scheduler delays left out)")
  table([
    ["", "p50", "p99", "max"],
    ["baseline", fmt(eb.p50, 0), fmt(eb.p99, 0), fmt(eb.max, 0)],
    ["matcher", fmt(em.p50, 0), fmt(em.p99, 0), fmt(em.max, 0)],
    ["ratio", ratio(em.p50, eb.p50), ratio(em.p99, eb.p99), ratio(em.max, eb.max)],
  ])
  console.log("\nBy text (matcher p50 / p99 / max µs; baseline p50)")
  table([
    ["text", "p50", "p99", "max", "baseline p50", "ratio p50"],
    ...texts.map(([name], i) => {
      const s = summarize(byText.matcher[i])
      const sb = summarize(byText.baseline[i])
      return [name, fmt(s.p50), fmt(s.p99), fmt(s.max), fmt(sb.p50), ratio(s.p50, sb.p50)]
    }),
  ])
  console.log(
    `\n  goal max < ${fmt(GOAL_MAX_US / 1000, 0)} ms per message: wall clock ${m.max < GOAL_MAX_US ? "met" : "NOT met"} (max ${fmt(m.max / 1000, 2)} ms), ` +
      `CPU ${em.max < GOAL_MAX_US ? "met" : "NOT met"} (max ${fmt(em.max / 1000, 2)} ms); load average ${require("node:os").loadavg()[0].toFixed(1)} on ${require("node:os").cpus().length} cores`
  )
  if (sink.n < 0) console.log(sink.n) // keeps the work observable to the optimiser
}

if (require.main === module) main()
else module.exports = { buildRules, buildTexts }
