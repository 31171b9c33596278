import { fixedTextWords, lintTemplate } from "../template-lint"
import { FAILING, GOOD } from "./template-lint.fixtures"

describe("lintTemplate", () => {
  it("passes a well-formed template", () => {
    expect(lintTemplate(GOOD)).toEqual([])
  })
  it("passes promotional words in a MARKETING template", () => {
    expect(lintTemplate({ ...FAILING.find(([r]) => r === "promotional_in_utility")![1], category: "MARKETING" })).toEqual([])
  })
  it.each(FAILING)("flags %s with why and how to fix", (rule, template) => {
    const findings = lintTemplate(template)
    const f = findings.find((x) => x.rule === rule)
    expect(f).toBeDefined()
    expect(f!.message.length).toBeGreaterThan(20)
    expect(f!.fix.length).toBeGreaterThan(10)
  })
  it("reads Thai text without spaces as several words", () => {
    expect(fixedTextWords("สวัสดีคุณ ขอบคุณสำหรับคำสั่งซื้อ")).toBeGreaterThanOrEqual(6)
    expect(fixedTextWords("Hi {{1}}, thanks")).toBe(2)
  })
})
