/**
 * Checks a template before it is submitted to Meta, for the common causes of rejection.
 * Each finding says why Meta would reject it and how to fix it.
 */
import type { CreateTemplateRequest, TemplateComponent } from "../channels/cloud-api/types"

export type LintRule =
  | "bad_name"
  | "missing_body"
  | "variable_at_start"
  | "variable_at_end"
  | "adjacent_variables"
  | "too_many_variables"
  | "promotional_in_utility"
  | "missing_samples"
  | "non_sequential_variables"
  | "header_format"

export interface LintFinding {
  rule: LintRule
  component: "name" | "HEADER" | "BODY" | "FOOTER" | "BUTTONS" | "category"
  message: string
  fix: string
}

const VARIABLE = /\{\{\s*([a-z0-9_]+)\s*\}\}/gi

// Words Meta's classifier reads as marketing. Thai has no spaces: matched as substrings.
export const PROMOTIONAL_WORDS = {
  en: [
    "discount",
    "sale",
    "% off",
    "offer",
    "promo",
    "promotion",
    "coupon",
    "deal",
    "free gift",
    "buy one",
    "limited time",
    "shop now",
    "voucher",
    "cashback",
    "exclusive",
  ],
  th: ["ส่วนลด", "ลดราคา", "โปรโมชั่น", "โปร", "คูปอง", "ของแถม", "แจกฟรี", "ลดพิเศษ", "ซื้อ 1 แถม 1", "เฉพาะวันนี้", "ช้อปเลย", "ดีลพิเศษ", "เงินคืน"],
}

export function templateVariables(text: string): string[] {
  return [...text.matchAll(VARIABLE)].map((m) => m[1])
}

/**
 * Length of the fixed text, in "words": spaces split English; Thai (no spaces) counts about one
 * word per 4 characters, so a Thai template is not judged as one long word.
 */
export function fixedTextWords(text: string): number {
  const fixed = text.replace(VARIABLE, " ").trim()
  let words = 0
  for (const token of fixed.split(/\s+/).filter(Boolean)) {
    const thai = (token.match(/[\u0E00-\u0E7F]/g) ?? []).length
    words += thai > 0 ? Math.max(1, Math.round(thai / 4)) + (token.length - thai > 1 ? 1 : 0) : /[\p{L}\p{N}]/u.test(token) ? 1 : 0
  }
  return words
}

export function lintTemplate(t: Partial<CreateTemplateRequest>): LintFinding[] {
  const findings: LintFinding[] = []
  if (!t.name || !/^[a-z0-9_]{1,512}$/.test(t.name)) {
    findings.push({
      rule: "bad_name",
      component: "name",
      message: `Meta only accepts lowercase letters, digits and underscores in a template name (got "${t.name ?? ""}").`,
      fix: `Use something like "${
        (t.name ?? "my_template")
          .toLowerCase()
          .replace(/[^a-z0-9_]+/g, "_")
          .replace(/^_+|_+$/g, "") || "my_template"
      }".`,
    })
  }
  const components = t.components ?? []
  const body = components.find((c) => c.type === "BODY")
  if (!body?.text?.trim()) {
    findings.push({ rule: "missing_body", component: "BODY", message: "Every template needs a BODY with text.", fix: "Add the message text as the BODY." })
    return findings
  }
  const text = body.text.trim()
  const vars = templateVariables(text)
  if (/^\{\{\s*[a-z0-9_]+\s*\}\}/i.test(text)) {
    findings.push({
      rule: "variable_at_start",
      component: "BODY",
      message: "Meta rejects a body that starts with a variable: the reviewer cannot tell what the message is about.",
      fix: 'Start with fixed text, e.g. "Hi {{1}}, …" instead of "{{1}}, …".',
    })
  }
  if (/\{\{\s*[a-z0-9_]+\s*\}\}[\s.!?。…]*$/i.test(text)) {
    findings.push({
      rule: "variable_at_end",
      component: "BODY",
      message: "Meta rejects a body that ends with a variable (dangling parameters).",
      fix: 'End with fixed text, e.g. "… {{2}}. Thank you!"',
    })
  }
  if (/\}\}\s*\{\{/.test(text)) {
    findings.push({
      rule: "adjacent_variables",
      component: "BODY",
      message: "Two variables side by side with no text between them are rejected as unclear.",
      fix: 'Put words between them, e.g. "{{1}} items for {{2}}".',
    })
  }
  const words = fixedTextWords(text)
  // Meta wants clearly more fixed text than parameters; about 2 words per variable is the floor seen in practice.
  if (vars.length && words < vars.length * 2 + 1) {
    findings.push({
      rule: "too_many_variables",
      component: "BODY",
      message: `${vars.length} variable(s) for about ${words} word(s) of fixed text: Meta rejects templates that are mostly parameters.`,
      fix: "Write more fixed text around the variables, or use fewer variables.",
    })
  }
  const positional = vars.filter((v) => /^\d+$/.test(v)).map(Number)
  if (positional.length && t.parameter_format !== "NAMED") {
    const unique = [...new Set(positional)].sort((a, b) => a - b)
    if (unique.some((n, i) => n !== i + 1)) {
      findings.push({
        rule: "non_sequential_variables",
        component: "BODY",
        message: `Positional variables must be {{1}}, {{2}}, … in sequence (found ${unique.map((n) => `{{${n}}}`).join(", ")}).`,
        fix: "Renumber the variables from {{1}} without gaps.",
      })
    }
  }
  const samples = body.example?.body_text?.[0] ?? body.example?.body_text_named_params?.map((p) => p.example) ?? []
  const distinct = new Set(vars).size
  if (distinct && samples.filter((s) => String(s ?? "").trim()).length < distinct) {
    findings.push({
      rule: "missing_samples",
      component: "BODY",
      message: `Meta needs a sample value for every variable to review the template (${distinct} variable(s), ${samples.length} sample(s)).`,
      fix: "Give a realistic sample for each variable (e.g. a name, an order number).",
    })
  }
  const header = components.find((c) => c.type === "HEADER")
  if (header) findings.push(...lintHeader(header))
  if (t.category === "UTILITY") {
    const all = components
      .map((c) => [c.text ?? "", ...(c.buttons ?? []).map((b) => b.text)].join(" "))
      .join(" ")
      .toLowerCase()
    const hits = [...PROMOTIONAL_WORDS.en, ...PROMOTIONAL_WORDS.th].filter((w) => all.includes(w.toLowerCase()))
    if (hits.length) {
      findings.push({
        rule: "promotional_in_utility",
        component: "category",
        message: `Promotional wording (${hits.map((h) => `"${h}"`).join(", ")}) in a UTILITY template: Meta recategorises it as MARKETING or rejects it.`,
        fix: "Remove the promotional words, or submit it as a MARKETING template (opt-in required).",
      })
    }
  }
  return findings
}

function lintHeader(header: TemplateComponent): LintFinding[] {
  const out: LintFinding[] = []
  if ((header.format ?? "TEXT") !== "TEXT") return out
  const text = header.text ?? ""
  if (/[\n*_~]|\p{Extended_Pictographic}/u.test(text)) {
    out.push({
      rule: "header_format",
      component: "HEADER",
      message: "Text headers may not contain emojis, new lines or formatting characters (* _ ~).",
      fix: "Keep the header plain text; move emojis to the body.",
    })
  }
  const vars = templateVariables(text)
  if (vars.length > 1) {
    out.push({
      rule: "too_many_variables",
      component: "HEADER",
      message: "A text header may have at most one variable.",
      fix: "Keep one variable in the header.",
    })
  }
  if (vars.length && !(header.example?.header_text ?? []).length) {
    out.push({
      rule: "missing_samples",
      component: "HEADER",
      message: "The header variable needs a sample value.",
      fix: "Add a sample for the header variable.",
    })
  }
  return out
}
