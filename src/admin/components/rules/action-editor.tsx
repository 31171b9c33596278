import { ArrowDownMini, ArrowUpMini, Plus, Trash } from "@medusajs/icons"
import { Button, DropdownMenu, IconButton, Text } from "@medusajs/ui"
import { ACTION_LABELS, ACTION_TYPES, type ReplyAction } from "../../lib/inbox"
import { ActionFields } from "./action-fields"
import { MAX_ACTIONS, actionDraft, emptyAction, type ActionDraft } from "./rule-draft"

type Props = {
  actions: ActionDraft[]
  onChange: (actions: ActionDraft[]) => void
  disabled?: boolean
}

/** What a matching rule does, in order: texts and FAQ answers are joined into one reply. */
export const ActionEditor = ({ actions, onChange, disabled }: Props) => {
  const set = (i: number, action: ReplyAction) => onChange(actions.map((a, j) => (j === i ? { ...a, action } : a)))
  const remove = (i: number) => onChange(actions.filter((_, j) => j !== i))
  const move = (i: number, by: -1 | 1) => {
    const next = [...actions]
    ;[next[i], next[i + by]] = [next[i + by], next[i]]
    onChange(next)
  }

  return (
    <div className="flex flex-col gap-y-3">
      {actions.length === 0 && (
        <Text size="small" className="text-ui-fg-muted">
          No actions yet.
        </Text>
      )}
      <ol className="flex flex-col gap-y-3">
        {actions.map((a, i) => (
          <li key={a.key} className="bg-ui-bg-component shadow-borders-base flex flex-col gap-y-3 rounded-lg p-3">
            <div className="flex items-center justify-between gap-x-2">
              <Text size="small" weight="plus" leading="compact">
                {i + 1}. {ACTION_LABELS[a.action.type]}
              </Text>
              <div className="flex items-center gap-x-1">
                <IconButton size="small" variant="transparent" aria-label="Move up" disabled={disabled || i === 0} onClick={() => move(i, -1)}>
                  <ArrowUpMini />
                </IconButton>
                <IconButton
                  size="small"
                  variant="transparent"
                  aria-label="Move down"
                  disabled={disabled || i === actions.length - 1}
                  onClick={() => move(i, 1)}
                >
                  <ArrowDownMini />
                </IconButton>
                <IconButton size="small" variant="transparent" aria-label="Remove action" disabled={disabled} onClick={() => remove(i)}>
                  <Trash />
                </IconButton>
              </div>
            </div>
            <ActionFields idPrefix={`wa-action-${a.key}`} action={a.action} onChange={(action) => set(i, action)} disabled={disabled} />
          </li>
        ))}
      </ol>
      <div>
        <DropdownMenu>
          <DropdownMenu.Trigger asChild>
            <Button size="small" variant="secondary" disabled={disabled || actions.length >= MAX_ACTIONS}>
              <Plus />
              Add action
            </Button>
          </DropdownMenu.Trigger>
          <DropdownMenu.Content align="start">
            {ACTION_TYPES.map((type) => (
              <DropdownMenu.Item key={type} onSelect={() => onChange([...actions, actionDraft(emptyAction(type))])}>
                {ACTION_LABELS[type]}
              </DropdownMenu.Item>
            ))}
          </DropdownMenu.Content>
        </DropdownMenu>
      </div>
    </div>
  )
}
