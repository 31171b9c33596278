import { Container, Skeleton, Text } from "@medusajs/ui"
import { useSearchParams } from "react-router-dom"
import { useAdminUsers, useCurrentUser, useInbox } from "../../lib/inbox"
import { ErrorState } from "../common/error-state"
import { SectionHeader } from "../common/section-header"
import { ConversationList } from "./conversation-list"
import { ConversationPane } from "./conversation-pane"

/** Open conversations on the left (refreshed every 10 s), the selected one on the right. */
export const InboxSection = () => {
  const [params, setParams] = useSearchParams()
  const selectedId = params.get("conversation")
  const inbox = useInbox()
  const me = useCurrentUser()
  const users = useAdminUsers()

  const select = (id: string) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p)
        next.set("conversation", id)
        return next
      },
      { replace: true }
    )

  const flagged = inbox.data?.conversations.filter((c) => c.flagged).length ?? 0
  const subtitle = inbox.data
    ? `${inbox.data.conversations.length} open${flagged ? `, ${flagged} waiting over ${inbox.data.flag_after_minutes} min` : ""}`
    : "Open conversations, VIP customers first, then whoever has waited longest."

  return (
    <div className="grid grid-cols-1 gap-3 lg:grid-cols-[minmax(280px,340px)_minmax(0,1fr)]">
      <Container className="flex flex-col divide-y p-0 lg:max-h-[calc(100vh-160px)]">
        <SectionHeader level="h1" title="WhatsApp inbox" subtitle={subtitle} />
        {inbox.isPending ? (
          <div className="flex flex-col gap-y-3 px-6 py-4">
            {[0, 1, 2, 3].map((i) => (
              <Skeleton key={i} className="h-14 w-full" />
            ))}
          </div>
        ) : inbox.isError ? (
          <ErrorState title="Couldn't load the inbox" error={inbox.error} onRetry={() => inbox.refetch()} />
        ) : inbox.data.conversations.length === 0 ? (
          <div className="flex flex-col items-center gap-y-1 px-6 py-8 text-center">
            <Text size="small" weight="plus" leading="compact">
              No open conversations
            </Text>
            <Text size="small" className="text-ui-fg-muted">
              New customer messages show up here within a few seconds.
            </Text>
          </div>
        ) : (
          <ConversationList conversations={inbox.data.conversations} selectedId={selectedId} meId={me.data?.id ?? null} users={users.data} onSelect={select} />
        )}
      </Container>
      {selectedId ? (
        <ConversationPane key={selectedId} id={selectedId} meId={me.data?.id ?? null} users={users.data} />
      ) : (
        <Container className="flex min-h-[320px] items-center justify-center">
          <Text size="small" className="text-ui-fg-muted">
            Select a conversation to read and answer it.
          </Text>
        </Container>
      )}
    </div>
  )
}
