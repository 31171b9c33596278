import { editDistance, fuzzySimilarity, isWithinHours, matchRule, normalizeText, type KeywordRule } from "../keywords"

const rule = (id: string, keywords: string[], match_mode: KeywordRule["match_mode"], extra: Partial<KeywordRule> = {}): KeywordRule => ({
  id,
  keywords,
  match_mode,
  priority: 10,
  enabled: true,
  ...extra,
})
const TZ = "Asia/Bangkok"
const noon = new Date("2026-11-25T05:00:00Z") // 12:00 in Bangkok, a Wednesday

describe("normalizeText", () => {
  it("folds what customers type differently", () => {
    expect(normalizeText("  DISCOUNT  please ")).toBe("discount please")
    expect(normalizeText("ส่วน\u200Bลด")).toBe("ส่วนลด")
    expect(normalizeText("โค้ด ๑๐%")).toBe("โค้ด 10%")
    // NFD → NFC
    expect(normalizeText("e\u0301")).toBe("\u00e9")
  })
})

describe("matching", () => {
  const rules = [
    rule("discount", ["ส่วนลด", "discount"], "contains"),
    rule("stop", ["STOP", "ยกเลิก", "unsubscribe"], "exact", { priority: 1 }),
    rule("fuzzy-discount", ["ส่วนลด"], "fuzzy", { fuzzy_threshold: 0.75 }),
  ]
  it("finds a Thai keyword inside a sentence without spaces", () => {
    expect(matchRule(rules, { text: "ขอส่วนลดหน่อยครับ" }, noon, TZ)?.rule.id).toBe("discount")
  })
  it("is case-insensitive for English", () => {
    expect(matchRule(rules, { text: "Any DISCOUNT today?" }, noon, TZ)?.rule.id).toBe("discount")
    expect(matchRule(rules, { text: "stop" }, noon, TZ)?.rule.id).toBe("stop")
    expect(matchRule(rules, { text: "Stop!" }, noon, TZ)?.rule.id).toBe("stop")
  })
  it("exact does not fire inside a sentence", () => {
    expect(matchRule([rules[1]], { text: "please don't stop sending" }, noon, TZ)).toBeNull()
  })
  it("prefers exact over contains over fuzzy, then priority", () => {
    const both = [rule("c", ["stop"], "contains", { priority: 0 }), rule("e", ["stop"], "exact", { priority: 5 })]
    expect(matchRule(both, { text: "stop" }, noon, TZ)?.rule.id).toBe("e")
    const same = [rule("late", ["ส่วนลด"], "contains", { priority: 9 }), rule("early", ["ส่วนลด"], "contains", { priority: 2 })]
    expect(matchRule(same, { text: "ส่วนลด" }, noon, TZ)?.rule.id).toBe("early")
  })
  it("fuzzy matches a typo above the threshold and not below", () => {
    const f = [rule("f", ["discount"], "fuzzy", { fuzzy_threshold: 0.8 })]
    expect(fuzzySimilarity("any discout today", "discount")).toBeGreaterThanOrEqual(0.8)
    expect(matchRule(f, { text: "any discout today" }, noon, TZ)?.rule.id).toBe("f")
    expect(matchRule(f, { text: "any dscnt today" }, noon, TZ)).toBeNull()
    const strict = [rule("f", ["discount"], "fuzzy", { fuzzy_threshold: 0.95 })]
    expect(matchRule(strict, { text: "any discout today" }, noon, TZ)).toBeNull()
    // Thai typo: one character missing
    expect(matchRule([rule("t", ["ส่วนลด"], "fuzzy", { fuzzy_threshold: 0.8 })], { text: "ขอส่วลดหน่อย" }, noon, TZ)?.rule.id).toBe("t")
  })
  it("regex rules", () => {
    const r = [rule("r", ["^(yes|y|ใช่)$"], "regex")]
    expect(matchRule(r, { text: "YES" }, noon, TZ)?.rule.id).toBe("r")
    expect(matchRule(r, { text: "yes please" }, noon, TZ)).toBeNull()
    expect(matchRule([rule("bad", ["(unclosed"], "regex")], { text: "(unclosed" }, noon, TZ)).toBeNull()
  })
  it("quick-reply payloads match exactly and tie to their rule", () => {
    const r = [rule("yes", [], "exact", { payloads: ["YES"] })]
    expect(matchRule(r, { text: "Yes, send my code", payload: "YES" }, noon, TZ)?.rule.id).toBe("yes")
    expect(matchRule(r, { text: "YES" }, noon, TZ)).toBeNull()
  })
  it("ignores disabled rules and rules outside their hours", () => {
    expect(matchRule([rule("d", ["x"], "contains", { enabled: false })], { text: "x" }, noon, TZ)).toBeNull()
    const office = rule("o", ["x"], "contains", { active_hours: { start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5] } })
    expect(matchRule([office], { text: "x" }, noon, TZ)?.rule.id).toBe("o")
    expect(matchRule([office], { text: "x" }, new Date("2026-11-25T12:00:00Z"), TZ)).toBeNull() // 19:00
    expect(matchRule([office], { text: "x" }, new Date("2026-11-29T05:00:00Z"), TZ)).toBeNull() // Sunday
  })
})

describe("hours", () => {
  it("spans midnight", () => {
    const night = { start: "22:00", end: "06:00" }
    expect(isWithinHours(night, new Date("2026-11-25T16:00:00Z"), TZ)).toBe(true) // 23:00
    expect(isWithinHours(night, new Date("2026-11-25T21:00:00Z"), TZ)).toBe(true) // 04:00
    expect(isWithinHours(night, noon, TZ)).toBe(false)
  })
  it("edit distance", () => {
    expect(editDistance("kitten", "sitting")).toBe(3)
    expect(editDistance("ส่วนลด", "ส่วลด")).toBe(1)
  })
})
