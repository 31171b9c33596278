import { StatusBadge, Text, Tooltip } from "@medusajs/ui"
import { formatDateTime, formatRelative, windowClosesAt } from "../../lib/format"
import type { WhatsappContact } from "../../lib/types"
import { SectionRow } from "../common/section-row"

const EXPLANATION = "Free-form messages can be sent for 24 hours after the customer's last message. Outside the window only approved templates can be sent."

type WindowRowProps = {
  contact: WhatsappContact | null
  /** The server's verdict when the data was loaded. */
  open: boolean
  now: Date
}

/** The 24 h customer-service window: open until when, or closed since when. */
export const WindowRow = ({ contact, open, now }: WindowRowProps) => {
  const lastInbound = contact?.last_inbound_at ?? null
  const closesAt = windowClosesAt(lastInbound)
  // The page may stay open past the deadline: trust the server, then the clock.
  const isOpen = open && !!closesAt && closesAt.getTime() > now.getTime()

  let detail: string
  let detailTooltip: string
  if (isOpen && closesAt) {
    detail = `Closes ${formatRelative(closesAt, now)}`
    detailTooltip = `Closes ${formatDateTime(closesAt)}`
  } else if (closesAt) {
    detail = `Closed ${formatRelative(closesAt, now)}`
    detailTooltip = `Last message from the customer ${formatDateTime(lastInbound)}`
  } else {
    detail = "The customer hasn't written yet"
    detailTooltip = EXPLANATION
  }

  return (
    <SectionRow
      title={
        <Tooltip content={EXPLANATION} maxWidth={260}>
          <span className="cursor-help underline decoration-dotted underline-offset-2">24 h window</span>
        </Tooltip>
      }
      value={
        <div className="flex flex-col items-start gap-y-1">
          <StatusBadge color={isOpen ? "green" : "grey"}>{isOpen ? "Open" : "Closed"}</StatusBadge>
          <Tooltip content={detailTooltip} maxWidth={260}>
            <Text size="xsmall" className="text-ui-fg-muted cursor-default">
              {detail}
            </Text>
          </Tooltip>
        </div>
      }
    />
  )
}
