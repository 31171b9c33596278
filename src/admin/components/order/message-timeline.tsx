import { Text, Tooltip, clx } from "@medusajs/ui"
import { formatDateTime, formatShortTime } from "../../lib/format"
import type { NotificationMessage } from "../../lib/notifications"

type Step = {
  key: string
  label: string
  at: string | null
  tone: "done" | "failed" | "waiting"
}

const DOT: Record<Step["tone"], string> = {
  done: "bg-ui-tag-green-icon",
  failed: "bg-ui-tag-red-icon",
  waiting: "bg-ui-tag-neutral-icon opacity-50",
}

/** sent → delivered → read, each with its time; a failure ends the line with the error. */
function steps(message: NotificationMessage): Step[] {
  const reached: Step[] = []
  if (message.accepted_at && !message.sent_at) {
    reached.push({ key: "accepted", label: "Accepted by WhatsApp", at: message.accepted_at, tone: "done" })
  }
  const progress: [string, string, string | null][] = [
    ["sent", "Sent", message.sent_at],
    ["delivered", "Delivered", message.delivered_at],
    ["read", "Read", message.read_at],
  ]
  // Webhooks arrive out of order: a later status implies the earlier ones even without their time.
  const lastReached = progress.reduce((last, [, , at], i) => (at ? i : last), -1)
  progress.forEach(([key, label, at], i) => {
    if (i <= lastReached) reached.push({ key, label, at, tone: "done" })
    else if (!message.failed_at) reached.push({ key, label, at: null, tone: "waiting" })
  })
  if (message.failed_at || message.status === "failed") {
    reached.push({ key: "failed", label: "Failed", at: message.failed_at, tone: "failed" })
  }
  return reached
}

type Props = { message: NotificationMessage; now: Date }

export const MessageTimeline = ({ message, now }: Props) => {
  const timeline = steps(message)

  return (
    <ol className="flex flex-col">
      {timeline.map((step, i) => (
        <li key={step.key} className="relative flex gap-x-3 pb-2 last:pb-0">
          {i < timeline.length - 1 && <span className="bg-ui-border-base absolute left-[3px] top-3 h-full w-px" aria-hidden />}
          <span className={clx("relative mt-1.5 size-[7px] shrink-0 rounded-full", DOT[step.tone])} aria-hidden />
          <div className="flex min-w-0 flex-1 flex-col">
            <div className="flex items-baseline justify-between gap-x-2">
              <Text
                size="xsmall"
                weight="plus"
                className={clx(step.tone === "waiting" ? "text-ui-fg-muted" : "text-ui-fg-subtle", step.tone === "failed" && "text-ui-fg-error")}
              >
                {step.label}
              </Text>
              {step.at ? (
                <Tooltip content={formatDateTime(step.at)}>
                  <Text size="xsmall" className="text-ui-fg-muted shrink-0 cursor-default">
                    {formatShortTime(step.at, now)}
                  </Text>
                </Tooltip>
              ) : (
                step.tone === "done" && (
                  <Text size="xsmall" className="text-ui-fg-muted shrink-0">
                    -
                  </Text>
                )
              )}
            </div>
            {step.tone === "failed" && <FailureDetails message={message} />}
          </div>
        </li>
      ))}
    </ol>
  )
}

const FailureDetails = ({ message }: { message: NotificationMessage }) => {
  const heading = [message.error_code, message.error_title].filter((v) => v !== null && v !== undefined && v !== "").join(" · ")
  return (
    <div className="flex flex-col">
      <Text size="xsmall" className="text-ui-fg-subtle break-words">
        {heading || "No error code reported"}
      </Text>
      {message.error_details && (
        <Text size="xsmall" className="text-ui-fg-muted break-words">
          {message.error_details}
        </Text>
      )}
    </div>
  )
}
