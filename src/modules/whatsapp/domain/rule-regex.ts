/**
 * Regex keywords run on RE2 (re2js, pure JavaScript), never on V8's backtracking RegExp: a rule
 * such as `^(a+)+$` froze the server for 2.9 s on a 28-character message, doubling per character.
 * RE2 matches in time linear in the message. What it cannot do (backreferences, lookahead and
 * lookbehind need backtracking) is refused when the rule is saved, with the reason.
 */
import { RE2JS, RE2Set } from "re2js"

/** Longest pattern a rule may hold (the save route enforces the same limit on every keyword). */
export const MAX_PATTERN_CHARS = 200

export type CompiledPattern = { ok: true; re: RE2JS; source: string } | { ok: false; reason: string }

/**
 * The keywords were written for JavaScript's RegExp with the `u` flag; the few spellings RE2 writes
 * differently are rewritten: `(?<name>` → `(?P<name>`, `\u{1F600}` / `\u0E01` → `\x{…}`,
 * `\p{Script=Thai}` / `\p{sc=Thai}` / `\p{gc=L}` → `\p{Thai}` / `\p{L}`. Everything else goes to
 * RE2 as written, so RE2 refuses what it does not support instead of it silently meaning something
 * else. (re2js's own translateRegExp follows non-`u` rules, where `\k` is a plain "k".)
 */
export function toRe2Syntax(pattern: string): string {
  let out = ""
  let inClass = false
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]
    if (ch === "\\") {
      const next = pattern[i + 1] ?? ""
      const rest = pattern.slice(i + 2)
      let m: RegExpMatchArray | null
      if (next === "u" && (m = rest.match(/^\{([0-9a-fA-F]{1,6})\}/))) {
        out += `\\x{${m[1]}}`
        i += 1 + m[0].length
      } else if (next === "u" && (m = rest.match(/^[0-9a-fA-F]{4}/))) {
        out += `\\x{${m[0]}}`
        i += 1 + m[0].length
      } else if ((next === "p" || next === "P") && (m = rest.match(/^\{(?:Script|sc|Script_Extensions|scx|General_Category|gc)=([A-Za-z_]+)\}/))) {
        out += `\\${next}{${m[1]}}`
        i += 1 + m[0].length
      } else {
        out += ch + next
        i += 1
      }
      continue
    }
    if (inClass) {
      if (ch === "]") inClass = false
    } else if (ch === "[") {
      inClass = true
    } else if (ch === "(" && pattern.startsWith("(?<", i) && !/^\(\?<[=!]/.test(pattern.slice(i))) {
      out += "(?P<"
      i += 2
      continue
    }
    out += ch
  }
  return out
}

function reasonFor(message: string): string {
  const detail = message.replace(/^error parsing regexp: /, "")
  if (/(unsupported Perl syntax|invalid named capture): `\(\?<?[=!]/.test(message))
    return `lookahead and lookbehind are not supported (they need a backtracking engine): ${detail}`
  if (/invalid escape sequence: `\\([1-9]|k)/.test(message)) {
    return `backreferences are not supported (matching them can take exponential time): ${detail}`
  }
  return `invalid regular expression: ${detail}`
}

function compileUncached(pattern: string): CompiledPattern {
  if (pattern.length > MAX_PATTERN_CHARS) return { ok: false, reason: `the pattern is longer than ${MAX_PATTERN_CHARS} characters` }
  const source = toRe2Syntax(pattern)
  try {
    // Case-insensitive like the old `iu` flags (the text is also lower-cased before matching).
    return { ok: true, re: RE2JS.compile(source, RE2JS.CASE_INSENSITIVE), source }
  } catch (e) {
    return { ok: false, reason: reasonFor(e instanceof Error ? e.message : String(e)) }
  }
}

// Rules are read from the database for every message; compiling is far slower than matching, so
// compiled patterns are kept by source. Bounded: the oldest entries go first.
const CACHE_LIMIT = 2000
const cache = new Map<string, CompiledPattern>()

export function compilePattern(pattern: string): CompiledPattern {
  let hit = cache.get(pattern)
  if (!hit) {
    hit = compileUncached(pattern)
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value as string)
    cache.set(pattern, hit)
  }
  return hit
}

/** Why a pattern cannot be a rule keyword, or null when it can. */
export function patternProblem(pattern: string): string | null {
  const c = compilePattern(pattern)
  return c.ok ? null : c.reason
}

// One RE2Set runs every regex keyword over the message in a single pass (one DFA for all of
// them): 100 patterns on 4,096 characters took ~2 ms one by one and ~30 µs as a set. Kept per
// list of patterns, which changes only when a rule is saved.
const SET_CACHE_LIMIT = 16
const sets = new Map<string, { set: RE2Set; patterns: string[] } | null>()

function setFor(patterns: string[]): { set: RE2Set; patterns: string[] } | null {
  const key = patterns.join("\u0000")
  if (sets.has(key)) return sets.get(key)!
  let entry: { set: RE2Set; patterns: string[] } | null = null
  try {
    const set = new RE2Set(RE2Set.UNANCHORED, RE2JS.CASE_INSENSITIVE)
    for (const p of patterns) set.add((compilePattern(p) as { source: string }).source)
    set.compile()
    entry = { set, patterns }
  } catch {
    // Too large for one program: the patterns are then tested one by one (still linear).
  }
  if (sets.size >= SET_CACHE_LIMIT) sets.delete(sets.keys().next().value as string)
  sets.set(key, entry)
  return entry
}

/** Whether each pattern matches the text; patterns RE2 refuses are left out (they never match). */
export function matchPatterns(patterns: string[], text: string): Map<string, boolean> {
  const usable = [...new Set(patterns)].filter((p) => compilePattern(p).ok)
  const out = new Map<string, boolean>()
  if (!usable.length) return out
  const entry = usable.length > 1 ? setFor(usable) : null
  if (entry) {
    for (const p of usable) out.set(p, false)
    for (const i of entry.set.match(text)) out.set(entry.patterns[i], true)
  } else {
    for (const p of usable) out.set(p, (compilePattern(p) as { re: RE2JS }).re.test(text))
  }
  return out
}
