/** Pure helpers for editing a keyword rule: the form's draft, and the body the API takes. */
import type { ActiveHours, MatchMode, ReplyAction, ReplyActionType, ReplyRule, ReplyRuleInput } from "../../lib/inbox"

export interface ActionDraft {
  /** Stable React key while rows move around. */
  key: string
  action: ReplyAction
}

export interface RuleDraft {
  name: string
  /** One keyword per line. */
  keywords: string
  match_mode: MatchMode
  fuzzy_threshold: string
  priority: string
  enabled: boolean
  limitHours: boolean
  hours: Required<ActiveHours>
  /** One quick-reply payload per line. */
  payloads: string
  /** Not editable here; kept so saving doesn't detach a campaign's rule. */
  campaign_id: string | null
  actions: ActionDraft[]
}

export const MAX_ACTIONS = 10
const DEFAULT_HOURS: Required<ActiveHours> = { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" }
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/

let counter = 0
export const actionDraft = (action: ReplyAction): ActionDraft => ({ key: `a${++counter}`, action })

export function emptyAction(type: ReplyActionType): ReplyAction {
  switch (type) {
    case "reply_text":
      return { type, text: "" }
    case "reply_template":
      return { type, template_name: "", language: "", parameters: [] }
    case "add_tag":
    case "remove_tag":
      return { type, tag: "" }
    case "faq":
      return { type, faq_title: "" }
    default:
      return { type }
  }
}

export const EMPTY_RULE: RuleDraft = {
  name: "",
  keywords: "",
  match_mode: "contains",
  fuzzy_threshold: "0.8",
  priority: "100",
  enabled: true,
  limitHours: false,
  hours: DEFAULT_HOURS,
  payloads: "",
  campaign_id: null,
  actions: [],
}

export function newRuleDraft(): RuleDraft {
  return { ...EMPTY_RULE, actions: [actionDraft(emptyAction("reply_text"))] }
}

export function draftFromRule(rule: ReplyRule): RuleDraft {
  return {
    name: rule.name,
    keywords: (rule.keywords ?? []).join("\n"),
    match_mode: rule.match_mode,
    fuzzy_threshold: String(rule.fuzzy_threshold ?? 0.8),
    priority: String(rule.priority),
    enabled: rule.enabled,
    limitHours: !!rule.active_hours,
    hours: rule.active_hours ? { days: rule.active_hours.days ?? [], start: rule.active_hours.start, end: rule.active_hours.end } : DEFAULT_HOURS,
    payloads: (rule.payloads ?? []).join("\n"),
    campaign_id: rule.campaign_id ?? null,
    actions: (rule.actions ?? []).map(actionDraft),
  }
}

const lines = (text: string) => [
  ...new Set(
    text
      .split("\n")
      .map((l) => l.trim())
      .filter(Boolean)
  ),
]

function cleanAction(a: ReplyAction): ReplyAction {
  switch (a.type) {
    case "reply_text":
      return { type: a.type, text: a.text.trim() }
    case "reply_template":
      return { type: a.type, template_name: a.template_name, language: a.language, parameters: (a.parameters ?? []).map((p) => p.trim()) }
    case "add_tag":
    case "remove_tag":
      return { type: a.type, tag: a.tag.trim() }
    case "faq":
      return { type: a.type, faq_title: a.faq_title }
    default:
      return { type: a.type }
  }
}

export function toRuleInput(d: RuleDraft): ReplyRuleInput {
  const payloads = lines(d.payloads)
  return {
    name: d.name.trim(),
    keywords: lines(d.keywords),
    match_mode: d.match_mode,
    fuzzy_threshold: d.match_mode === "fuzzy" ? Number(d.fuzzy_threshold) : null,
    priority: Number(d.priority),
    enabled: d.enabled,
    active_hours: d.limitHours ? { ...(d.hours.days.length ? { days: [...d.hours.days].sort() } : {}), start: d.hours.start, end: d.hours.end } : null,
    payloads: payloads.length ? payloads : null,
    campaign_id: d.campaign_id,
    actions: d.actions.map((a) => cleanAction(a.action)),
  }
}

/** A stored rule as a body for the update endpoint (which takes the whole rule), e.g. to flip `enabled`. */
export function ruleInput(rule: ReplyRule, patch: Partial<ReplyRuleInput> = {}): ReplyRuleInput {
  return {
    name: rule.name,
    keywords: rule.keywords ?? [],
    match_mode: rule.match_mode,
    fuzzy_threshold: rule.fuzzy_threshold ?? null,
    priority: rule.priority,
    enabled: rule.enabled,
    active_hours: rule.active_hours ?? null,
    payloads: rule.payloads ?? null,
    campaign_id: rule.campaign_id ?? null,
    actions: rule.actions ?? [],
    ...patch,
  }
}

function actionProblem(a: ReplyAction): string | null {
  switch (a.type) {
    case "reply_text":
      return a.text.trim() ? null : "a reply text is empty"
    case "reply_template":
      if (!a.template_name) return "a template action has no template"
      return (a.parameters ?? []).some((p) => !p.trim()) ? "a template action has an empty parameter" : null
    case "add_tag":
    case "remove_tag":
      return a.tag.trim() ? null : "a tag action has no tag"
    case "faq":
      return a.faq_title ? null : "an FAQ action has no FAQ"
    default:
      return null
  }
}

/** What stops the draft from saving, in words ("Add a name", …). */
export function ruleProblems(d: RuleDraft): string[] {
  const problems: string[] = []
  if (!d.name.trim()) problems.push("Give the rule a name.")
  if (!lines(d.keywords).length && !lines(d.payloads).length) problems.push("Add at least one keyword or quick-reply payload.")
  const priority = Number(d.priority)
  if (!Number.isInteger(priority) || priority < 0 || priority > 10000) problems.push("Priority must be a whole number from 0 to 10000.")
  if (d.match_mode === "fuzzy") {
    const t = Number(d.fuzzy_threshold)
    if (!(t >= 0.5 && t <= 1)) problems.push("Similarity must be between 0.5 and 1.")
  }
  if (d.limitHours && (!HHMM.test(d.hours.start) || !HHMM.test(d.hours.end))) problems.push("Active hours need a start and end time.")
  if (!d.actions.length) problems.push("Add at least one action.")
  if (d.actions.length > MAX_ACTIONS) problems.push(`A rule can have at most ${MAX_ACTIONS} actions.`)
  const actionProblems = [...new Set(d.actions.map((a) => actionProblem(a.action)).filter((p): p is string => !!p))]
  for (const p of actionProblems) problems.push(p.charAt(0).toUpperCase() + p.slice(1) + ".")
  return problems
}

/** Keywords that aren't valid regular expressions (the server refuses them with its own message). */
export function invalidRegexes(d: RuleDraft): { keyword: string; error: string }[] {
  if (d.match_mode !== "regex") return []
  const out: { keyword: string; error: string }[] = []
  for (const keyword of lines(d.keywords)) {
    try {
      new RegExp(keyword, "iu")
    } catch (e) {
      out.push({ keyword, error: e instanceof Error ? e.message : String(e) })
    }
  }
  return out
}
