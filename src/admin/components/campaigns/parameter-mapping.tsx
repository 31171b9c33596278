import { Input, Label, Select, Text } from "@medusajs/ui"
import { PARAMETER_SOURCES, PARAMETER_SOURCE_LABELS, type CampaignParameterSource, type TemplateSlot } from "../../lib/campaigns"
import type { SlotMapping } from "./wizard-draft"

type Props = {
  slots: TemplateSlot[]
  mappings: Record<string, SlotMapping>
  onChange: (key: string, mapping: SlotMapping) => void
  /** Resolved URL per button slot, when it has one. */
  buttonUrl?: (slot: TemplateSlot) => string | null
}

const needsFallback = (s: CampaignParameterSource) => s !== "static"

const valuePlaceholder = (slot: TemplateSlot) =>
  slot.component === "button" ? "Link suffix, e.g. collections/sale" : "Text or full link, e.g. https://shop.example/sale"

/** One row per template variable: where its value comes from, and what to use when that is empty. */
export const ParameterMapping = ({ slots, mappings, onChange, buttonUrl }: Props) => {
  if (!slots.length) {
    return (
      <Text size="small" className="text-ui-fg-subtle">
        This template has no variables to fill.
      </Text>
    )
  }
  return (
    <div className="flex flex-col divide-y rounded-lg border">
      {slots.map((slot) => {
        const m = mappings[slot.key] ?? { source: "static", value: "", fallback: "" }
        const set = (patch: Partial<SlotMapping>) => onChange(slot.key, { ...m, ...patch })
        const url = slot.component === "button" ? buttonUrl?.(slot) : null
        // URL button suffixes are fixed per campaign or the discount code; names make no sense there.
        const sources = slot.component === "button" ? PARAMETER_SOURCES.filter((s) => s === "static" || s === "campaign.discount_code") : PARAMETER_SOURCES
        return (
          <div key={slot.key} className="grid grid-cols-1 gap-2 px-4 py-3 md:grid-cols-[10rem_1fr_1fr] md:items-start">
            <Label size="small" weight="plus" htmlFor={`slot-${slot.key}`} className="pt-1.5 font-mono break-words">
              {slot.label}
            </Label>
            <Select size="small" value={m.source} onValueChange={(source) => set({ source: source as CampaignParameterSource })}>
              <Select.Trigger id={`slot-${slot.key}`} aria-label={`${slot.label} source`}>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {sources.map((s) => (
                  <Select.Item key={s} value={s}>
                    {PARAMETER_SOURCE_LABELS[s]}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
            <div className="flex flex-col gap-y-1">
              {m.source === "static" ? (
                <Input
                  size="small"
                  aria-label={`${slot.label} value`}
                  placeholder={valuePlaceholder(slot)}
                  value={m.value}
                  maxLength={1000}
                  onChange={(e) => set({ value: e.target.value })}
                />
              ) : needsFallback(m.source) ? (
                <Input
                  size="small"
                  aria-label={`${slot.label} fallback`}
                  placeholder={m.source === "campaign.discount_code" ? "Fallback (optional)" : "Fallback when the customer has no first name"}
                  value={m.fallback}
                  maxLength={1000}
                  onChange={(e) => set({ fallback: e.target.value })}
                />
              ) : null}
              {m.source.startsWith("customer.") && !m.fallback.trim() && (
                <Text size="xsmall" className="text-ui-fg-muted">
                  Without a fallback, customers with no name on file don't get the message (counted as failed).
                </Text>
              )}
              {url && (
                <Text size="xsmall" className="text-ui-fg-muted break-all">
                  Opens {url}
                </Text>
              )}
            </div>
          </div>
        )
      })}
    </div>
  )
}
