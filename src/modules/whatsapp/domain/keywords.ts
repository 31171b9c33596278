/**
 * Keyword matching for auto-replies, Thai first. Thai has no spaces between words, so matching is
 * on normalised text (contains / exact / fuzzy / regex), never on word splitting.
 *
 * A customer chooses the text and a merchant the rules, so neither may make matching slow: the
 * text is cut to WhatsApp's 4,096 characters, and every mode is linear in it (fuzzy.ts, rule-regex.ts).
 */
import type { ActiveHours, MatchMode, ReplyRuleTrigger } from "../../../shared/auto-replies"
import { containsKeyword, fuzzyScore, keywordCodePoints, prepareFuzzyText, type FuzzyText } from "./fuzzy"
import { compilePattern, matchPatterns } from "./rule-regex"

export { editDistance, fuzzySimilarity } from "./fuzzy"

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g
const THAI_DIGITS = /[\u0E50-\u0E59]/g

/** NFC, zero-width characters removed, Thai digits → ASCII, Latin case-folded, spaces collapsed. */
export function normalizeText(input: string): string {
  return input
    .normalize("NFC")
    .replace(ZERO_WIDTH, "")
    .replace(THAI_DIGITS, (d) => String(d.charCodeAt(0) - 0x0e50))
    .toLowerCase()
    .replace(/\s+/g, " ")
    .trim()
}

// The rule and hours shapes live in src/shared/auto-replies.ts (the admin dashboard edits them).
export type { ActiveHours, MatchMode } from "../../../shared/auto-replies"

const MODE_RANK: Record<MatchMode, number> = { exact: 0, contains: 1, regex: 1, fuzzy: 2 }

export interface KeywordRule extends ReplyRuleTrigger {
  id: string
}

export interface RuleMatch {
  rule: KeywordRule
  keyword: string
  mode: MatchMode
  score: number
}

/** Local weekday and minutes since midnight in a time zone. */
export function localTime(now: Date, timeZone: string): { day: number; minutes: number } {
  const parts = new Intl.DateTimeFormat("en-US", { timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).formatToParts(now)
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? "0"
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"].indexOf(get("weekday"))
  return { day, minutes: Number(get("hour")) * 60 + Number(get("minute")) }
}

const toMinutes = (hhmm: string) => {
  const [h, m] = hhmm.split(":").map(Number)
  return h * 60 + (m || 0)
}

export function isWithinHours(hours: ActiveHours | null | undefined, now: Date, timeZone: string): boolean {
  if (!hours) return true
  const { day, minutes } = localTime(now, timeZone)
  const start = toMinutes(hours.start)
  const end = toMinutes(hours.end)
  if (start <= end) {
    return (!hours.days?.length || hours.days.includes(day)) && minutes >= start && minutes < end
  }
  // Overnight: after start belongs to today, before end to the previous day's window.
  if (minutes >= start) return !hours.days?.length || hours.days.includes(day)
  return minutes < end && (!hours.days?.length || hours.days.includes((day + 6) % 7))
}

/**
 * WhatsApp text messages are at most 4,096 characters (Cloud API limit). Anything longer did not
 * come from WhatsApp, and matching is only bounded for text of that size, so the rest is cut.
 */
export const MAX_MESSAGE_CHARS = 4096

export function clipMessage(text: string): string {
  if (text.length <= MAX_MESSAGE_CHARS) return text
  // Do not leave half of a surrogate pair at the end.
  const end = /[\uD800-\uDBFF]/.test(text[MAX_MESSAGE_CHARS - 1]) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS
  return text.slice(0, end)
}

/** "Stop!" and "stop ." still equal "stop" for exact rules. */
const TRAILING_PUNCTUATION = /[\s.!?,。…~]/u

/** The message's text without trailing punctuation, by a backwards scan (a `[…]+$` regex is quadratic on long runs). */
function trimTrailingPunctuation(text: string): string {
  let end = text.length
  while (end > 0 && TRAILING_PUNCTUATION.test(text[end - 1])) end--
  return text.slice(0, end)
}

// Keywords are normalised once, not for every message: rules are re-read per message.
const KEYWORD_CACHE_LIMIT = 5000
const keywordCache = new Map<string, { text: string; cps: Int32Array }>()
function preparedKeyword(raw: string) {
  let hit = keywordCache.get(raw)
  if (!hit) {
    const text = normalizeText(raw)
    hit = { text, cps: keywordCodePoints(text) }
    if (keywordCache.size >= KEYWORD_CACHE_LIMIT) keywordCache.delete(keywordCache.keys().next().value as string)
    keywordCache.set(raw, hit)
  }
  return hit
}

/** From this length on, contains rules use the fuzzy positions index instead of `includes`. */
const LONG_TEXT = 512

/** A message normalised once for every rule; the fuzzy form is built only if a fuzzy rule needs it. */
interface PreparedMessage {
  text: string
  trimmed: string
  /** Normalised, for comparing; `rawPayload` is what a match reports (as before). */
  payload: string | null
  rawPayload: string | null
  fuzzy(): FuzzyText
  /** Regex keywords already run over the text (all at once, matchPatterns). */
  regexHits: Map<string, boolean> | null
}

function prepareMessage(input: { text: string | null; payload?: string | null }): PreparedMessage {
  const text = normalizeText(clipMessage(input.text ?? ""))
  let fuzzy: FuzzyText | null = null
  return {
    text,
    trimmed: trimTrailingPunctuation(text),
    payload: input.payload ? normalizeText(clipMessage(input.payload)) : null,
    rawPayload: input.payload ?? null,
    fuzzy: () => (fuzzy ??= prepareFuzzyText(text)),
    regexHits: null,
  }
}

/** One keyword's verdict; `detail` says why when it did not match (for the admin's test box). */
interface KeywordVerdict {
  matched: boolean
  score: number
  detail?: string
}

function keywordVerdict(rule: KeywordRule, raw: string, msg: PreparedMessage): KeywordVerdict | null {
  const kw = preparedKeyword(raw)
  if (!kw.text) return null
  if (rule.match_mode === "regex") {
    // The pattern is the keyword as typed: normalising it could change its meaning.
    const c = compilePattern(raw)
    if (!c.ok) return { matched: false, score: 0, detail: `pattern refused: ${c.reason}` }
    return { matched: msg.regexHits?.get(raw) ?? c.re.test(msg.text), score: 1 }
  }
  if (rule.match_mode === "exact") return { matched: msg.text === kw.text || msg.trimmed === kw.text, score: 1 }
  if (rule.match_mode === "contains") {
    // On long Thai text V8's `includes` (two-byte strings) costs ~2 µs per keyword; the positions
    // index built once per message for fuzzy rules answers the same question faster.
    return { matched: msg.text.length > LONG_TEXT ? containsKeyword(msg.fuzzy(), kw.cps) : msg.text.includes(kw.text), score: 1 }
  }
  const threshold = rule.fuzzy_threshold ?? 0.8
  const score = fuzzyScore(msg.fuzzy(), kw.cps, threshold)
  return { matched: score >= threshold, score }
}

function matchOne(rule: KeywordRule, msg: PreparedMessage): RuleMatch | null {
  if (msg.payload && rule.payloads?.some((p) => normalizeText(p) === msg.payload)) {
    return { rule, keyword: msg.rawPayload!, mode: "exact", score: 1 }
  }
  let best: RuleMatch | null = null
  for (const raw of rule.keywords) {
    const v = keywordVerdict(rule, raw, msg)
    if (v?.matched && (!best || v.score > best.score)) best = { rule, keyword: raw, mode: rule.match_mode, score: v.score }
  }
  return best
}

const byStrength = (a: RuleMatch, b: RuleMatch) => MODE_RANK[a.mode] - MODE_RANK[b.mode] || b.score - a.score || a.rule.priority - b.rule.priority

/**
 * The rule to run for an inbound message: exact before contains/regex before fuzzy, then higher
 * fuzzy score, then `priority`. Disabled rules and rules outside their hours are ignored.
 *
 * Cost: the text is cut to 4,096 characters, exact and contains are one string comparison or
 * search per keyword, regex runs on RE2 (linear), fuzzy is bounded (fuzzy.ts). Weaker match modes
 * are only tried when no stronger one matched, since they could not win.
 */
export function matchRule(rules: KeywordRule[], input: { text: string | null; payload?: string | null }, now: Date, timeZone: string): RuleMatch | null {
  const msg = prepareMessage(input)
  const live = rules.filter((r) => r.enabled && isWithinHours(r.active_hours, now, timeZone))
  // A payload match counts as exact whatever the rule's mode, so it is part of the first tier.
  const payloadMatches = new Map<KeywordRule, RuleMatch>()
  if (msg.payload) {
    for (const r of live)
      if (r.payloads?.some((p) => normalizeText(p) === msg.payload)) payloadMatches.set(r, { rule: r, keyword: msg.rawPayload!, mode: "exact", score: 1 })
  }
  for (const tier of [0, 1, 2]) {
    if (tier === 1) runRegexTogether(live, msg)
    const matches: RuleMatch[] = []
    for (const r of live) {
      const viaPayload = payloadMatches.get(r)
      if (viaPayload) {
        if (tier === 0) matches.push(viaPayload)
        continue
      }
      if (MODE_RANK[r.match_mode] !== tier) continue
      const m = matchOne(r, msg)
      if (m) matches.push(m)
    }
    if (matches.length) return matches.sort(byStrength)[0]
  }
  return null
}

function runRegexTogether(rules: KeywordRule[], msg: PreparedMessage) {
  const patterns = rules.filter((r) => r.match_mode === "regex").flatMap((r) => r.keywords.filter((k) => preparedKeyword(k).text))
  if (patterns.length > 1) msg.regexHits = matchPatterns(patterns, msg.text)
}

/** What the admin's "test a message" box shows for one rule. */
export interface RuleExplanation {
  rule_id: string
  matched: boolean
  /** The keyword or payload that matched, or the closest fuzzy keyword. */
  keyword: string | null
  mode: MatchMode
  score: number | null
  reason: string
}

export interface MatchExplanation {
  /** The rule the inbound path would run (matchRule's answer), or null. */
  match: RuleMatch | null
  /** Characters beyond MAX_MESSAGE_CHARS were ignored. */
  truncated: boolean
  rules: RuleExplanation[]
}

const pct = (s: number) => `${Math.round(s * 100)}%`

function explainRule(rule: KeywordRule, msg: PreparedMessage, now: Date, timeZone: string): RuleExplanation {
  const base = { rule_id: rule.id, mode: rule.match_mode, keyword: null, score: null }
  if (!rule.enabled) return { ...base, matched: false, reason: "disabled" }
  if (!isWithinHours(rule.active_hours, now, timeZone)) return { ...base, matched: false, reason: "outside its active hours" }
  if (msg.payload && rule.payloads?.some((p) => normalizeText(p) === msg.payload)) {
    return { ...base, matched: true, mode: "exact", keyword: msg.rawPayload, score: 1, reason: `quick-reply payload “${msg.rawPayload}”` }
  }
  let best: RuleExplanation | null = null
  let closest: { raw: string; score: number } | null = null
  const refused: string[] = []
  for (const raw of rule.keywords) {
    const v = keywordVerdict(rule, raw, msg)
    if (!v) continue
    if (v.detail) refused.push(`“${raw}”: ${v.detail}`)
    if (v.matched) {
      if (best && (best.score ?? 0) >= v.score) continue
      const reason =
        rule.match_mode === "exact"
          ? `the message is “${raw}”`
          : rule.match_mode === "contains"
            ? `the message contains “${raw}”`
            : rule.match_mode === "regex"
              ? `the message matches /${raw}/`
              : `“${raw}” is ${pct(v.score)} similar (threshold ${pct(rule.fuzzy_threshold ?? 0.8)})`
      best = { ...base, matched: true, keyword: raw, score: v.score, reason }
    } else if (rule.match_mode === "fuzzy" && (!closest || v.score > closest.score)) {
      closest = { raw, score: v.score }
    }
  }
  if (best) return best
  if (refused.length) return { ...base, matched: false, reason: refused.join("; ") }
  if (closest) {
    return {
      ...base,
      matched: false,
      keyword: closest.raw,
      score: closest.score,
      reason: `closest keyword “${closest.raw}” is below ${pct(rule.fuzzy_threshold ?? 0.8)} similar`,
    }
  }
  return { ...base, matched: false, reason: "no keyword matched" }
}

/**
 * matchRule's answer for a message, plus every rule's verdict and why: the admin's "test a message"
 * box. The winner comes from matchRule itself, so it is what the inbound path would do.
 */
export function explainMatch(rules: KeywordRule[], input: { text: string | null; payload?: string | null }, now: Date, timeZone: string): MatchExplanation {
  const msg = prepareMessage(input)
  runRegexTogether(rules, msg)
  return {
    match: matchRule(rules, input, now, timeZone),
    truncated: (input.text ?? "").length > MAX_MESSAGE_CHARS,
    rules: rules.map((r) => explainRule(r, msg, now, timeZone)),
  }
}
