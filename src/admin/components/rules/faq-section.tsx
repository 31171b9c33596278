import { Plus } from "@medusajs/icons"
import { Button, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useDeleteFaq, useFaqs, useReplyRules, type Faq, type ReplyRule } from "../../lib/inbox"
import { errorMessage } from "../../lib/sdk"
import { RowActions } from "../common/row-actions"
import { ListSection } from "../common/list-section"
import { FaqDrawer } from "./faq-drawer"
import { rulesUsingFaq } from "./faq-usage"

/** Canned answers: sent by rules' FAQ actions, inserted by agents in the inbox. */
export const FaqSection = () => {
  const faqs = useFaqs()
  const rules = useReplyRules()
  const [editing, setEditing] = useState<Faq | "new" | null>(null)

  return (
    <ListSection
      title="FAQ"
      subtitle="Answers to common questions. Rules send them automatically; agents insert them into replies."
      actions={
        <Button size="small" variant="secondary" onClick={() => setEditing("new")}>
          <Plus />
          Add FAQ
        </Button>
      }
      query={faqs}
      errorTitle="Couldn't load the FAQs"
      isEmpty={(data) => data.faqs.length === 0}
      empty={{ title: "No FAQs yet", description: "Add answers to the questions customers ask most: shipping times, returns, payment." }}
      footer={<FaqDrawer editing={editing} rules={rules.data?.rules} onClose={() => setEditing(null)} />}
    >
      {(data) => (
        <div className="overflow-x-auto">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Title</Table.HeaderCell>
                <Table.HeaderCell>Language</Table.HeaderCell>
                <Table.HeaderCell>Answer</Table.HeaderCell>
                <Table.HeaderCell>Used by</Table.HeaderCell>
                <Table.HeaderCell className="w-px" />
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {data.faqs.map((faq) => (
                <FaqRow key={faq.id} faq={faq} usedBy={rulesUsingFaq(rules.data?.rules, faq.title)} onEdit={() => setEditing(faq)} />
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
    </ListSection>
  )
}

const FaqRow = ({ faq, usedBy, onEdit }: { faq: Faq; usedBy: ReplyRule[]; onEdit: () => void }) => {
  const remove = useDeleteFaq()
  const prompt = usePrompt()

  const confirmDelete = async () => {
    const ok = await prompt({
      title: "Delete FAQ?",
      description: usedBy.length
        ? `“${faq.title}” is used by ${usedBy.map((r) => `“${r.name}”`).join(", ")}; those rules will send nothing for it.`
        : `“${faq.title}” will be removed. This can't be undone.`,
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!ok) return
    try {
      await remove.mutateAsync(faq.id)
      toast.success("FAQ deleted", { description: faq.title })
    } catch (e) {
      toast.error("Couldn't delete the FAQ", { description: errorMessage(e) })
    }
  }

  return (
    <Table.Row className="cursor-pointer" onClick={onEdit}>
      <Table.Cell>
        <Text size="small" weight="plus" leading="compact">
          {faq.title}
        </Text>
      </Table.Cell>
      <Table.Cell>{faq.language}</Table.Cell>
      <Table.Cell className="max-w-[28rem] whitespace-normal">
        <Text size="small" className="text-ui-fg-subtle line-clamp-2 py-1">
          {faq.answer}
        </Text>
      </Table.Cell>
      <Table.Cell className="max-w-[14rem] whitespace-normal">
        {usedBy.length ? usedBy.map((r) => r.name).join(", ") : <span className="text-ui-fg-muted">-</span>}
      </Table.Cell>
      <Table.Cell onClick={(e) => e.stopPropagation()}>
        <RowActions label="FAQ actions" onEdit={onEdit} onDelete={confirmDelete} />
      </Table.Cell>
    </Table.Row>
  )
}
