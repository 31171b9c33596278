import { Tooltip } from "@medusajs/ui"
import { formatDateTime, formatRelative, toDate } from "../../lib/format"

type TimestampProps = {
  value: string | null | undefined
  now?: Date
  /** Shown when there is no value. */
  empty?: string
}

/** "3 hours ago", with the exact date and time on hover. */
export const RelativeTimestamp = ({ value, now, empty = "-" }: TimestampProps) => {
  if (!toDate(value)) return <span>{empty}</span>
  return (
    <Tooltip content={formatDateTime(value)}>
      <span className="cursor-default">{formatRelative(value, now)}</span>
    </Tooltip>
  )
}
