import { Text, clx } from "@medusajs/ui"
import type { ReactNode } from "react"

type SectionRowProps = {
  title: ReactNode
  value?: ReactNode
  className?: string
}

/** A label/value row in the style of the dashboard's own detail sections. */
export const SectionRow = ({ title, value, className }: SectionRowProps) => {
  const isText = typeof value === "string" || typeof value === "number" || value === null || value === undefined
  return (
    <div className={clx("text-ui-fg-subtle grid w-full grid-cols-2 items-center gap-4 px-6 py-4", className)}>
      <Text size="small" weight="plus" leading="compact">
        {title}
      </Text>
      {isText ? (
        <Text size="small" leading="compact" className="whitespace-pre-line break-words text-pretty">
          {value === null || value === undefined || value === "" ? "-" : value}
        </Text>
      ) : (
        <div className="txt-compact-small flex min-w-0 flex-wrap items-center gap-1">{value}</div>
      )}
    </div>
  )
}
