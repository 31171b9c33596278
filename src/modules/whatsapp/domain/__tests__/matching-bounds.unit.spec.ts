import fc from "fast-check"
import { clipMessage, editDistance, explainMatch, fuzzySimilarity, matchRule, MAX_MESSAGE_CHARS, type KeywordRule } from "../keywords"
import { compilePattern, patternProblem } from "../rule-regex"

const rule = (id: string, keywords: string[], match_mode: KeywordRule["match_mode"], extra: Partial<KeywordRule> = {}): KeywordRule => ({
  id,
  keywords,
  match_mode,
  priority: 10,
  enabled: true,
  ...extra,
})
const TZ = "Asia/Bangkok"
const noon = new Date("2026-11-25T05:00:00Z")

/** The window-by-window score fuzzy rules used before it was bounded (a keyword inside the text scored 1): the reference. */
function referenceSimilarity(text: string, keyword: string): number {
  if (text.includes(keyword)) return 1
  const t = [...text]
  const k = [...keyword]
  if (!k.length) return 0
  if (t.length <= k.length + 1) return 1 - editDistance(text, keyword) / Math.max(t.length, k.length)
  let best = 0
  for (let len = Math.max(1, k.length - 1); len <= k.length + 1; len++) {
    for (let i = 0; i + len <= t.length; i++) {
      const s = 1 - editDistance(t.slice(i, i + len).join(""), keyword) / Math.max(len, k.length)
      if (s > best) best = s
    }
  }
  return best
}

describe("bounded fuzzy matching decides as the old windows did", () => {
  // Small alphabets make near misses (the interesting cases) common.
  const latin = fc.string({ unit: fc.constantFrom("a", "b", "c", " ", "d", "😀"), maxLength: 40 })
  const thai = fc.string({ unit: fc.constantFrom("ส", "่", "ว", "น", "ล", "ด", "ข", "อ"), maxLength: 40 })
  const keyword = (unit: fc.Arbitrary<string>) => fc.string({ unit, minLength: 1, maxLength: 12 })
  const threshold = fc.constantFrom(0.5, 0.6, 0.75, 0.8, 0.85, 0.9, 1)

  it.each([
    ["Latin and emoji", latin, fc.constantFrom("a", "b", "c", "d", "😀")],
    ["Thai", thai, fc.constantFrom("ส", "่", "ว", "น", "ล", "ด")],
  ])("%s: same verdict at every threshold, same score when it matches", (_name, text, unit) => {
    fc.assert(
      fc.property(text, keyword(unit), threshold, (t, k, thr) => {
        const old = referenceSimilarity(t, k)
        const now = fuzzySimilarity(t, k, thr)
        expect(now >= thr).toBe(old >= thr)
        if (old >= thr) expect(now).toBeCloseTo(old, 10)
      }),
      { numRuns: 400 }
    )
  })

  it("keywords longer than 32 code points (several 32-bit blocks) agree too", () => {
    const unit = fc.constantFrom("a", "b", "c")
    fc.assert(
      fc.property(fc.string({ unit, minLength: 30, maxLength: 120 }), fc.string({ unit, minLength: 31, maxLength: 70 }), threshold, (t, k, thr) => {
        const old = referenceSimilarity(t, k)
        const now = fuzzySimilarity(t, k, thr)
        expect(now >= thr).toBe(old >= thr)
        if (old >= thr) expect(now).toBeCloseTo(old, 10)
      }),
      { numRuns: 60 }
    )
  })

  it("a long keyword with typos inside a long sentence", () => {
    const k = "please send me the discount code for my order"
    const t = `hi, plese send me the discout code for my ordr thanks ${"x".repeat(50)}`
    expect(fuzzySimilarity(t, k, 0.8)).toBeCloseTo(referenceSimilarity(t, k), 10)
    expect(fuzzySimilarity("nothing like it at all, really not", k, 0.8)).toBeLessThan(0.8)
  })
})

describe("what a customer cannot do to the matcher", () => {
  it("^(a+)+$ is harmless: RE2 answers at once where a backtracking engine never would", () => {
    const r = [rule("evil", ["^(a+)+$"], "regex")]
    expect(patternProblem("^(a+)+$")).toBeNull()
    expect(matchRule(r, { text: "a".repeat(28) + "b" }, noon, TZ)).toBeNull()
    // 2^4096 steps for V8's RegExp; linear here. Finishing inside jest's timeout is the point.
    expect(matchRule(r, { text: "a".repeat(4095) + "b" }, noon, TZ)).toBeNull()
    expect(matchRule(r, { text: "aaaa" }, noon, TZ)?.rule.id).toBe("evil")
  })

  it("text beyond WhatsApp's 4,096 characters is not matched", () => {
    const r = [rule("late", ["ส่วนลด"], "contains")]
    const long = "ก".repeat(MAX_MESSAGE_CHARS) + "ส่วนลด"
    expect(matchRule(r, { text: long }, noon, TZ)).toBeNull()
    expect(matchRule(r, { text: long.slice(MAX_MESSAGE_CHARS - 10) }, noon, TZ)?.rule.id).toBe("late")
    // Long text takes the positions index instead of includes(): same answers.
    expect(matchRule(r, { text: "ก".repeat(3000) + "ส่วนลด" + "ข".repeat(1000) }, noon, TZ)?.rule.id).toBe("late")
    expect(matchRule(r, { text: "ก".repeat(3000) + "ส่วนล" + "ข".repeat(1000) }, noon, TZ)).toBeNull()
    expect(matchRule([rule("emoji", ["🎉ลด"], "contains")], { text: "😀".repeat(1000) + "🎉ลด" }, noon, TZ)?.rule.id).toBe("emoji")
    expect(clipMessage("x".repeat(16_000))).toHaveLength(MAX_MESSAGE_CHARS)
    // A surrogate pair is not split.
    expect(clipMessage("x".repeat(MAX_MESSAGE_CHARS - 1) + "😀")).toHaveLength(MAX_MESSAGE_CHARS - 1)
  })

  it("an exact rule ignores a long trailing run of punctuation (it was quadratic)", () => {
    const r = [rule("stop", ["stop"], "exact")]
    expect(matchRule(r, { text: "stop" + "!".repeat(16_000) }, noon, TZ)?.rule.id).toBe("stop")
    expect(matchRule(r, { text: "stop" + ". ".repeat(2_000) + "x" }, noon, TZ)).toBeNull()
  })

  it("4,096-character near misses against 200 rules: right answers, in bounded work", () => {
    // 200 rules of every mode. With the old windows one such message took seconds; the jest
    // timeout (5 s) for all of them is the bound here, the figures are in `npm run bench:match`.
    const words = ["ส่วนลด", "จัดส่ง", "คืนสินค้า", "ชำระเงิน", "discount", "shipping", "refund", "payment", "coupon", "delivery"]
    const rules: KeywordRule[] = []
    for (let i = 0; i < 200; i++) {
      const w = `${words[i % words.length]}${i}`
      const mode = (["exact", "contains", "fuzzy", "regex"] as const)[i % 4]
      rules.push(rule(`r${i}`, mode === "regex" ? [`^${w}\\s*(please|ครับ)?$`, `(${w}|x${i})+y$`] : [w, `${w} now`], mode, { priority: i }))
    }
    const thaiMiss = "ส่วนลต".repeat(1000).slice(0, MAX_MESSAGE_CHARS)
    const latinMiss = "discoun shippin refun paymen ".repeat(200).slice(0, MAX_MESSAGE_CHARS)
    const aRun = "a".repeat(MAX_MESSAGE_CHARS)
    for (const text of [thaiMiss, latinMiss, aRun, thaiMiss + "x".repeat(12_000)]) expect(matchRule(rules, { text }, noon, TZ)).toBeNull()
    // And a real question still finds its rule among them.
    expect(matchRule(rules, { text: latinMiss.slice(0, 4000) + " shipping5 " }, noon, TZ)?.rule.id).toBe("r5")
    expect(matchRule(rules, { text: "ขอส่วนลด0หน่อย" }, noon, TZ)?.rule.id).toBe("r10") // fuzzy "ส่วนลด10"; exact r0 needs the whole message
    expect(matchRule(rules, { text: "ส่วนลด0" }, noon, TZ)?.rule.id).toBe("r0") // exact beats that fuzzy match
    expect(matchRule(rules, { text: thaiMiss.slice(0, 3000) + "ขอคืนสินค้า2หน่อย" }, noon, TZ)?.rule.id).toBe("r2") // fuzzy, keyword inside: score 1
  })

  it("fuzzy finds one typo in Thai and in Latin inside a long message", () => {
    const r = [rule("ship", ["ส่งกี่วัน"], "fuzzy"), rule("size", ["size chart"], "fuzzy", { fuzzy_threshold: 0.85 })]
    const filler = "สวัสดีครับ ".repeat(300)
    expect(matchRule(r, { text: filler + "ส่งกี่วน" }, noon, TZ)?.rule.id).toBe("ship")
    expect(matchRule(r, { text: filler + "where is the size chrt?" }, noon, TZ)?.rule.id).toBe("size")
    expect(matchRule(r, { text: filler + "where is the sz chat?" }, noon, TZ)).toBeNull()
  })
})

describe("regex rules on RE2", () => {
  it("refuses what RE2 cannot run, saying why", () => {
    expect(patternProblem("(a)\\1")).toMatch(/backreferences are not supported/)
    expect(patternProblem("(?<w>a)\\k<w>")).toMatch(/backreferences are not supported/)
    expect(patternProblem("discount(?=!)")).toMatch(/lookahead and lookbehind are not supported/)
    expect(patternProblem("(?<!no )discount")).toMatch(/lookahead and lookbehind are not supported/)
    expect(patternProblem("(oops")).toMatch(/invalid regular expression/)
    expect(patternProblem("a".repeat(201))).toMatch(/longer than 200/)
  })

  it("accepts JavaScript spellings people already use", () => {
    for (const p of ["^(yes|y|ใช่)$", "\\p{Script=Thai}+", "(?<word>\\w+)", "\\u{1F600}", "order\\s*#?\\d{4,}"]) expect(patternProblem(p)).toBeNull()
    const r = [rule("thai", ["^\\p{Script=Thai}+$"], "regex")]
    expect(matchRule(r, { text: "สวัสดี" }, noon, TZ)?.rule.id).toBe("thai")
    expect(matchRule(r, { text: "hello" }, noon, TZ)).toBeNull()
  })

  it("matches case-insensitively, like the old `iu` flags", () => {
    const c = compilePattern("^STOP$")
    expect(c.ok && c.re.test("stop")).toBe(true)
  })

  it("a stored pattern RE2 refuses never matches (saved before RE2)", () => {
    expect(matchRule([rule("old", ["(a)\\1"], "regex")], { text: "aa" }, noon, TZ)).toBeNull()
  })
})

describe("explainMatch: the admin's test box", () => {
  const rules = [
    rule("stop", ["stop"], "exact", { priority: 1 }),
    rule("discount", ["ส่วนลด", "discount"], "contains"),
    rule("typo", ["shipping"], "fuzzy"),
    rule("off", ["discount"], "contains", { enabled: false }),
    rule("bad", ["(a)\\1"], "regex"),
    rule("yes", [], "exact", { payloads: ["YES"] }),
  ]

  it("names the winner matchRule picks and says why for every rule", () => {
    const e = explainMatch(rules, { text: "any discount? shiping too" }, noon, TZ)
    expect(e.match?.rule.id).toBe(matchRule(rules, { text: "any discount? shiping too" }, noon, TZ)?.rule.id)
    expect(e.match?.rule.id).toBe("discount")
    const by = Object.fromEntries(e.rules.map((r) => [r.rule_id, r]))
    expect(by.discount).toMatchObject({ matched: true, keyword: "discount", reason: "the message contains “discount”" })
    expect(by.typo).toMatchObject({ matched: true, keyword: "shipping" })
    expect(by.typo.reason).toMatch(/similar \(threshold 80%\)/)
    expect(by.stop).toMatchObject({ matched: false, reason: "no keyword matched" })
    expect(by.off).toMatchObject({ matched: false, reason: "disabled" })
    expect(by.bad.reason).toMatch(/pattern refused: backreferences/)
    expect(e.truncated).toBe(false)
  })

  it("fuzzy below the threshold says how close; payloads and truncation are reported", () => {
    const e = explainMatch(rules, { text: "shp" }, noon, TZ)
    expect(e.match).toBeNull()
    expect(e.rules.find((r) => r.rule_id === "typo")?.reason).toMatch(/below 80% similar/)
    const p = explainMatch(rules, { text: "Yes, send it", payload: "YES" }, noon, TZ)
    expect(p.match?.rule.id).toBe("yes")
    expect(p.rules.find((r) => r.rule_id === "yes")?.reason).toBe("quick-reply payload “YES”")
    expect(explainMatch(rules, { text: "x".repeat(5000) }, noon, TZ).truncated).toBe(true)
  })
})
