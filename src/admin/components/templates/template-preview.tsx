import { Text } from "@medusajs/ui"
import { fillSamples, type TemplateDraft } from "./template-draft"

/** Roughly how the customer will see it, with the sample values filled in. */
export const TemplatePreview = ({ draft }: { draft: TemplateDraft }) => {
  const buttons = draft.buttons.filter((b) => b.text.trim())
  return (
    <div className="bg-ui-bg-subtle flex flex-col items-start rounded-lg p-4">
      <div className="bg-ui-bg-base shadow-elevation-card-rest flex w-full max-w-[18rem] flex-col gap-y-1 rounded-lg rounded-tl-sm px-3 py-2">
        {draft.headerText.trim() && (
          <Text size="small" weight="plus" className="break-words">
            {fillSamples(draft.headerText, { 1: draft.headerSample })}
          </Text>
        )}
        <Text size="small" className="whitespace-pre-wrap break-words">
          {draft.body.trim() ? fillSamples(draft.body, draft.samples) : <span className="text-ui-fg-muted italic">Body text</span>}
        </Text>
        {draft.footer.trim() && (
          <Text size="xsmall" className="text-ui-fg-muted break-words">
            {draft.footer}
          </Text>
        )}
      </div>
      {buttons.map((b, i) => (
        <div
          key={i}
          className="bg-ui-bg-base shadow-elevation-card-rest text-ui-fg-interactive txt-compact-small mt-1 w-full max-w-[18rem] rounded-lg px-3 py-1.5 text-center"
        >
          {b.type === "URL" ? "↗ " : "↩ "}
          {b.text}
        </div>
      ))}
    </div>
  )
}
