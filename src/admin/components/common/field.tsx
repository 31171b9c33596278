import { Label, Text } from "@medusajs/ui"
import type { ReactNode } from "react"

type Props = { id: string; label: string; optional?: boolean; hint?: ReactNode; children: ReactNode }

/** A labelled form field with an optional hint under it. */
export const Field = ({ id, label, optional, hint, children }: Props) => (
  <div className="flex flex-col gap-y-1">
    <Label htmlFor={id} size="small" weight="plus">
      {label}
      {optional && <span className="text-ui-fg-muted font-normal"> (optional)</span>}
    </Label>
    {children}
    {hint && (
      <Text size="xsmall" className="text-ui-fg-muted">
        {hint}
      </Text>
    )}
  </div>
)
