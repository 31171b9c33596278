import { Text, Tooltip, clx } from "@medusajs/ui"
import { describeReason } from "../../lib/notifications"

type Props = { reason: string; tone: "muted" | "error" }

/** Why a notification was skipped or failed: a plain title, then the recorded explanation. */
export const NotificationReason = ({ reason, tone }: Props) => {
  const { code, title, text } = describeReason(reason)
  return (
    <div className={clx("flex flex-col gap-y-0.5 rounded-md px-2 py-1.5", tone === "error" ? "bg-ui-tag-red-bg" : "bg-ui-bg-component")}>
      <Tooltip content={reason} maxWidth={320}>
        <Text size="xsmall" weight="plus" className={clx("w-fit cursor-default", tone === "error" ? "text-ui-fg-error" : "text-ui-fg-subtle")}>
          {title ?? code ?? "Reason"}
          {title && code && <span className="text-ui-fg-muted font-mono font-normal"> · {code}</span>}
        </Text>
      </Tooltip>
      <Text size="xsmall" className="text-ui-fg-subtle break-words">
        {text}
      </Text>
    </div>
  )
}
