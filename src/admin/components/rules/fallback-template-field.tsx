import { Button, InlineTip, Label, Text } from "@medusajs/ui"
import { useTemplates } from "../../lib/notifications"
import { ApprovedTemplateSelect } from "../inbox/approved-template-select"
import { bodyOf, bodyVariables, templateKey, unsupportedReason } from "../inbox/template-utils"

type Value = { name: string; language: string } | null
type Props = { value: Value; onChange: (value: Value) => void; disabled?: boolean }

/** An approved template without variables (it is sent without parameters), or none. */
export const FallbackTemplateField = ({ value, onChange, disabled }: Props) => {
  const { data, isError } = useTemplates()
  const templates = data?.templates ?? []
  const template = value ? templates.find((t) => templateKey(t.name, t.language) === templateKey(value.name, value.language)) : undefined
  const problem = template
    ? bodyVariables(template).length
      ? "This template has variables, but the fallback is sent without parameters: WhatsApp will refuse it."
      : unsupportedReason(template)
    : null

  return (
    <div className="flex flex-col gap-y-2">
      <Label htmlFor="wa-ar-fallback" size="small" weight="plus">
        Template
      </Label>
      <div className="flex flex-wrap items-center gap-2">
        <div className="w-full max-w-sm">
          <ApprovedTemplateSelect
            id="wa-ar-fallback"
            templates={templates}
            value={value}
            disabled={disabled}
            placeholder="None: send nothing"
            onChange={(t) => onChange({ name: t.name, language: t.language })}
          />
        </div>
        {value && (
          <Button size="small" variant="transparent" disabled={disabled} onClick={() => onChange(null)}>
            Clear
          </Button>
        )}
      </div>
      {isError && (
        <Text size="xsmall" className="text-ui-fg-error">
          Couldn't load templates.
        </Text>
      )}
      {template && bodyOf(template) && (
        <Text size="xsmall" className="text-ui-fg-muted whitespace-pre-wrap break-words">
          {bodyOf(template)}
        </Text>
      )}
      {problem && (
        <InlineTip label="Check" variant="warning">
          {problem}
        </InlineTip>
      )}
    </div>
  )
}
