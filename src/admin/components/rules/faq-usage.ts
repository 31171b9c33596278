import type { ReplyRule } from "../../lib/inbox"

/** Rules whose FAQ actions point at this title (rules refer to FAQs by title, not id). */
export function rulesUsingFaq(rules: ReplyRule[] | undefined, title: string): ReplyRule[] {
  return (rules ?? []).filter((r) => (r.actions ?? []).some((a) => a.type === "faq" && a.faq_title === title))
}
