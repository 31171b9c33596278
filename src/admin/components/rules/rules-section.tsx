import { Plus } from "@medusajs/icons"
import { Button, Container, Skeleton, Text } from "@medusajs/ui"
import { useState } from "react"
import { useReplyRules, type ReplyRule } from "../../lib/inbox"
import { ErrorState } from "../common/error-state"
import { SectionHeader } from "../common/section-header"
import { RuleModal } from "./rule-modal"
import { RulesTable } from "./rules-table"

/** The merchant's keyword auto-replies. */
export const RulesSection = () => {
  const { data, isPending, isError, error, refetch } = useReplyRules()
  const [editing, setEditing] = useState<ReplyRule | "new" | null>(null)

  return (
    <Container className="divide-y p-0">
      <SectionHeader
        level="h1"
        title="Keyword rules"
        subtitle="Automatic answers to customer messages. Rules stay quiet while a conversation is handed over to a person."
        actions={
          <Button size="small" variant="secondary" onClick={() => setEditing("new")}>
            <Plus />
            Create rule
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
        <ErrorState title="Couldn't load the rules" error={error} onRetry={() => refetch()} />
      ) : data.rules.length === 0 ? (
        <div className="flex flex-col items-center gap-y-1 px-6 py-6 text-center">
          <Text size="small" weight="plus" leading="compact">
            No rules yet
          </Text>
          <Text size="small" className="text-ui-fg-muted">
            Create one to answer common questions automatically.
          </Text>
        </div>
      ) : (
        <RulesTable rules={data.rules} onEdit={setEditing} />
      )}
      <RuleModal editing={editing} onClose={() => setEditing(null)} />
    </Container>
  )
}
