/** The create-template form's state, and how it becomes the API's template definition. */
import type { CreateTemplatePayload, TemplateCategory, TemplateDefinitionComponent } from "../../lib/notifications"

export type DraftButton = { type: "QUICK_REPLY" | "URL"; text: string; url: string; urlSample: string }

export interface TemplateDraft {
  name: string
  language: string
  category: TemplateCategory
  headerText: string
  headerSample: string
  body: string
  /** Sample value per body variable ("1", "2", or a name), kept while the body is edited. */
  samples: Record<string, string>
  footer: string
  buttons: DraftButton[]
}

export const EMPTY_DRAFT: TemplateDraft = {
  name: "",
  language: "th",
  category: "UTILITY",
  headerText: "",
  headerSample: "",
  body: "",
  samples: {},
  footer: "",
  buttons: [],
}

export const MAX_BUTTONS = 10
export const LIMITS = { header: 60, body: 1024, footer: 60, button: 25 } as const

// Same as the backend's template linter.
const VARIABLE = /\{\{\s*([a-z0-9_]+)\s*\}\}/gi

/** Distinct variables of a text: positional ones by number, named ones in order of appearance. */
export function variablesOf(text: string): string[] {
  const unique = [...new Set([...text.matchAll(VARIABLE)].map((m) => m[1]))]
  return unique.every((v) => /^\d+$/.test(v)) ? unique.sort((a, b) => Number(a) - Number(b)) : unique
}

export const isNamed = (vars: string[]) => vars.some((v) => !/^\d+$/.test(v))

export function isValidUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === "https:" || url.protocol === "http:"
  } catch {
    return false
  }
}

function buttonsOf(draft: TemplateDraft) {
  return draft.buttons
    .filter((b) => b.text.trim() && (b.type === "QUICK_REPLY" || isValidUrl(b.url)))
    .map((b) =>
      b.type === "URL"
        ? { type: b.type, text: b.text.trim(), url: b.url.trim(), ...(variablesOf(b.url).length ? { example: [b.urlSample] } : {}) }
        : { type: b.type, text: b.text.trim() }
    )
}

/** The definition as the API takes it; incomplete buttons are left out (formProblems reports them). */
export function toPayload(draft: TemplateDraft): CreateTemplatePayload {
  const components: TemplateDefinitionComponent[] = []
  if (draft.headerText.trim()) {
    const vars = variablesOf(draft.headerText)
    components.push({
      type: "HEADER",
      format: "TEXT",
      text: draft.headerText,
      ...(vars.length && draft.headerSample.trim() ? { example: { header_text: [draft.headerSample] } } : {}),
    })
  }
  const vars = variablesOf(draft.body)
  const named = isNamed(vars)
  components.push({
    type: "BODY",
    text: draft.body,
    ...(vars.length
      ? {
          example: named
            ? { body_text_named_params: vars.map((v) => ({ param_name: v, example: draft.samples[v] ?? "" })) }
            : { body_text: [vars.map((v) => draft.samples[v] ?? "")] },
        }
      : {}),
  })
  if (draft.footer.trim()) components.push({ type: "FOOTER", text: draft.footer })
  const buttons = buttonsOf(draft)
  if (buttons.length) components.push({ type: "BUTTONS", buttons })
  return {
    name: draft.name.trim(),
    language: draft.language.trim(),
    category: draft.category,
    ...(named ? { parameter_format: "NAMED" as const } : {}),
    components,
  }
}

/** What must be filled in before the API accepts the form at all (the linter judges the rest). */
export function formProblems(draft: TemplateDraft): string[] {
  const out: string[] = []
  if (!draft.name.trim()) out.push("Give the template a name.")
  if (draft.language.trim().length < 2) out.push("Choose a language code, such as th or en_US.")
  if (!draft.body.trim()) out.push("Write the body text.")
  draft.buttons.forEach((b, i) => {
    if (!b.text.trim()) out.push(`Button ${i + 1} needs a label.`)
    if (b.type === "URL" && !isValidUrl(b.url)) out.push(`Button ${i + 1} needs a valid https:// URL.`)
  })
  return out
}

/** Whether the linter can say something useful yet (the lint route validates the same schema). */
export const canLint = (draft: TemplateDraft) => !!draft.name.trim() && draft.language.trim().length >= 2 && !!draft.body.trim()

/** Replaces {{n}} with its sample, for the preview. */
export function fillSamples(text: string, samples: Record<string, string>): string {
  return text.replace(VARIABLE, (whole, name: string) => samples[name]?.trim() || whole)
}
