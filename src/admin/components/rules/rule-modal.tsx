import { Alert, Button, FocusModal, Heading, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useSaveRule, type ReplyRule } from "../../lib/inbox"
import { errorMessage } from "../../lib/sdk"
import { draftFromRule, newRuleDraft, ruleProblems, toRuleInput, type RuleDraft } from "./rule-draft"
import { RuleForm } from "./rule-form"

type Props = {
  /** "new" to create; a rule to edit; null when closed. */
  editing: ReplyRule | "new" | null
  onClose: () => void
}

/** Create or edit a keyword rule. The server's refusal (e.g. an invalid regex) stays on screen until the next edit. */
export const RuleModal = ({ editing, onClose }: Props) => {
  const [draft, setDraft] = useState<RuleDraft>(newRuleDraft)
  const [serverError, setServerError] = useState<string | null>(null)
  /** The rule being edited; kept while the modal animates closed. */
  const [rule, setRule] = useState<ReplyRule | null>(null)
  const save = useSaveRule()

  useEffect(() => {
    if (!editing) return
    setRule(editing === "new" ? null : editing)
    setDraft(editing === "new" ? newRuleDraft() : draftFromRule(editing))
    setServerError(null)
  }, [editing])

  const problems = ruleProblems(draft)
  const update = (patch: Partial<RuleDraft>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setServerError(null)
  }

  const submit = async () => {
    try {
      const { rule: saved } = await save.mutateAsync({ id: rule?.id, rule: toRuleInput(draft) })
      toast.success(rule ? "Rule saved" : "Rule created", { description: saved.name })
      onClose()
    } catch (e) {
      setServerError(errorMessage(e))
    }
  }

  return (
    <FocusModal open={!!editing} onOpenChange={(open) => !open && onClose()}>
      <FocusModal.Content>
        <FocusModal.Header>
          <div className="flex items-center gap-x-2">
            <Button size="small" disabled={problems.length > 0} isLoading={save.isPending} onClick={submit}>
              {rule ? "Save rule" : "Create rule"}
            </Button>
          </div>
        </FocusModal.Header>
        <FocusModal.Body className="flex flex-col overflow-y-auto">
          <div className="mx-auto flex w-full max-w-[760px] flex-col gap-y-6 px-6 py-10">
            <div className="flex flex-col gap-y-1">
              <FocusModal.Title asChild>
                <Heading>{rule ? `Edit rule: ${rule.name}` : "Create keyword rule"}</Heading>
              </FocusModal.Title>
              <FocusModal.Description asChild>
                <Text size="small" className="text-ui-fg-subtle">
                  When a customer's message matches, the first matching rule answers: exact matches beat contains and regex, which beat fuzzy; then lower
                  priority wins.
                </Text>
              </FocusModal.Description>
            </div>
            {serverError && (
              <Alert variant="error" dismissible={false}>
                <Text size="small" weight="plus">
                  Not saved
                </Text>
                <Text size="small" className="whitespace-pre-wrap break-words">
                  {serverError}
                </Text>
              </Alert>
            )}
            <RuleForm draft={draft} onChange={update} disabled={save.isPending} />
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
          </div>
        </FocusModal.Body>
      </FocusModal.Content>
    </FocusModal>
  )
}
