/**
 * What an auto-reply rule's actions add up to: the side effects to apply (consent, tags, in rule
 * order), whether the conversation goes to a human, and at most one message. Pure: the workflow
 * step looks up the FAQ answers first, applies the effects and sends what this returns.
 */
import { fillReply, type ReplyAction, type ReplyVars } from "./defaults"

export type ReplyEffect = { type: "opt_out" } | { type: "opt_in" } | { type: "add_tag"; tag: string } | { type: "remove_tag"; tag: string }

export interface ReplyTemplate {
  name: string
  language: string
  parameters: string[]
}

export interface ComposeInput {
  actions: ReplyAction[]
  /** {{code}}, {{expires}}, {{first_name}} */
  vars: ReplyVars
  /** answers of the FAQs the actions name, by title (a title not found adds nothing) */
  faqAnswers: Record<string, string>
  /** the 24 h customer-service window: free-form text only inside it */
  windowOpen: boolean
  /** sent instead of text when the window is closed and the rule has no template of its own */
  fallbackTemplate: { name: string; language: string } | null
}

export interface ComposedReply {
  effects: ReplyEffect[]
  handover: boolean
  text: string | null
  template: ReplyTemplate | null
  /** action types handled, in order (reported on the workflow result) */
  done: string[]
}

/** The FAQ titles a rule's actions need looked up. */
export function faqTitles(actions: ReplyAction[]): string[] {
  return [...new Set(actions.flatMap((a) => (a.type === "faq" ? [a.faq_title] : [])))]
}

export function composeReply(i: ComposeInput): ComposedReply {
  const effects: ReplyEffect[] = []
  const done: string[] = []
  let handover = false
  let text: string | null = null
  let template: ReplyTemplate | null = null
  const append = (part: string | undefined) => {
    text = [text, part].filter(Boolean).join("\n\n") || null
  }
  for (const a of i.actions) {
    switch (a.type) {
      case "opt_out":
      case "opt_in":
        effects.push({ type: a.type })
        break
      case "add_tag":
      case "remove_tag":
        effects.push({ type: a.type, tag: a.tag })
        break
      case "handover":
        handover = true
        break
      case "faq":
        append(i.faqAnswers[a.faq_title])
        break
      case "reply_text":
        append(fillReply(a.text, i.vars))
        break
      case "reply_template":
        template = { name: a.template_name, language: a.language, parameters: (a.parameters ?? []).map((p) => fillReply(p, i.vars, a.language)) }
        break
    }
    done.push(a.type)
  }
  return { effects, handover, done, ...withinWindow(text, template, i) }
}

/** Free-form only inside the customer-service window; otherwise the rule's template, the fallback, or nothing. */
export function withinWindow(
  text: string | null,
  template: ReplyTemplate | null,
  i: Pick<ComposeInput, "windowOpen" | "fallbackTemplate">
): { text: string | null; template: ReplyTemplate | null } {
  if (!text || i.windowOpen) return { text, template }
  return { text: null, template: template ?? (i.fallbackTemplate ? { ...i.fallbackTemplate, parameters: [] } : null) }
}
