import { StatusBadge, Tooltip } from "@medusajs/ui"
import { QUALITY_LABELS, TEMPLATE_STATUS_COLORS } from "../../lib/notifications"

const humanize = (value: string) => {
  const words = value.replace(/_/g, " ").toLowerCase()
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** APPROVED green, PENDING/PAUSED orange, REJECTED/DISABLED red. */
export const TemplateStatusBadge = ({ status }: { status: string | null }) => {
  if (!status) return <StatusBadge color="grey">Not synced</StatusBadge>
  return <StatusBadge color={TEMPLATE_STATUS_COLORS[status] ?? "grey"}>{humanize(status)}</StatusBadge>
}

export const QualityBadge = ({ score }: { score: string | null }) => {
  if (!score) return <span className="text-ui-fg-muted">-</span>
  const quality = QUALITY_LABELS[score] ?? { label: humanize(score), color: "grey" as const }
  return (
    <Tooltip content={`Meta quality rating: ${score}`}>
      <span className="cursor-default">
        <StatusBadge color={quality.color}>{quality.label}</StatusBadge>
      </span>
    </Tooltip>
  )
}

/** "INVALID_FORMAT" → "Invalid format" */
export const rejectedReasonText = (reason: string | null) => (reason ? humanize(reason) : null)
