import { Plus } from "@medusajs/icons"
import { Alert, Button, FocusModal, Heading, Text, toast } from "@medusajs/ui"
import { useMemo, useState } from "react"
import { useDebouncedValue } from "../../hooks/use-debounced-value"
import { TemplateLintError, useCreateTemplate, useTemplateLint, type LintFinding } from "../../lib/notifications"
import { errorMessage } from "../../lib/sdk"
import { LintFindings } from "./lint-findings"
import { EMPTY_DRAFT, canLint, formProblems, toPayload, type TemplateDraft } from "./template-draft"
import { TemplateForm } from "./template-form"
import { TemplatePreview } from "./template-preview"

/** Writes a template, checks it against Meta's usual rejection reasons as you type, and submits it for review. */
export const CreateTemplateModal = () => {
  const [open, setOpen] = useState(false)
  const [draft, setDraft] = useState<TemplateDraft>(EMPTY_DRAFT)
  /** Findings the create endpoint refused the template with; cleared by any edit. */
  const [rejected, setRejected] = useState<LintFinding[] | null>(null)
  const create = useCreateTemplate()
  const problems = formProblems(draft)

  const update = (patch: Partial<TemplateDraft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setRejected(null)
  }

  const submit = async (force: boolean) => {
    try {
      const { template } = await create.mutateAsync({ ...toPayload(draft), ...(force ? { force: true } : {}) })
      toast.success("Template submitted", {
        description: `${template.name} (${template.language}) is ${String(template.status).toLowerCase()}. Meta usually reviews templates within a day.`,
      })
      setDraft(EMPTY_DRAFT)
      setRejected(null)
      setOpen(false)
    } catch (e) {
      if (e instanceof TemplateLintError) setRejected(e.findings)
      else toast.error("Couldn't submit the template", { description: errorMessage(e) })
    }
  }

  return (
    <FocusModal open={open} onOpenChange={setOpen}>
      <FocusModal.Trigger asChild>
        <Button size="small" variant="secondary">
          <Plus />
          Create template
        </Button>
      </FocusModal.Trigger>
      <FocusModal.Content>
        <FocusModal.Header>
          <div className="flex items-center gap-x-2">
            {rejected && (
              <Button size="small" variant="danger" isLoading={create.isPending} onClick={() => submit(true)}>
                Submit anyway
              </Button>
            )}
            <Button size="small" disabled={problems.length > 0} isLoading={create.isPending && !rejected} onClick={() => submit(false)}>
              Submit for review
            </Button>
          </div>
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-col overflow-y-auto">
          <div className="mx-auto flex w-full max-w-[1100px] flex-col gap-8 px-6 py-10 lg:flex-row">
            <div className="flex min-w-0 flex-1 flex-col gap-y-6">
              <div className="flex flex-col gap-y-1">
                <FocusModal.Title asChild>
                  <Heading>Create WhatsApp template</Heading>
                </FocusModal.Title>
                <FocusModal.Description asChild>
                  <Text size="small" className="text-ui-fg-subtle">
                    Templates are reviewed by Meta before they can be sent. The checks on the right catch the usual reasons for rejection.
                  </Text>
                </FocusModal.Description>
              </div>
              {rejected && (
                <Alert variant="warning">
                  <div className="flex flex-col gap-y-3">
                    <Text size="small" weight="plus">
                      Not submitted: the template would likely be rejected.
                    </Text>
                    <LintFindings findings={rejected} />
                    <Text size="small" className="text-ui-fg-subtle">
                      Fix the points above, or use "Submit anyway" if you are sure.
                    </Text>
                  </div>
                </Alert>
              )}
              <TemplateForm draft={draft} onChange={update} />
            </div>
            <aside className="flex w-full flex-col gap-y-6 lg:w-[340px] lg:shrink-0">
              <div className="flex flex-col gap-y-2">
                <Text size="small" weight="plus">
                  Preview
                </Text>
                <TemplatePreview draft={draft} />
              </div>
              <LivePanel draft={draft} problems={problems} />
            </aside>
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}

/** Lint findings for the draft, refreshed shortly after typing stops; plus what is missing to submit. */
const LivePanel = ({ draft, problems }: { draft: TemplateDraft; problems: string[] }) => {
  const payload = useMemo(() => (canLint(draft) ? toPayload(draft) : null), [draft])
  const debounced = useDebouncedValue(payload, 600)
  const lint = useTemplateLint(debounced)
  const checking = !!payload && (payload !== debounced || lint.isFetching)
  const findings = lint.data?.findings ?? []

  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex items-center justify-between">
        <Text size="small" weight="plus">
          Checks
        </Text>
        {checking && (
          <Text size="xsmall" className="text-ui-fg-muted">
            Checking…
          </Text>
        )}
      </div>
      {problems.length > 0 && (
        <ul className="flex list-disc flex-col gap-y-1 pl-4">
          {problems.map((p) => (
            <li key={p}>
              <Text size="small" className="text-ui-fg-subtle">
                {p}
              </Text>
            </li>
          ))}
        </ul>
      )}
      {!payload ? (
        <Text size="small" className="text-ui-fg-muted">
          Findings appear once the template has a name and a body.
        </Text>
      ) : lint.isError ? (
        <Text size="small" className="text-ui-fg-error">
          Couldn't check the template: {errorMessage(lint.error)}
        </Text>
      ) : lint.data && findings.length === 0 ? (
        <Text size="small" className="text-ui-fg-subtle">
          ✓ No problems found.
        </Text>
      ) : (
        <LintFindings findings={findings} />
      )}
    </div>
  )
}
