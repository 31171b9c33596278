import { Plus } from "@medusajs/icons"
import { Button, Input, Select, Text, Textarea } from "@medusajs/ui"
import type { TemplateCategory } from "../../lib/notifications"
import { ButtonsEditor } from "./buttons-editor"
import { Field } from "../common/field"
import { LIMITS, isNamed, variablesOf, type TemplateDraft } from "./template-draft"

const LANGUAGES = ["th", "en", "en_US", "en_GB", "zh_CN", "ja", "ko", "vi", "id", "ms", "lo", "my", "km"]

const CATEGORIES: { value: TemplateCategory; label: string; hint: string }[] = [
  { value: "UTILITY", label: "Utility", hint: "Order, payment and delivery updates. No promotional wording." },
  { value: "MARKETING", label: "Marketing", hint: "Promotions and offers; only for customers who opted in to marketing." },
  { value: "AUTHENTICATION", label: "Authentication", hint: "One-time passwords." },
]

type Props = { draft: TemplateDraft; onChange: (patch: Partial<TemplateDraft>) => void }

/** Name, language, category, then the message itself: header, body with sample values, footer, buttons. */
export const TemplateForm = ({ draft, onChange }: Props) => {
  const bodyVars = variablesOf(draft.body)
  const headerHasVariable = variablesOf(draft.headerText).length > 0
  const nextVariable = isNamed(bodyVars) ? null : bodyVars.length + 1

  return (
    <div className="flex flex-col gap-y-6">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-3">
        <Field id="wa-tpl-name" label="Name" hint="Lowercase letters, digits and underscores.">
          <Input id="wa-tpl-name" placeholder="order_shipped" value={draft.name} onChange={(e) => onChange({ name: e.target.value })} />
        </Field>
        <Field id="wa-tpl-language" label="Language" hint="WhatsApp language code, e.g. th or en_US.">
          <Input id="wa-tpl-language" list="wa-tpl-languages" value={draft.language} onChange={(e) => onChange({ language: e.target.value })} />
          <datalist id="wa-tpl-languages">
            {LANGUAGES.map((l) => (
              <option key={l} value={l} />
            ))}
          </datalist>
        </Field>
        <Field id="wa-tpl-category" label="Category" hint={CATEGORIES.find((c) => c.value === draft.category)?.hint}>
          <Select value={draft.category} onValueChange={(v) => onChange({ category: v as TemplateCategory })}>
            <Select.Trigger id="wa-tpl-category">
              <Select.Value />
            </Select.Trigger>
            <Select.Content>
              {CATEGORIES.map((c) => (
                <Select.Item key={c.value} value={c.value}>
                  {c.label}
                </Select.Item>
              ))}
            </Select.Content>
          </Select>
        </Field>
      </div>

      <Field id="wa-tpl-header" label="Header" optional hint="Plain text, no emojis; at most one variable ({{1}}).">
        <Input id="wa-tpl-header" maxLength={LIMITS.header} value={draft.headerText} onChange={(e) => onChange({ headerText: e.target.value })} />
      </Field>
      {headerHasVariable && (
        <Field id="wa-tpl-header-sample" label="Header sample value">
          <Input id="wa-tpl-header-sample" value={draft.headerSample} onChange={(e) => onChange({ headerSample: e.target.value })} />
        </Field>
      )}

      <Field id="wa-tpl-body" label="Body" hint={`Use {{1}}, {{2}}… for values filled in per message. ${draft.body.length}/${LIMITS.body}`}>
        <Textarea
          id="wa-tpl-body"
          rows={6}
          maxLength={LIMITS.body}
          placeholder="Hi {{1}}, your order #{{2}} has shipped. Track it with the button below. Thank you!"
          value={draft.body}
          onChange={(e) => onChange({ body: e.target.value })}
        />
      </Field>
      {nextVariable !== null && (
        <Button
          size="small"
          variant="transparent"
          className="-mt-4 self-start"
          onClick={() => onChange({ body: `${draft.body}${draft.body && !draft.body.endsWith(" ") ? " " : ""}{{${nextVariable}}}` })}
        >
          <Plus />
          Add variable {`{{${nextVariable}}}`}
        </Button>
      )}

      {bodyVars.length > 0 && (
        <div className="flex flex-col gap-y-2">
          <Text size="small" weight="plus">
            Sample values
          </Text>
          <Text size="xsmall" className="text-ui-fg-muted">
            Meta's reviewers see these in place of the variables. Use realistic values.
          </Text>
          {bodyVars.map((v) => (
            <div key={v} className="flex items-center gap-x-3">
              <Text size="small" className="text-ui-fg-subtle w-24 shrink-0 font-mono">{`{{${v}}}`}</Text>
              <div className="flex-1">
                <Input
                  size="small"
                  aria-label={`Sample for {{${v}}}`}
                  value={draft.samples[v] ?? ""}
                  onChange={(e) => onChange({ samples: { ...draft.samples, [v]: e.target.value } })}
                />
              </div>
            </div>
          ))}
        </div>
      )}

      <Field id="wa-tpl-footer" label="Footer" optional>
        <Input id="wa-tpl-footer" maxLength={LIMITS.footer} value={draft.footer} onChange={(e) => onChange({ footer: e.target.value })} />
      </Field>

      <div className="flex flex-col gap-y-2">
        <Text size="small" weight="plus">
          Buttons <span className="text-ui-fg-muted font-normal">(optional)</span>
        </Text>
        <ButtonsEditor buttons={draft.buttons} onChange={(buttons) => onChange({ buttons })} />
      </div>
    </div>
  )
}
