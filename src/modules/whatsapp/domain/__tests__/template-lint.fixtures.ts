import type { LintRule } from "../template-lint"

export const GOOD = {
  name: "order_update",
  language: "en_US",
  category: "UTILITY" as const,
  components: [{ type: "BODY" as const, text: "Hi {{1}}, your order number {{2}} is on its way to you today.", example: { body_text: [["Ann", "1001"]] } }],
}

/** One failing case per rule (the passing case is GOOD, or the case right after). */
export const FAILING: [LintRule, any][] = [
  ["bad_name", { ...GOOD, name: "Order Update!" }],
  ["missing_body", { ...GOOD, components: [{ type: "FOOTER", text: "bye" }] }],
  [
    "variable_at_start",
    { ...GOOD, components: [{ type: "BODY", text: "{{1}}, your order is on its way to you today, thanks.", example: { body_text: [["Ann"]] } }] },
  ],
  [
    "variable_at_end",
    { ...GOOD, components: [{ type: "BODY", text: "Hi there, your order is on its way and the number is {{1}}", example: { body_text: [["1"]] } }] },
  ],
  [
    "adjacent_variables",
    { ...GOOD, components: [{ type: "BODY", text: "Hi there, your order {{1}}{{2}} is on its way to you today.", example: { body_text: [["a", "b"]] } }] },
  ],
  [
    "too_many_variables",
    { ...GOOD, components: [{ type: "BODY", text: "Hi {{1}} {{2}} and {{3}} ok {{4}} done.", example: { body_text: [["a", "b", "c", "d"]] } }] },
  ],
  [
    "promotional_in_utility",
    { ...GOOD, components: [{ type: "BODY", text: "Hi {{1}}, get 20% discount on your next order with this code today.", example: { body_text: [["Ann"]] } }] },
  ],
  [
    "promotional_in_utility",
    { ...GOOD, components: [{ type: "BODY", text: "สวัสดีคุณ {{1}} รับส่วนลดพิเศษสำหรับคำสั่งซื้อถัดไปของคุณวันนี้เลย", example: { body_text: [["สมชาย"]] } }] },
  ],
  ["missing_samples", { ...GOOD, components: [{ type: "BODY", text: "Hi {{1}}, your order number {{2}} is on its way to you today." }] }],
  [
    "non_sequential_variables",
    { ...GOOD, components: [{ type: "BODY", text: "Hi {{1}}, your order number {{3}} is on its way to you today.", example: { body_text: [["a", "b"]] } }] },
  ],
  ["header_format", { ...GOOD, components: [{ type: "HEADER", format: "TEXT", text: "Your order 🚚" }, ...GOOD.components] }],
]
