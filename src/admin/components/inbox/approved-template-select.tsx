import { Select } from "@medusajs/ui"
import type { WhatsappTemplate } from "../../lib/notifications"
import { isApproved, templateKey } from "./template-utils"

type Props = {
  templates: WhatsappTemplate[]
  value: { name: string; language: string } | null
  onChange: (template: WhatsappTemplate) => void
  disabled?: boolean
  placeholder?: string
  id?: string
}

/** Approved templates only; a saved choice that is no longer approved stays listed, marked. */
export const ApprovedTemplateSelect = ({ templates, value, onChange, disabled, placeholder = "Choose a template", id }: Props) => {
  const current = value ? templateKey(value.name, value.language) : ""
  const options = templates.filter((t) => isApproved(t) || templateKey(t.name, t.language) === current)
  const known = options.some((t) => templateKey(t.name, t.language) === current)

  return (
    <Select
      size="small"
      value={current}
      disabled={disabled}
      onValueChange={(key) => {
        const t = options.find((o) => templateKey(o.name, o.language) === key)
        if (t) onChange(t)
      }}
    >
      <Select.Trigger id={id} aria-label="Template">
        <Select.Value placeholder={placeholder} />
      </Select.Trigger>
      <Select.Content>
        {value && current && !known && (
          <Select.Item value={current} disabled>
            {value.name} ({value.language}) · not synced
          </Select.Item>
        )}
        {options.length === 0 && !current ? (
          <Select.Item value="__none" disabled>
            No approved templates: sync them on the WhatsApp templates page
          </Select.Item>
        ) : (
          options.map((t) => (
            <Select.Item key={t.id} value={templateKey(t.name, t.language)}>
              {t.name} ({t.language}){isApproved(t) ? "" : ` · ${String(t.status).toLowerCase().replace(/_/g, " ")}`}
            </Select.Item>
          ))
        )}
      </Select.Content>
    </Select>
  )
}
