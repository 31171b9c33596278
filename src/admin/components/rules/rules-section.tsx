import { Plus } from "@medusajs/icons"
import { Button } from "@medusajs/ui"
import { useState } from "react"
import { useReplyRules, type ReplyRule } from "../../lib/inbox"
import { ListSection } from "../common/list-section"
import { RuleModal } from "./rule-modal"
import { RulesTable } from "./rules-table"

/** The merchant's keyword auto-replies. */
export const RulesSection = () => {
  const rules = useReplyRules()
  const [editing, setEditing] = useState<ReplyRule | "new" | null>(null)

  return (
    <ListSection
      title="Keyword rules"
      subtitle="Automatic answers to customer messages. Rules stay quiet while a conversation is handed over to a person."
      actions={
        <Button size="small" variant="secondary" onClick={() => setEditing("new")}>
          <Plus />
          Create rule
        </Button>
      }
      query={rules}
      errorTitle="Couldn't load the rules"
      isEmpty={(data) => data.rules.length === 0}
      empty={{ title: "No rules yet", description: "Create one to answer common questions automatically." }}
      footer={<RuleModal editing={editing} onClose={() => setEditing(null)} />}
    >
      {(data) => <RulesTable rules={data.rules} onEdit={setEditing} />}
    </ListSection>
  )
}
