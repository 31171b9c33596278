import { Button, Text } from "@medusajs/ui"
import { useState } from "react"
import type { WhatsappMessage } from "../../lib/types"
import { MessageItem } from "./message-item"

const INITIAL_COUNT = 5

type MessageListProps = {
  /** newest first, as the API returns them */
  messages: WhatsappMessage[]
  now: Date
  /** Whether there is a number to message at all (changes the empty-state hint). */
  reachable: boolean
}

/** The latest messages both ways, oldest at the top like a chat. */
export const MessageList = ({ messages, now, reachable }: MessageListProps) => {
  const [expanded, setExpanded] = useState(false)

  if (messages.length === 0) {
    return (
      <div className="flex flex-col items-center gap-y-1 px-6 py-6 text-center">
        <Text size="small" weight="plus" leading="compact">
          No messages yet
        </Text>
        <Text size="small" className="text-ui-fg-muted">
          {reachable
            ? "Messages sent to or received from this customer will show up here."
            : "Once the customer has a valid phone number, their WhatsApp messages will show up here."}
        </Text>
      </div>
    )
  }

  const shown = expanded ? messages : messages.slice(0, INITIAL_COUNT)
  const hidden = messages.length - shown.length

  return (
    <div className="flex flex-col gap-y-3 px-6 py-4">
      {hidden > 0 && (
        <Button size="small" variant="transparent" className="self-center" onClick={() => setExpanded(true)}>
          Show {hidden} earlier {hidden === 1 ? "message" : "messages"}
        </Button>
      )}
      <ul className="flex flex-col gap-y-3">
        {[...shown].reverse().map((message) => (
          <MessageItem key={message.id} message={message} now={now} />
        ))}
      </ul>
    </div>
  )
}
