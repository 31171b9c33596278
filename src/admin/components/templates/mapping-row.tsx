import { Button, InlineTip, Label, Select, Switch, Text, toast } from "@medusajs/ui"
import { useState } from "react"
import { eventLabel, useSaveMapping, type NotificationMapping, type NotificationMappingWithStatus, type WhatsappTemplate } from "../../lib/notifications"
import { errorMessage } from "../../lib/sdk"
import { bodyText, cleanMapping, findTemplate, parameterCountProblem, sameMapping, templateKey } from "./mapping-draft"
import { ParameterEditor } from "./parameter-editor"
import { TemplateStatusBadge } from "./template-badges"

type Props = {
  mapping: NotificationMappingWithStatus
  templates: WhatsappTemplate[]
  sources: string[]
}

/** One event: on/off, the template it sends, and what fills the template's variables. */
export const MappingRow = ({ mapping, templates, sources }: Props) => {
  const [draft, setDraft] = useState<NotificationMapping>(() => cleanMapping(mapping))
  const { mutateAsync, isPending } = useSaveMapping()
  const dirty = !sameMapping(draft, mapping)
  const template = findTemplate(templates, draft.template_name, draft.template_language)
  const body = bodyText(template)
  const liveProblem = dirty ? parameterCountProblem(template, draft.parameters) : null
  const label = eventLabel(draft.event)

  const save = async () => {
    try {
      await mutateAsync(cleanMapping(draft))
      toast.success("Notification saved", { description: `${label} now ${draft.enabled ? "sends" : "does not send"} ${draft.template_name}.` })
    } catch (e) {
      toast.error("Couldn't save the notification", { description: errorMessage(e) })
    }
  }

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      <div className="flex items-start justify-between gap-x-4">
        <div className="flex min-w-0 flex-col">
          <Text size="small" weight="plus" leading="compact">
            {label}
          </Text>
          <Text size="xsmall" className="text-ui-fg-muted font-mono">
            {draft.event}
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <Label htmlFor={`wa-enabled-${draft.event}`} size="xsmall" className="text-ui-fg-subtle">
            {draft.enabled ? "On" : "Off"}
          </Label>
          <Switch
            id={`wa-enabled-${draft.event}`}
            size="small"
            checked={draft.enabled}
            disabled={isPending}
            onCheckedChange={(enabled) => setDraft({ ...draft, enabled })}
          />
        </div>
      </div>

      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" weight="plus" className="text-ui-fg-subtle">
          Template
        </Label>
        <div className="flex flex-wrap items-center gap-2">
          <div className="w-full max-w-sm">
            <TemplateSelect
              templates={templates}
              name={draft.template_name}
              language={draft.template_language}
              disabled={isPending}
              onChange={(t) => setDraft({ ...draft, template_name: t.name, template_language: t.language })}
            />
          </div>
          <TemplateStatusBadge status={template?.status ?? null} />
        </div>
        {body && (
          <Text size="xsmall" className="text-ui-fg-muted whitespace-pre-wrap break-words">
            {body}
          </Text>
        )}
      </div>

      <div className="flex flex-col gap-y-1">
        <Label size="xsmall" weight="plus" className="text-ui-fg-subtle">
          Parameters
        </Label>
        <ParameterEditor
          parameters={draft.parameters}
          sources={sources}
          named={template?.parameter_format === "NAMED" || draft.parameters.some((p) => !!p.parameter_name)}
          disabled={isPending}
          onChange={(parameters) => setDraft({ ...draft, parameters })}
        />
      </div>

      {!dirty && mapping.problem && (
        <InlineTip label="Problem" variant="warning">
          {mapping.problem}
        </InlineTip>
      )}
      {liveProblem && (
        <InlineTip label="Check" variant="warning">
          {liveProblem}
        </InlineTip>
      )}

      {dirty && (
        <div className="flex justify-end gap-x-2">
          <Button size="small" variant="secondary" disabled={isPending} onClick={() => setDraft(cleanMapping(mapping))}>
            Discard
          </Button>
          <Button size="small" isLoading={isPending} onClick={save}>
            Save
          </Button>
        </div>
      )}
    </div>
  )
}

type TemplateSelectProps = {
  templates: WhatsappTemplate[]
  name: string
  language: string
  disabled?: boolean
  onChange: (t: { name: string; language: string }) => void
}

const TemplateSelect = ({ templates, name, language, disabled, onChange }: TemplateSelectProps) => {
  const current = templateKey(name, language)
  const options = templates
    .filter((t) => t.status !== "DELETED" || templateKey(t.name, t.language) === current)
    .map((t) => ({ key: templateKey(t.name, t.language), name: t.name, language: t.language, note: t.status }))
  if (!options.some((o) => o.key === current)) options.unshift({ key: current, name, language, note: "not synced" })

  return (
    <Select
      size="small"
      value={current}
      disabled={disabled}
      onValueChange={(key) => {
        const option = options.find((o) => o.key === key)
        if (option) onChange({ name: option.name, language: option.language })
      }}
    >
      <Select.Trigger aria-label="Template">
        <Select.Value />
      </Select.Trigger>
      <Select.Content>
        {options.map((o) => (
          <Select.Item key={o.key} value={o.key}>
            {o.name} ({o.language}){o.note !== "APPROVED" ? ` · ${o.note.toLowerCase().replace(/_/g, " ")}` : ""}
          </Select.Item>
        ))}
      </Select.Content>
    </Select>
  )
}
