/**
 * Keyword matching for auto-replies, Thai first. Thai has no spaces between words, so matching is
 * on normalised text (contains / exact / fuzzy / regex), never on word splitting.
 */
import type { ActiveHours, MatchMode, ReplyRuleTrigger } from "../../../shared/auto-replies"

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

/** Levenshtein distance over code points, bounded rows (keywords are short). */
export function editDistance(a: string, b: string): number {
  const x = [...a]
  const y = [...b]
  let prev = Array.from({ length: y.length + 1 }, (_, j) => j)
  for (let i = 1; i <= x.length; i++) {
    const cur = [i]
    for (let j = 1; j <= y.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return prev[y.length]
}

/**
 * Best similarity (0..1) of the keyword to any stretch of the text of about its length, so a typo
 * inside a longer sentence ("ขอส่วนลดหนอย", "discout pls") still matches.
 */
export function fuzzySimilarity(text: string, keyword: string): number {
  const t = [...text]
  const k = [...keyword]
  if (!k.length) return 0
  if (t.length <= k.length + 1) return 1 - editDistance(text, keyword) / Math.max(t.length, k.length)
  let best = 0
  for (let len = Math.max(1, k.length - 1); len <= k.length + 1; len++) {
    for (let i = 0; i + len <= t.length; i++) {
      const s = 1 - editDistance(t.slice(i, i + len).join(""), keyword) / Math.max(len, k.length)
      if (s > best) best = s
      if (best === 1) return 1
    }
  }
  return best
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

function matchOne(rule: KeywordRule, text: string, payload: string | null): RuleMatch | null {
  if (payload && rule.payloads?.some((p) => normalizeText(p) === normalizeText(payload))) {
    return { rule, keyword: payload, mode: "exact", score: 1 }
  }
  let best: RuleMatch | null = null
  for (const raw of rule.keywords) {
    const kw = normalizeText(raw)
    if (!kw) continue
    let m: RuleMatch | null = null
    if (rule.match_mode === "exact") {
      if (text === kw || text.replace(/[\s.!?,。…~]+$/u, "") === kw) m = { rule, keyword: raw, mode: "exact", score: 1 }
    } else if (rule.match_mode === "contains") {
      if (text.includes(kw)) m = { rule, keyword: raw, mode: "contains", score: 1 }
    } else if (rule.match_mode === "regex") {
      try {
        if (raw.length <= 200 && new RegExp(raw, "iu").test(text)) m = { rule, keyword: raw, mode: "regex", score: 1 }
      } catch {
        // An invalid pattern never matches; the admin validates patterns when saving.
      }
    } else {
      const score = text.includes(kw) ? 1 : fuzzySimilarity(text, kw)
      if (score >= (rule.fuzzy_threshold ?? 0.8)) m = { rule, keyword: raw, mode: "fuzzy", score }
    }
    if (m && (!best || m.score > best.score)) best = m
  }
  return best
}

/**
 * The rule to run for an inbound message: exact before contains/regex before fuzzy, then higher
 * fuzzy score, then `priority`. Disabled rules and rules outside their hours are ignored.
 */
export function matchRule(rules: KeywordRule[], input: { text: string | null; payload?: string | null }, now: Date, timeZone: string): RuleMatch | null {
  const text = normalizeText(input.text ?? "")
  const matches = rules
    .filter((r) => r.enabled && isWithinHours(r.active_hours, now, timeZone))
    .map((r) => matchOne(r, text, input.payload ?? null))
    .filter((m): m is RuleMatch => !!m)
  matches.sort((a, b) => MODE_RANK[a.mode] - MODE_RANK[b.mode] || b.score - a.score || a.rule.priority - b.rule.priority)
  return matches[0] ?? null
}
