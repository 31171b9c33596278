import { InlineTip, Input, Select, Switch, Label, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { Field } from "../common/field"
import { StepHeading } from "./step-audience"
import { effectiveCta, quickReplyButtons, type CampaignDraft } from "./wizard-draft"

type Props = { draft: CampaignDraft; update: (patch: Partial<CampaignDraft>) => void }

/** (c) The quick-reply the campaign listens for (e.g. "YES"), and how long orders count for it. */
export const CtaStep = ({ draft, update }: Props) => {
  const buttons = quickReplyButtons(draft.template)
  const cta = effectiveCta(draft)

  return (
    <div className="flex flex-col gap-y-6">
      <StepHeading
        title="Call to action"
        subtitle="When a customer taps a quick-reply button, WhatsApp sends you its payload. Keyword rules can answer it, e.g. with a discount code."
      />

      {draft.kind === "text" ? (
        <InlineTip label="No buttons in free-form text" variant="info">
          Free-form messages are sent as plain text, without buttons. Ask customers to reply with a word (e.g. “Reply YES”) and answer it with a keyword rule.
        </InlineTip>
      ) : !draft.template ? (
        <Text size="small" className="text-ui-fg-subtle">
          Choose a template first.
        </Text>
      ) : buttons.length === 0 ? (
        <InlineTip label="No quick-reply button" variant="info">
          “{draft.template.name}” has no quick-reply button, so there is no payload to set. Customers can still reply with text.
        </InlineTip>
      ) : (
        <>
          <div className="flex items-center gap-x-2">
            <Switch id="campaign-cta" checked={draft.ctaEnabled} onCheckedChange={(ctaEnabled) => update({ ctaEnabled })} />
            <Label htmlFor="campaign-cta" size="small" weight="plus">
              Tag a quick-reply button with a payload
            </Label>
          </div>
          {draft.ctaEnabled && (
            <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
              <Field id="campaign-cta-button" label="Button">
                <Select size="small" value={String(cta?.button_index ?? buttons[0].index)} onValueChange={(v) => update({ ctaButtonIndex: Number(v) })}>
                  <Select.Trigger id="campaign-cta-button" aria-label="Quick-reply button">
                    <Select.Value />
                  </Select.Trigger>
                  <Select.Content>
                    {buttons.map((b) => (
                      <Select.Item key={b.index} value={String(b.index)}>
                        ↩ {b.text}
                      </Select.Item>
                    ))}
                  </Select.Content>
                </Select>
              </Field>
              <Field id="campaign-cta-payload" label="Payload" hint="Sent back to you when the button is tapped. Keep it short, e.g. YES.">
                <Input
                  id="campaign-cta-payload"
                  size="small"
                  className="font-mono"
                  value={draft.ctaPayload}
                  maxLength={128}
                  onChange={(e) => update({ ctaPayload: e.target.value })}
                />
              </Field>
            </div>
          )}
        </>
      )}

      {(draft.kind === "text" || cta) && (
        <Text size="small" className="text-ui-fg-subtle">
          To answer {cta ? <span className="font-mono">“{cta.payload}”</span> : "the reply"} automatically, add a keyword rule
          {cta ? " with this button payload" : ""} under{" "}
          <Link to="/whatsapp-inbox?tab=rules" className="text-ui-fg-interactive hover:underline">
            WhatsApp inbox → Keyword rules
          </Link>
          . Replies always appear in the inbox and count as “replied” in the campaign's results.
        </Text>
      )}

      <Field
        id="campaign-attribution"
        label="Attribution window (days)"
        hint="An order counts for the campaign when the customer places it within this many days of reading the message, or uses the campaign's discount code."
      >
        <Input
          id="campaign-attribution"
          size="small"
          type="number"
          min={1}
          max={90}
          className="max-w-[8rem]"
          value={draft.attributionDays}
          onChange={(e) => update({ attributionDays: e.target.value })}
        />
      </Field>
    </div>
  )
}
