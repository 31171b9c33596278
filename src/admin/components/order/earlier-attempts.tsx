import { Text, Tooltip } from "@medusajs/ui"
import { formatDateTime, formatShortTime } from "../../lib/format"
import type { NotificationMessage } from "../../lib/notifications"

/** The failed messages a resend replaced, newest first (each resend records `metadata.resend_of`). */
export function earlierAttempts(message: NotificationMessage | null, all: NotificationMessage[]): NotificationMessage[] {
  const byId = new Map(all.map((m) => [m.id, m]))
  const out: NotificationMessage[] = []
  let previous = message?.metadata?.resend_of
  while (previous && byId.has(previous) && out.length < 20) {
    const m = byId.get(previous)!
    out.push(m)
    previous = m.metadata?.resend_of
  }
  return out
}

type Props = { attempts: NotificationMessage[]; now: Date }

export const EarlierAttempts = ({ attempts, now }: Props) => {
  if (!attempts.length) return null
  return (
    <div className="flex flex-col gap-y-0.5">
      <Text size="xsmall" weight="plus" className="text-ui-fg-muted">
        {attempts.length === 1 ? "Earlier attempt" : `${attempts.length} earlier attempts`}
      </Text>
      {attempts.map((m) => (
        <Tooltip key={m.id} content={m.error_details || formatDateTime(m.failed_at ?? m.created_at)} maxWidth={320}>
          <Text size="xsmall" className="text-ui-fg-muted w-fit cursor-default break-words">
            Failed {formatShortTime(m.failed_at ?? m.created_at, now)}
            {m.error_code || m.error_title ? ` · ${[m.error_code, m.error_title].filter(Boolean).join(" ")}` : ""}
          </Text>
        </Tooltip>
      ))}
    </div>
  )
}
