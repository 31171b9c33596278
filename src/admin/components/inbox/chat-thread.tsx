import { Text } from "@medusajs/ui"
import { useEffect, useRef } from "react"
import { useNow } from "../../lib/format"
import type { WhatsappMessage } from "../../lib/types"
import { ChatBubble } from "./chat-bubble"

type Props = { messages: WhatsappMessage[] }

/** The latest 100 messages, oldest first; scrolls to the newest when one arrives. */
export const ChatThread = ({ messages }: Props) => {
  const now = useNow()
  const scroller = useRef<HTMLDivElement>(null)
  const last = messages[messages.length - 1]
  const lastKey = last ? `${last.id}:${last.status}` : ""

  useEffect(() => {
    const el = scroller.current
    if (el) el.scrollTop = el.scrollHeight
  }, [lastKey])

  return (
    <div ref={scroller} className="bg-ui-bg-subtle h-[55vh] min-h-[280px] overflow-y-auto px-6 py-4">
      {messages.length === 0 ? (
        <Text size="small" className="text-ui-fg-muted text-center">
          No messages yet.
        </Text>
      ) : (
        <ol className="flex flex-col gap-y-3">
          {messages.map((m) => (
            <ChatBubble key={m.id} message={m} now={now} />
          ))}
        </ol>
      )}
    </div>
  )
}
