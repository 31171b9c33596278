import { Tooltip, clx } from "@medusajs/ui"

export type ProgressSegment = { value: number; label: string; className: string }

type Props = {
  /** Segments stacked left to right (e.g. sent, failed, skipped); the rest of `total` is left empty. */
  segments: ProgressSegment[]
  total: number
  size?: "small" | "base"
  /** Stripes the bar while work is in progress. */
  active?: boolean
  className?: string
}

/** A stacked progress bar; each segment's count is on hover. */
export const ProgressBar = ({ segments, total, size = "base", active, className }: Props) => {
  const shown = segments.filter((s) => s.value > 0)
  return (
    <div
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={segments.reduce((n, s) => n + s.value, 0)}
      className={clx("bg-ui-bg-component flex w-full overflow-hidden rounded-full", size === "small" ? "h-1.5" : "h-2.5", active && "animate-pulse", className)}
    >
      {total > 0 &&
        shown.map((s) => (
          <Tooltip key={s.label} content={`${s.label}: ${s.value.toLocaleString()}`}>
            <div className={clx("h-full transition-[width] duration-500", s.className)} style={{ width: `${Math.min(100, (s.value / total) * 100)}%` }} />
          </Tooltip>
        ))}
    </div>
  )
}

export const SEGMENT_COLORS = {
  sent: "bg-ui-tag-green-icon",
  failed: "bg-ui-tag-red-icon",
  skipped: "bg-ui-tag-neutral-icon",
  sending: "bg-ui-tag-blue-icon",
  done: "bg-ui-fg-interactive",
} as const
