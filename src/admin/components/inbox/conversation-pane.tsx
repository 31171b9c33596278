import { Badge, Container, Heading, Skeleton, Text, Tooltip } from "@medusajs/ui"
import { formatDateTime, formatRelative, formatIdentity, useNow, windowClosesAt } from "../../lib/format"
import { useConversation, type AdminUserSummary, type ConversationDetailResponse } from "../../lib/inbox"
import { ErrorState } from "../common/error-state"
import { ChatThread } from "./chat-thread"
import { ConversationActions } from "./conversation-actions"
import { assigneeLabel } from "./conversation-list"
import { CustomerPanel } from "./customer-panel"
import { ReplyBox } from "./reply-box"

type Props = {
  id: string
  meId: string | null
  users: Map<string, AdminUserSummary> | undefined
}

/** One conversation: the chat and reply box, with the customer beside it. */
export const ConversationPane = ({ id, meId, users }: Props) => {
  const { data, isPending, isError, error, refetch } = useConversation(id)

  if (isPending) {
    return (
      <Container className="flex flex-col gap-y-3 p-6">
        <Skeleton className="h-6 w-48" />
        <Skeleton className="h-64 w-full" />
      </Container>
    )
  }
  if (isError) {
    return (
      <Container className="p-0">
        <ErrorState title="Couldn't load the conversation" error={error} onRetry={() => refetch()} />
      </Container>
    )
  }

  return (
    <div className="grid grid-cols-1 gap-3 xl:grid-cols-[minmax(0,1fr)_300px]">
      <Container className="flex min-w-0 flex-col divide-y p-0">
        <PaneHeader data={data} assignee={assigneeLabel(data.conversation.assigned_to, meId, users)} meId={meId} />
        <ChatThread messages={data.messages} />
        <ReplyBox conversationId={id} windowOpen={data.window_open} lastInboundAt={data.contact.last_inbound_at} />
      </Container>
      <CustomerPanel data={data} />
    </div>
  )
}

type HeaderProps = { data: ConversationDetailResponse; assignee: string | null; meId: string | null }

const PaneHeader = ({ data, assignee, meId }: HeaderProps) => {
  const now = useNow(30_000)
  const { conversation, contact } = data
  const closesAt = windowClosesAt(contact.last_inbound_at)

  return (
    <div className="flex flex-col gap-3 px-6 py-4 md:flex-row md:items-start md:justify-between">
      <div className="flex min-w-0 flex-col gap-y-1">
        <Heading level="h2" className="truncate">
          {contact.profile_name || formatIdentity(contact)}
        </Heading>
        <div className="flex flex-wrap items-center gap-1.5">
          <Text size="small" className="text-ui-fg-subtle">
            {formatIdentity(contact)}
          </Text>
          {!contact.wa_id && contact.username && contact.user_id && (
            <Text size="xsmall" className="text-ui-fg-muted">
              {contact.user_id}
            </Text>
          )}
          {conversation.status === "resolved" && (
            <Badge size="2xsmall" color="green">
              Resolved
            </Badge>
          )}
          {conversation.handover && (
            <Badge size="2xsmall" color="purple">
              Handed over: rules paused
            </Badge>
          )}
          {assignee && (
            <Badge size="2xsmall" color={assignee === "You" ? "blue" : "grey"}>
              Assigned to {assignee}
            </Badge>
          )}
          <Tooltip content={closesAt ? `${data.window_open ? "Closes" : "Closed"} ${formatDateTime(closesAt)}` : "The customer has never written"}>
            <Badge size="2xsmall" color={data.window_open ? "green" : "grey"} className="cursor-default">
              {data.window_open ? `Window open, closes ${formatRelative(closesAt, now)}` : "24 h window closed"}
            </Badge>
          </Tooltip>
        </div>
      </div>
      <ConversationActions conversation={conversation} meId={meId} />
    </div>
  )
}
