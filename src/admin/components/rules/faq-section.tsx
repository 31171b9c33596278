import { Plus } from "@medusajs/icons"
import { Button, Container, Skeleton, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useDeleteFaq, useFaqs, useReplyRules, type Faq, type ReplyRule } from "../../lib/inbox"
import { errorMessage } from "../../lib/sdk"
import { RowActions } from "../common/row-actions"
import { ErrorState } from "../common/error-state"
import { SectionHeader } from "../common/section-header"
import { FaqDrawer } from "./faq-drawer"
import { rulesUsingFaq } from "./faq-usage"

/** Canned answers: sent by rules' FAQ actions, inserted by agents in the inbox. */
export const FaqSection = () => {
  const { data, isPending, isError, error, refetch } = useFaqs()
  const rules = useReplyRules()
  const [editing, setEditing] = useState<Faq | "new" | null>(null)

  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="FAQ"
        subtitle="Answers to common questions. Rules send them automatically; agents insert them into replies."
        actions={
          <Button size="small" variant="secondary" onClick={() => setEditing("new")}>
            <Plus />
            Add FAQ
          </Button>
        }
      />
      {isPending ? (
        <div className="flex flex-col gap-y-3 px-6 py-4">
          {[0, 1, 2].map((i) => (
            <Skeleton key={i} className="h-5 w-full" />
          ))}
        </div>
      ) : isError ? (
        <ErrorState title="Couldn't load the FAQs" error={error} onRetry={() => refetch()} />
      ) : data.faqs.length === 0 ? (
        <div className="flex flex-col items-center gap-y-1 px-6 py-6 text-center">
          <Text size="small" weight="plus" leading="compact">
            No FAQs yet
          </Text>
          <Text size="small" className="text-ui-fg-muted">
            Add answers to the questions customers ask most: shipping times, returns, payment.
          </Text>
        </div>
      ) : (
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
      <FaqDrawer editing={editing} rules={rules.data?.rules} onClose={() => setEditing(null)} />
    </Container>
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
