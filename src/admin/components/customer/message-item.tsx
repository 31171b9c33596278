import { StatusBadge, Text, Tooltip, clx } from "@medusajs/ui"
import { STATUS_COLORS, STATUS_LABELS, formatDateTime, formatShortTime, statusTimeline } from "../../lib/format"
import type { WhatsappMessage } from "../../lib/types"
import { MessageBody } from "../common/message-body"

type MessageItemProps = { message: WhatsappMessage; now: Date }

/** One message as a chat bubble: customer on the left, store on the right. */
export const MessageItem = ({ message, now }: MessageItemProps) => {
  const outbound = message.direction === "outbound"
  const timeline = statusTimeline(message)
  // "Accepted" (by the API) is noise once Meta reports a real status; it stays in the tooltip.
  const inline = timeline.length > 1 ? timeline.filter((step) => step.status !== "accepted") : timeline

  return (
    <li className={clx("flex flex-col gap-y-1", outbound ? "items-end" : "items-start")}>
      <div
        className={clx(
          "txt-compact-small max-w-[85%] rounded-lg px-3 py-2",
          outbound ? "bg-ui-tag-green-bg text-ui-fg-base rounded-br-sm" : "bg-ui-bg-component text-ui-fg-base rounded-bl-sm",
          message.status === "failed" && "bg-ui-tag-red-bg"
        )}
      >
        <MessageBody message={message} />
      </div>

      <div className={clx("flex flex-wrap items-center gap-x-1.5 gap-y-0.5", outbound && "justify-end")}>
        {outbound && <StatusBadge color={STATUS_COLORS[message.status]}>{STATUS_LABELS[message.status]}</StatusBadge>}
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
            {inline.length
              ? inline.map((step) => `${STATUS_LABELS[step.status]} ${formatShortTime(step.at, now)}`).join(" · ")
              : formatShortTime(message.created_at, now)}
          </Text>
        </Tooltip>
      </div>

      {message.status === "failed" && <MessageError message={message} />}
    </li>
  )
}

const MessageError = ({ message }: { message: WhatsappMessage }) => {
  const heading = [message.error_code, message.error_title].filter((v) => v !== null && v !== "").join(" · ")
  return (
    <div className="flex max-w-[85%] flex-col items-end text-right">
      <Text size="xsmall" weight="plus" className="text-ui-fg-error">
        {heading || "Failed without an error code"}
      </Text>
      {message.error_details && (
        <Text size="xsmall" className="text-ui-fg-subtle break-words">
          {message.error_details}
        </Text>
      )}
    </div>
  )
}
