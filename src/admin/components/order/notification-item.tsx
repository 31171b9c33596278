import { StatusBadge, Text, Tooltip } from "@medusajs/ui"
import { RelativeTimestamp } from "../common/timestamp"
import { STATUS_COLORS, STATUS_LABELS } from "../../lib/format"
import {
  NOTIFICATION_STATUS_COLORS,
  NOTIFICATION_STATUS_LABELS,
  eventLabel,
  type NotificationMessage,
  type WhatsappNotification,
} from "../../lib/notifications"
import { EarlierAttempts, earlierAttempts } from "./earlier-attempts"
import { MessageTimeline } from "./message-timeline"
import { NotificationReason } from "./notification-reason"
import { ResendButton } from "./resend-button"

type Props = {
  orderId: string
  notification: WhatsappNotification
  /** All of the order's messages, to find the attempts a resend replaced. */
  messages: NotificationMessage[]
  now: Date
}

/** The message's own status once there is one (delivered, read, failed later…); the ledger's otherwise. */
function badge({ status, message }: WhatsappNotification) {
  if (message && status !== "skipped") return { label: STATUS_LABELS[message.status], color: STATUS_COLORS[message.status] }
  return { label: NOTIFICATION_STATUS_LABELS[status], color: NOTIFICATION_STATUS_COLORS[status] }
}

export const NotificationItem = ({ orderId, notification, messages, now }: Props) => {
  const { message, reason, status, template_name, template_language } = notification
  const label = eventLabel(notification.event)
  const { label: statusLabel, color } = badge(notification)
  const attempts = earlierAttempts(message, messages)
  const canResend = message?.direction === "outbound" && message.status === "failed"
  // A failed message with an error code shows it in the timeline; the reason would repeat it.
  const errorInTimeline = message?.status === "failed" && (message.error_code != null || !!message.error_title)
  const showReason = !!reason && !(errorInTimeline && status !== "skipped")

  return (
    <li className="flex flex-col gap-y-2 px-6 py-4">
      <div className="flex items-start justify-between gap-x-2">
        <div className="flex min-w-0 flex-col">
          <Tooltip content={notification.event}>
            <Text size="small" weight="plus" leading="compact" className="w-fit cursor-default">
              {label}
            </Text>
          </Tooltip>
          <Text size="xsmall" className="text-ui-fg-muted break-all">
            {template_name ? (
              <>
                <span className="font-mono">{template_name}</span>
                {template_language ? ` (${template_language})` : ""}
              </>
            ) : (
              "No template"
            )}
            {" · "}
            <RelativeTimestamp value={notification.created_at} now={now} />
          </Text>
        </div>
        <StatusBadge color={color} className="shrink-0">
          {statusLabel}
        </StatusBadge>
      </div>

      {showReason && <NotificationReason reason={reason} tone={status === "skipped" ? "muted" : "error"} />}
      {message && <MessageTimeline message={message} now={now} />}
      <EarlierAttempts attempts={attempts} now={now} />
      {canResend && <ResendButton orderId={orderId} messageId={message.id} label={label} />}
    </li>
  )
}
