import { PaperPlane } from "@medusajs/icons"
import { Button, InlineTip, Input, Label, Skeleton, Text } from "@medusajs/ui"
import { useState } from "react"
import { useTemplates, type WhatsappTemplate } from "../../lib/notifications"
import { ErrorState } from "../common/error-state"
import { ApprovedTemplateSelect } from "./approved-template-select"
import { bodyOf, bodyVariables, fillBody, unsupportedReason } from "./template-utils"

type Props = {
  send: (body: { template: { name: string; language: string; parameters: string[] } }) => Promise<boolean>
  isPending: boolean
  onCancel?: () => void
}

/** Pick an approved template, fill its body variables, preview, send. */
export const TemplateReply = ({ send, isPending, onCancel }: Props) => {
  const templates = useTemplates()
  const [template, setTemplate] = useState<WhatsappTemplate | null>(null)
  const [values, setValues] = useState<string[]>([])

  if (templates.isPending) return <Skeleton className="h-8 w-full" />
  if (templates.isError) return <ErrorState title="Couldn't load templates" error={templates.error} onRetry={() => templates.refetch()} />

  const variables = bodyVariables(template)
  const body = bodyOf(template)
  const problem = template ? unsupportedReason(template) : null
  const missing = variables.some((_, i) => !values[i]?.trim())

  const choose = (t: WhatsappTemplate) => {
    setTemplate(t)
    setValues(bodyVariables(t).map(() => ""))
  }

  const submit = async () => {
    if (!template || missing) return
    const sent = await send({
      template: { name: template.name, language: template.language, parameters: variables.map((_, i) => values[i].trim()) },
    })
    if (sent) {
      setTemplate(null)
      setValues([])
      onCancel?.()
    }
  }

  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex flex-col gap-y-1">
        <Label htmlFor="wa-reply-template" size="small" weight="plus">
          Template
        </Label>
        <ApprovedTemplateSelect id="wa-reply-template" templates={templates.data.templates} value={template} onChange={choose} disabled={isPending} />
      </div>
      {variables.length > 0 && (
        <div className="grid grid-cols-1 gap-2 sm:grid-cols-2">
          {variables.map((name, i) => (
            <div key={name} className="flex flex-col gap-y-1">
              <Label htmlFor={`wa-reply-param-${name}`} size="xsmall" weight="plus" className="text-ui-fg-subtle">
                {`{{${name}}}`}
              </Label>
              <Input
                id={`wa-reply-param-${name}`}
                size="small"
                value={values[i] ?? ""}
                disabled={isPending}
                onChange={(e) => setValues((v) => v.map((old, j) => (j === i ? e.target.value : old)))}
              />
            </div>
          ))}
        </div>
      )}
      {body && (
        <div className="bg-ui-tag-green-bg txt-compact-small self-end rounded-lg rounded-br-sm px-3 py-2 whitespace-pre-wrap break-words sm:max-w-[80%]">
          {fillBody(body, variables, values)}
        </div>
      )}
      {problem && (
        <InlineTip label="Can't send this template" variant="warning">
          {problem}
        </InlineTip>
      )}
      <div className="flex items-center justify-end gap-x-2">
        {missing && template && (
          <Text size="xsmall" className="text-ui-fg-muted">
            Fill every variable to send.
          </Text>
        )}
        {onCancel && (
          <Button size="small" variant="secondary" onClick={onCancel} disabled={isPending}>
            Write text instead
          </Button>
        )}
        <Button size="small" onClick={submit} isLoading={isPending} disabled={!template || missing || !!problem}>
          <PaperPlane />
          Send template
        </Button>
      </div>
    </div>
  )
}
