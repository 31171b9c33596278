import { Input, Select, Text, Textarea } from "@medusajs/ui"
import { useFaqs, type ReplyAction } from "../../lib/inbox"
import { useTemplates } from "../../lib/notifications"
import { ApprovedTemplateSelect } from "../inbox/approved-template-select"
import { bodyOf, bodyVariables, templateKey, unsupportedReason } from "../inbox/template-utils"
import { Field } from "../common/field"

type Props<A extends ReplyAction = ReplyAction> = {
  idPrefix: string
  action: A
  onChange: (action: A) => void
  disabled?: boolean
}

const VARIABLES_HINT = "{{first_name}} is the WhatsApp profile name; {{code}} and {{expires}} need an “Issue discount code” action in the rule."

const NOTES: Partial<Record<ReplyAction["type"], string>> = {
  issue_discount:
    "Creates a one-time promotion code for this customer (the discount set under Settings), or repeats their still-valid one. Put {{code}} and {{expires}} in a reply to send it.",
  opt_out: "Records that the customer no longer wants marketing messages. WhatsApp requires honouring STOP.",
  opt_in: "Records that the customer wants marketing messages again.",
  handover: "Pauses the rules for this conversation until an agent resolves it, and marks it in the inbox.",
}

/** The inputs one action needs. */
export const ActionFields = ({ idPrefix, action, onChange, disabled }: Props) => {
  switch (action.type) {
    case "reply_text":
      return (
        <Field id={`${idPrefix}-text`} label="Text" hint={VARIABLES_HINT}>
          <Textarea id={`${idPrefix}-text`} rows={3} value={action.text} disabled={disabled} onChange={(e) => onChange({ ...action, text: e.target.value })} />
        </Field>
      )
    case "reply_template":
      return <TemplateActionFields idPrefix={idPrefix} action={action} onChange={onChange} disabled={disabled} />
    case "add_tag":
    case "remove_tag":
      return (
        <Field id={`${idPrefix}-tag`} label="Tag" hint="Only for customers linked to a store account; automatic tags are recomputed and can't be removed here.">
          <Input
            id={`${idPrefix}-tag`}
            size="small"
            value={action.tag}
            placeholder="vip, interested-in-sale…"
            disabled={disabled}
            onChange={(e) => onChange({ ...action, tag: e.target.value })}
          />
        </Field>
      )
    case "faq":
      return <FaqActionField idPrefix={idPrefix} action={action} onChange={onChange} disabled={disabled} />
    default:
      return (
        <Text size="small" className="text-ui-fg-subtle">
          {NOTES[action.type]}
        </Text>
      )
  }
}

type TemplateAction = Extract<ReplyAction, { type: "reply_template" }>

const TemplateActionFields = ({ idPrefix, action, onChange, disabled }: Props<TemplateAction>) => {
  const { data, isError } = useTemplates()
  const templates = data?.templates ?? []
  const template = templates.find((t) => templateKey(t.name, t.language) === templateKey(action.template_name, action.language)) ?? null
  const variables = template ? bodyVariables(template) : (action.parameters ?? []).map((_, i) => String(i + 1))
  const parameters = action.parameters ?? []
  const problem = template
    ? (unsupportedReason(template) ?? (parameters.length !== variables.length ? `The template has ${variables.length} variable(s); fill each of them.` : null))
    : null

  return (
    <div className="flex flex-col gap-y-3">
      <Field
        id={`${idPrefix}-template`}
        label="Template"
        hint={
          isError ? "Couldn't load templates." : "Sent when the rule has no reply text, and instead of the text when the customer's 24-hour window is closed."
        }
      >
        <ApprovedTemplateSelect
          id={`${idPrefix}-template`}
          templates={templates}
          value={action.template_name ? { name: action.template_name, language: action.language } : null}
          disabled={disabled}
          onChange={(t) =>
            onChange({ ...action, template_name: t.name, language: t.language, parameters: bodyVariables(t).map((_, i) => parameters[i] ?? "") })
          }
        />
      </Field>
      {bodyOf(template) && (
        <Text size="xsmall" className="text-ui-fg-muted whitespace-pre-wrap break-words">
          {bodyOf(template)}
        </Text>
      )}
      {problem && (
        <Text size="xsmall" className="text-ui-fg-error">
          {problem}
        </Text>
      )}
      {variables.map((name, i) => (
        <Field key={name} id={`${idPrefix}-param-${i}`} label={`{{${name}}}`} hint={i === 0 ? VARIABLES_HINT : undefined}>
          <Input
            id={`${idPrefix}-param-${i}`}
            size="small"
            value={parameters[i] ?? ""}
            disabled={disabled}
            onChange={(e) => {
              const next = variables.map((_, j) => parameters[j] ?? "")
              next[i] = e.target.value
              onChange({ ...action, parameters: next })
            }}
          />
        </Field>
      ))}
    </div>
  )
}

type FaqAction = Extract<ReplyAction, { type: "faq" }>

const FaqActionField = ({ idPrefix, action, onChange, disabled }: Props<FaqAction>) => {
  const { data, isError } = useFaqs()
  const titles = [...new Set((data?.faqs ?? []).map((f) => f.title))]
  const missing = !!action.faq_title && !!data && !titles.includes(action.faq_title)

  return (
    <Field
      id={`${idPrefix}-faq`}
      label="FAQ"
      hint={
        isError
          ? "Couldn't load FAQs."
          : missing
            ? "No FAQ has this title any more: the rule will send nothing for this action."
            : "The answer is looked up by title when the rule runs."
      }
    >
      <Select size="small" value={action.faq_title} disabled={disabled} onValueChange={(faq_title) => onChange({ ...action, faq_title })}>
        <Select.Trigger id={`${idPrefix}-faq`} aria-label="FAQ">
          <Select.Value placeholder={titles.length ? "Choose an FAQ" : "No FAQs yet: add them in the FAQ tab"} />
        </Select.Trigger>
        <Select.Content>
          {missing && (
            <Select.Item value={action.faq_title} disabled>
              {action.faq_title} · missing
            </Select.Item>
          )}
          {titles.map((title) => (
            <Select.Item key={title} value={title}>
              {title}
            </Select.Item>
          ))}
        </Select.Content>
      </Select>
    </Field>
  )
}
