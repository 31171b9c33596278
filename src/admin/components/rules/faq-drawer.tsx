import { Alert, Button, Drawer, Input, Text, Textarea, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useSaveFaq, type Faq, type FaqInput, type ReplyRule } from "../../lib/inbox"
import { errorMessage } from "../../lib/sdk"
import { Field } from "../common/field"
import { rulesUsingFaq } from "./faq-usage"

type Props = {
  editing: Faq | "new" | null
  rules: ReplyRule[] | undefined
  onClose: () => void
}

const EMPTY: FaqInput = { title: "", answer: "", language: "th" }
const MAX_ANSWER = 4096

export const FaqDrawer = ({ editing, rules, onClose }: Props) => {
  const [draft, setDraft] = useState<FaqInput>(EMPTY)
  const [serverError, setServerError] = useState<string | null>(null)
  /** The FAQ being edited; kept while the drawer animates closed. */
  const [faq, setFaq] = useState<Faq | null>(null)
  const save = useSaveFaq()

  useEffect(() => {
    if (!editing) return
    setFaq(editing === "new" ? null : editing)
    setDraft(editing === "new" ? EMPTY : { title: editing.title, answer: editing.answer, language: editing.language })
    setServerError(null)
  }, [editing])

  const update = (patch: Partial<FaqInput>) => {
    setDraft((d) => ({ ...d, ...patch }))
    setServerError(null)
  }

  const title = draft.title.trim()
  const renamedFrom = faq && title !== faq.title ? rulesUsingFaq(rules, faq.title) : []
  const valid = !!title && title.length <= 100 && !!draft.answer.trim() && draft.answer.length <= MAX_ANSWER && draft.language.trim().length >= 2

  const submit = async () => {
    try {
      await save.mutateAsync({ id: faq?.id, faq: { title, answer: draft.answer.trim(), language: draft.language.trim() } })
      toast.success(faq ? "FAQ saved" : "FAQ added", { description: title })
      onClose()
    } catch (e) {
      setServerError(errorMessage(e))
    }
  }

  return (
    <Drawer open={!!editing} onOpenChange={(open) => !open && onClose()}>
      <Drawer.Content>
        <Drawer.Header>
          <Drawer.Title>{faq ? "Edit FAQ" : "Add FAQ"}</Drawer.Title>
          <Drawer.Description className="sr-only">A canned answer for rules and agents.</Drawer.Description>
        </Drawer.Header>
        <Drawer.Body className="flex flex-col gap-y-4 overflow-y-auto">
          {serverError && (
            <Alert variant="error">
              <Text size="small" className="whitespace-pre-wrap break-words">
                {serverError}
              </Text>
            </Alert>
          )}
          <Field id="wa-faq-title" label="Title" hint="Rules point at an FAQ by this title.">
            <Input id="wa-faq-title" size="small" value={draft.title} maxLength={100} onChange={(e) => update({ title: e.target.value })} />
          </Field>
          {renamedFrom.length > 0 && (
            <Alert variant="warning">
              <Text size="small">
                {renamedFrom.map((r) => `“${r.name}”`).join(", ")} {renamedFrom.length === 1 ? "uses" : "use"} the title “{faq?.title}”. Update{" "}
                {renamedFrom.length === 1 ? "that rule" : "those rules"} too, or {renamedFrom.length === 1 ? "it" : "they"} will send nothing for this FAQ.
              </Text>
            </Alert>
          )}
          <Field id="wa-faq-language" label="Language" hint="A language code, e.g. th or en.">
            <Input id="wa-faq-language" size="small" value={draft.language} onChange={(e) => update({ language: e.target.value })} />
          </Field>
          <Field id="wa-faq-answer" label="Answer" hint={`${draft.answer.length}/${MAX_ANSWER} characters`}>
            <Textarea id="wa-faq-answer" rows={8} value={draft.answer} onChange={(e) => update({ answer: e.target.value })} />
          </Field>
        </Drawer.Body>
        <Drawer.Footer>
          <Drawer.Close asChild>
            <Button size="small" variant="secondary">
              Cancel
            </Button>
          </Drawer.Close>
          <Button size="small" disabled={!valid} isLoading={save.isPending} onClick={submit}>
            Save
          </Button>
        </Drawer.Footer>
      </Drawer.Content>
    </Drawer>
  )
}
