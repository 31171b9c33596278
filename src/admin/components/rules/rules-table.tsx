import { Badge, Switch, Table, Text, toast, usePrompt } from "@medusajs/ui"
import { MATCH_MODE_LABELS, describeAction, describeHours, useDeleteRule, useSaveRule, type ReplyRule } from "../../lib/inbox"
import { errorMessage } from "../../lib/sdk"
import { RowActions } from "../common/row-actions"
import { ruleInput } from "./rule-draft"

type Props = { rules: ReplyRule[]; onEdit: (rule: ReplyRule) => void }

const SHOWN_KEYWORDS = 4

export const RulesTable = ({ rules, onEdit }: Props) => (
  <div className="overflow-x-auto">
    <Table>
      <Table.Header>
        <Table.Row>
          <Table.HeaderCell>Name</Table.HeaderCell>
          <Table.HeaderCell>Keywords</Table.HeaderCell>
          <Table.HeaderCell>Match</Table.HeaderCell>
          <Table.HeaderCell className="text-right">Priority</Table.HeaderCell>
          <Table.HeaderCell>Actions</Table.HeaderCell>
          <Table.HeaderCell>Enabled</Table.HeaderCell>
          <Table.HeaderCell className="w-px" />
        </Table.Row>
      </Table.Header>
      <Table.Body>
        {rules.map((rule) => (
          <RuleRow key={rule.id} rule={rule} onEdit={() => onEdit(rule)} />
        ))}
      </Table.Body>
    </Table>
  </div>
)

const RuleRow = ({ rule, onEdit }: { rule: ReplyRule; onEdit: () => void }) => {
  const save = useSaveRule()
  const remove = useDeleteRule()
  const prompt = usePrompt()
  const keywords = rule.keywords ?? []
  const payloads = rule.payloads ?? []
  const hours = describeHours(rule.active_hours)

  const toggle = async (enabled: boolean) => {
    try {
      await save.mutateAsync({ id: rule.id, rule: ruleInput(rule, { enabled }) })
    } catch (e) {
      toast.error(`Couldn't ${enabled ? "enable" : "disable"} the rule`, { description: errorMessage(e) })
    }
  }

  const confirmDelete = async () => {
    const ok = await prompt({
      title: "Delete rule?",
      description: `“${rule.name}” will stop answering customers. This can't be undone.`,
      confirmText: "Delete",
      cancelText: "Cancel",
    })
    if (!ok) return
    try {
      await remove.mutateAsync(rule.id)
      toast.success("Rule deleted", { description: rule.name })
    } catch (e) {
      toast.error("Couldn't delete the rule", { description: errorMessage(e) })
    }
  }

  return (
    <Table.Row className="cursor-pointer" onClick={onEdit}>
      <Table.Cell className="max-w-[14rem] whitespace-normal">
        <div className="flex flex-col py-1">
          <Text size="small" weight="plus" leading="compact">
            {rule.name}
          </Text>
          {hours && (
            <Text size="xsmall" className="text-ui-fg-muted">
              {hours}
            </Text>
          )}
        </div>
      </Table.Cell>
      <Table.Cell className="max-w-[18rem] whitespace-normal">
        <div className="flex flex-wrap gap-1 py-1">
          {keywords.slice(0, SHOWN_KEYWORDS).map((k) => (
            <Badge key={k} size="2xsmall" className="font-mono">
              {k}
            </Badge>
          ))}
          {keywords.length > SHOWN_KEYWORDS && <Badge size="2xsmall">+{keywords.length - SHOWN_KEYWORDS}</Badge>}
          {payloads.map((p) => (
            <Badge key={`payload:${p}`} size="2xsmall" color="blue">
              button: {p}
            </Badge>
          ))}
        </div>
      </Table.Cell>
      <Table.Cell>
        {MATCH_MODE_LABELS[rule.match_mode] ?? rule.match_mode}
        {rule.match_mode === "fuzzy" ? ` ≥ ${rule.fuzzy_threshold ?? 0.8}` : ""}
      </Table.Cell>
      <Table.Cell className="text-right">{rule.priority}</Table.Cell>
      <Table.Cell className="max-w-[18rem] whitespace-normal">
        <Text size="small" className="text-ui-fg-subtle py-1">
          {(rule.actions ?? []).map(describeAction).join(" → ")}
        </Text>
      </Table.Cell>
      <Table.Cell onClick={(e) => e.stopPropagation()}>
        <Switch
          size="small"
          aria-label={rule.enabled ? "Disable rule" : "Enable rule"}
          checked={save.isPending ? !!save.variables?.rule.enabled : rule.enabled}
          disabled={save.isPending}
          onCheckedChange={toggle}
        />
      </Table.Cell>
      <Table.Cell onClick={(e) => e.stopPropagation()}>
        <RowActions label="Rule actions" onEdit={onEdit} onDelete={confirmDelete} />
      </Table.Cell>
    </Table.Row>
  )
}
