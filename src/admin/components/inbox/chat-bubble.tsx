import { StatusBadge, Text, Tooltip, clx } from "@medusajs/ui"
import { STATUS_COLORS, STATUS_LABELS, formatDateTime, formatShortTime, statusTimeline } from "../../lib/format"
import type { WhatsappMessage } from "../../lib/types"
import { MessageBody } from "../common/message-body"

/** The detail endpoint returns whole rows; `source` says who sent an outbound message. */
type ChatMessage = WhatsappMessage & { source?: string | null }

/** "agent:user_…" → "Agent", "auto_reply:warul_…" → "Auto-reply", "away" → "Away message". */
function senderLabel(source: string | null | undefined): string | null {
  if (!source) return null
  if (source.startsWith("agent:")) return "Agent"
  if (source.startsWith("auto_reply:")) return "Auto-reply"
  if (source === "away") return "Away message"
  if (source.startsWith("notification:")) return "Notification"
  if (source.startsWith("campaign")) return "Campaign"
  return null
}

/** Customer on the left, store on the right, with the delivery status under outbound messages. */
export const ChatBubble = ({ message, now }: { message: ChatMessage; now: Date }) => {
  const outbound = message.direction === "outbound"
  const timeline = statusTimeline(message)
  const sender = outbound ? senderLabel(message.source) : null

  return (
    <li className={clx("flex flex-col gap-y-1", outbound ? "items-end" : "items-start")}>
      <div
        className={clx(
          "txt-compact-small max-w-[80%] rounded-lg px-3 py-2 shadow-elevation-card-rest",
          outbound ? "bg-ui-tag-green-bg rounded-br-sm" : "bg-ui-bg-base rounded-bl-sm",
          message.status === "failed" && "bg-ui-tag-red-bg"
        )}
      >
        <MessageBody message={message} />
      </div>
      <div className={clx("flex flex-wrap items-center gap-x-1.5", outbound && "justify-end")}>
        {sender && (
          <Text size="xsmall" className="text-ui-fg-muted">
            {sender} ·
          </Text>
        )}
        <Tooltip
          content={
            <div className="flex flex-col">
              <span>Created {formatDateTime(message.created_at)}</span>
              {timeline.map((step) => (
                <span key={step.status}>
                  {STATUS_LABELS[step.status]} {formatDateTime(step.at)}
                </span>
              ))}
            </div>
          }
        >
          <Text size="xsmall" className="text-ui-fg-muted cursor-default">
            {formatShortTime(message.created_at, now)}
          </Text>
        </Tooltip>
        {outbound && <StatusBadge color={STATUS_COLORS[message.status]}>{STATUS_LABELS[message.status]}</StatusBadge>}
      </div>
      {message.status === "failed" && (
        <Text size="xsmall" className="text-ui-fg-error max-w-[80%] text-right">
          {[message.error_code, message.error_title, message.error_details].filter((v) => v !== null && v !== "").join(" · ") || "Failed without an error code"}
        </Text>
      )}
    </li>
  )
}
