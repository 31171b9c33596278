import { Plus, Trash } from "@medusajs/icons"
import { Button, IconButton, Input, Select, Text } from "@medusajs/ui"
import { LIMITS, MAX_BUTTONS, isValidUrl, variablesOf, type DraftButton } from "./template-draft"

type Props = { buttons: DraftButton[]; onChange: (buttons: DraftButton[]) => void }

/** Quick replies and website links, up to ten. */
export const ButtonsEditor = ({ buttons, onChange }: Props) => {
  const update = (i: number, patch: Partial<DraftButton>) => onChange(buttons.map((b, j) => (j === i ? { ...b, ...patch } : b)))

  return (
    <div className="flex flex-col gap-y-3">
      {buttons.map((b, i) => {
        const urlInvalid = b.type === "URL" && b.url.trim() !== "" && !isValidUrl(b.url)
        const urlHasVariable = b.type === "URL" && variablesOf(b.url).length > 0
        return (
          <div key={i} className="bg-ui-bg-subtle flex flex-col gap-y-2 rounded-md p-3">
            <div className="flex items-center gap-2">
              <div className="w-40 shrink-0">
                <Select size="small" value={b.type} onValueChange={(type) => update(i, { type: type as DraftButton["type"] })}>
                  <Select.Trigger aria-label={`Button ${i + 1} type`}>
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    <Select.Item value="QUICK_REPLY">Quick reply</Select.Item>
                    <Select.Item value="URL">Visit website</Select.Item>
                  </Select.Content>
                </Select>
              </div>
              <div className="flex-1">
                <Input
                  size="small"
                  placeholder="Button label"
                  aria-label={`Button ${i + 1} label`}
                  maxLength={LIMITS.button}
                  value={b.text}
                  onChange={(e) => update(i, { text: e.target.value })}
                />
              </div>
              <IconButton size="small" variant="transparent" aria-label={`Remove button ${i + 1}`} onClick={() => onChange(buttons.filter((_, j) => j !== i))}>
                <Trash />
              </IconButton>
            </div>
            {b.type === "URL" && (
              <>
                <Input
                  size="small"
                  placeholder="https://example.com/track/{{1}}"
                  aria-label={`Button ${i + 1} URL`}
                  aria-invalid={urlInvalid}
                  value={b.url}
                  onChange={(e) => update(i, { url: e.target.value })}
                />
                {urlInvalid && (
                  <Text size="xsmall" className="text-ui-fg-error">
                    Enter a full URL starting with https://
                  </Text>
                )}
                {urlHasVariable && (
                  <Input
                    size="small"
                    placeholder="Sample full URL, e.g. https://example.com/track/TH123456"
                    aria-label={`Button ${i + 1} sample URL`}
                    value={b.urlSample}
                    onChange={(e) => update(i, { urlSample: e.target.value })}
                  />
                )}
              </>
            )}
          </div>
        )
      })}
      <Button
        size="small"
        variant="secondary"
        className="self-start"
        disabled={buttons.length >= MAX_BUTTONS}
        onClick={() => onChange([...buttons, { type: "QUICK_REPLY", text: "", url: "", urlSample: "" }])}
      >
        <Plus />
        Add button
      </Button>
    </div>
  )
}
