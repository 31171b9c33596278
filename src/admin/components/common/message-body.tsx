import { Text } from "@medusajs/ui"
import { humanizeType, templateParameterValues } from "../../lib/format"
import type { WhatsappMessage } from "../../lib/types"

/** What a message says: a template (name, language, filled values) or text, or its type. */
export const MessageBody = ({ message }: { message: WhatsappMessage }) => {
  if (message.type === "template" || message.template_name) {
    const values = templateParameterValues(message.template_parameters)
    return (
      <div className="flex flex-col gap-y-0.5">
        <Text size="xsmall" weight="plus" className="text-ui-fg-subtle">
          Template · {message.template_name ?? "unnamed"}
          {message.template_language ? ` (${message.template_language})` : ""}
        </Text>
        {message.text && <span className="whitespace-pre-wrap break-words">{message.text}</span>}
        {!message.text && values.length > 0 && <span className="text-ui-fg-subtle break-words">{values.join(" · ")}</span>}
      </div>
    )
  }
  if (message.text) return <span className="whitespace-pre-wrap break-words">{message.text}</span>
  return <span className="text-ui-fg-muted italic">{humanizeType(message.type)} message</span>
}
