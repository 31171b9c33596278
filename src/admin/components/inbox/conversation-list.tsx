import { FlagMini, StarSolid, UserMini } from "@medusajs/icons"
import { Badge, Text, Tooltip, clx } from "@medusajs/ui"
import { formatDateTime, formatShortTime, formatIdentity, useNow } from "../../lib/format"
import { formatWaiting, userName, type AdminUserSummary, type InboxConversation } from "../../lib/inbox"

type Props = {
  conversations: InboxConversation[]
  selectedId: string | null
  meId: string | null
  users: Map<string, AdminUserSummary> | undefined
  onSelect: (id: string) => void
}

export const ConversationList = ({ conversations, selectedId, meId, users, onSelect }: Props) => {
  const now = useNow()
  return (
    <ul className="flex flex-col divide-y overflow-y-auto">
      {conversations.map((c) => (
        <li key={c.id}>
          <ConversationListItem
            conversation={c}
            selected={c.id === selectedId}
            assignee={assigneeLabel(c.assigned_to, meId, users)}
            now={now}
            onSelect={() => onSelect(c.id)}
          />
        </li>
      ))}
    </ul>
  )
}

/** "You", the user's name, or a shortened id when the user is unknown (deleted, or no permission to list users). */
export function assigneeLabel(assignedTo: string | null, meId: string | null, users: Map<string, AdminUserSummary> | undefined) {
  if (!assignedTo) return null
  if (assignedTo === meId) return "You"
  return userName(users?.get(assignedTo)) ?? `${assignedTo.slice(0, 12)}…`
}

type ItemProps = {
  conversation: InboxConversation
  selected: boolean
  assignee: string | null
  now: Date
  onSelect: () => void
}

const ConversationListItem = ({ conversation: c, selected, assignee, now, onSelect }: ItemProps) => {
  const waiting = formatWaiting(c.waiting_ms)
  const name = c.profile_name || formatIdentity(c)

  return (
    <button
      type="button"
      onClick={onSelect}
      aria-current={selected ? "true" : undefined}
      className={clx(
        "flex w-full flex-col gap-y-1 px-6 py-3 text-left outline-none transition-colors",
        "hover:bg-ui-bg-base-hover focus-visible:bg-ui-bg-base-hover",
        selected && "bg-ui-bg-base-pressed hover:bg-ui-bg-base-pressed",
        c.flagged && "border-l-ui-fg-error border-l-2"
      )}
    >
      <div className="flex items-center justify-between gap-x-2">
        <div className="flex min-w-0 items-center gap-x-1.5">
          {c.vip && (
            <Tooltip content="VIP customer">
              <StarSolid className="text-ui-tag-orange-icon shrink-0" />
            </Tooltip>
          )}
          <Text size="small" weight="plus" leading="compact" className="truncate">
            {name}
          </Text>
        </div>
        {c.flagged && waiting ? (
          <Badge size="2xsmall" color="red" className="shrink-0">
            <FlagMini />
            waiting {waiting}
          </Badge>
        ) : waiting ? (
          <Text size="xsmall" className="text-ui-fg-subtle shrink-0">
            waiting {waiting}
          </Text>
        ) : (
          <Tooltip content={`Last message ${formatDateTime(c.last_inbound_at)}`}>
            <Text size="xsmall" className="text-ui-fg-muted shrink-0">
              {formatShortTime(c.last_inbound_at, now)}
            </Text>
          </Tooltip>
        )}
      </div>
      <Text size="small" leading="compact" className={clx("truncate", c.last_text ? "text-ui-fg-subtle" : "text-ui-fg-muted italic")}>
        {c.last_text ?? "Template or media message"}
      </Text>
      {(c.vip || c.handover || assignee || !c.customer_id) && (
        <div className="flex flex-wrap items-center gap-1">
          {c.vip && (
            <Badge size="2xsmall" color="orange">
              VIP
            </Badge>
          )}
          {c.handover && (
            <Badge size="2xsmall" color="purple">
              Handed over
            </Badge>
          )}
          {assignee && (
            <Badge size="2xsmall" color={assignee === "You" ? "blue" : "grey"}>
              <UserMini />
              {assignee}
            </Badge>
          )}
          {!c.customer_id && <Badge size="2xsmall">Not a customer</Badge>}
        </div>
      )}
    </button>
  )
}
