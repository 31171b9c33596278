import { Badge, Text } from "@medusajs/ui"
import type { LintFinding } from "../../lib/notifications"

const PART: Record<LintFinding["component"], string> = {
  name: "Name",
  HEADER: "Header",
  BODY: "Body",
  FOOTER: "Footer",
  BUTTONS: "Buttons",
  category: "Category",
}

/** Why Meta would likely reject the template, and how to fix each point. */
export const LintFindings = ({ findings }: { findings: LintFinding[] }) => (
  <ul className="flex flex-col gap-y-3">
    {findings.map((f, i) => (
      <li key={`${f.rule}-${i}`} className="flex flex-col gap-y-1">
        <div className="flex items-center gap-x-1.5">
          <Badge size="2xsmall" color="orange">
            {PART[f.component] ?? f.component}
          </Badge>
          <Text size="xsmall" className="text-ui-fg-muted font-mono">
            {f.rule}
          </Text>
        </div>
        <Text size="small" className="text-ui-fg-base">
          {f.message}
        </Text>
        <Text size="small" className="text-ui-fg-subtle">
          <span className="font-medium">Fix:</span> {f.fix}
        </Text>
      </li>
    ))}
  </ul>
)
