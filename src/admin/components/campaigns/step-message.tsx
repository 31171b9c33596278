import { Button, InlineTip, Input, RadioGroup, Select, Skeleton, Text, Textarea } from "@medusajs/ui"
import { useRef } from "react"
import { Link } from "react-router-dom"
import { campaignTemplateProblem, isCampaignTemplate, templateSlots, type TemplateSlot } from "../../lib/campaigns"
import { useTemplates, type WhatsappTemplate } from "../../lib/notifications"
import { errorMessage } from "../../lib/sdk"
import { Field } from "../common/field"
import { filledButtonUrl, previewValues } from "./message-preview"
import { ParameterMapping } from "./parameter-mapping"
import { PreviewPanel } from "./preview-panel"
import { StepHeading } from "./step-audience"
import { defaultMappings, toParameters, usesDiscountCode, type CampaignDraft } from "./wizard-draft"

type Props = { draft: CampaignDraft; update: (patch: Partial<CampaignDraft>) => void; storeName: string | null }

const templateKey = (t: Pick<WhatsappTemplate, "name" | "language">) => `${t.name}|${t.language}`

/** (b) What is sent: an approved marketing template with its variables mapped, or free-form text. */
export const MessageStep = ({ draft, update, storeName }: Props) => {
  const templates = useTemplates()
  const textRef = useRef<HTMLTextAreaElement>(null)

  const all = templates.data?.templates ?? []
  const eligible = all.filter(isCampaignTemplate)
  const problem = draft.template ? campaignTemplateProblem(draft.template) : null
  const slots = templateSlots(draft.template)
  const parameters = toParameters(draft)
  // Only for the URL buttons' links next to their fields; the preview itself comes from the server.
  const { values } = previewValues(draft.template, parameters, { person: null, discountCode: draft.discountCode, storeName })

  const chooseTemplate = (key: string) => {
    const t = eligible.find((o) => templateKey(o) === key) ?? null
    update({ template: t, mappings: defaultMappings(t), ctaButtonIndex: null })
  }

  const insert = (token: string) => {
    const el = textRef.current
    const start = el?.selectionStart ?? draft.text.length
    const end = el?.selectionEnd ?? draft.text.length
    update({ text: draft.text.slice(0, start) + token + draft.text.slice(end) })
    requestAnimationFrame(() => {
      el?.focus()
      el?.setSelectionRange(start + token.length, start + token.length)
    })
  }

  return (
    <div className="flex flex-col gap-8 lg:flex-row">
      <div className="flex min-w-0 flex-1 flex-col gap-y-6">
        <StepHeading title="Message" subtitle="What your customers receive." />
        <RadioGroup value={draft.kind} onValueChange={(v) => update({ kind: v as CampaignDraft["kind"] })} className="grid grid-cols-1 gap-3 md:grid-cols-2">
          <RadioGroup.ChoiceBox
            value="template"
            label="Approved template"
            description="A marketing template approved by Meta. Reaches everyone in the audience with marketing consent."
          />
          <RadioGroup.ChoiceBox
            value="text"
            label="Free-form text"
            description="Any text, no approval needed, but it only reaches customers who messaged you in the last 24 hours."
          />
        </RadioGroup>

        {draft.kind === "template" ? (
          <>
            <Field
              id="campaign-template"
              label="Template"
              hint={
                <>
                  Only APPROVED templates in the MARKETING category can be sent in campaigns
                  {all.length > eligible.length ? ` (${all.length - eligible.length} other templates are not eligible)` : ""}. Create or sync templates on the{" "}
                  <Link to="/whatsapp-templates" className="text-ui-fg-interactive hover:underline">
                    WhatsApp templates
                  </Link>{" "}
                  page.
                </>
              }
            >
              {templates.isPending ? (
                <Skeleton className="h-8 w-full" />
              ) : templates.isError ? (
                <Text size="small" className="text-ui-fg-error">
                  Couldn't load templates: {errorMessage(templates.error)}
                </Text>
              ) : (
                <Select size="small" value={draft.template ? templateKey(draft.template) : ""} onValueChange={chooseTemplate}>
                  <Select.Trigger id="campaign-template" aria-label="Template">
                    <Select.Value placeholder="Choose a marketing template" />
                  </Select.Trigger>
                  <Select.Content>
                    {eligible.length === 0 ? (
                      <Select.Item value="__none" disabled>
                        No approved marketing templates yet
                      </Select.Item>
                    ) : (
                      eligible.map((t) => (
                        <Select.Item key={t.id} value={templateKey(t)}>
                          {t.name} ({t.language})
                        </Select.Item>
                      ))
                    )}
                  </Select.Content>
                </Select>
              )}
            </Field>
            {problem && (
              <InlineTip label="Can't send this template" variant="error">
                {problem}
              </InlineTip>
            )}
            {draft.template && !problem && (
              <div className="flex flex-col gap-y-2">
                <Text size="small" weight="plus">
                  Variables
                </Text>
                <Text size="xsmall" className="text-ui-fg-muted">
                  Each variable is filled per customer when the message is sent.
                </Text>
                <ParameterMapping
                  slots={slots}
                  mappings={draft.mappings}
                  onChange={(key, m) => update({ mappings: { ...draft.mappings, [key]: m } })}
                  buttonUrl={(slot: TemplateSlot) => filledButtonUrl(draft.template, slot.index ?? 0, values)}
                />
              </div>
            )}
          </>
        ) : (
          <>
            <InlineTip label="24-hour window" variant="warning">
              WhatsApp only delivers free-form messages to customers who messaged you in the last 24 hours. Everyone else in the audience is skipped. Use an
              approved template to reach the whole audience.
            </InlineTip>
            <Field
              id="campaign-text"
              label="Message"
              hint={`${draft.text.length} / 4096 characters. {{first_name}} and {{discount_code}} are filled per customer.`}
            >
              <Textarea
                id="campaign-text"
                ref={textRef}
                rows={6}
                value={draft.text}
                maxLength={4096}
                placeholder="Hi {{first_name}}, …"
                onChange={(e) => update({ text: e.target.value })}
              />
              <div className="flex gap-x-2 pt-1">
                <Button size="small" variant="secondary" type="button" onClick={() => insert("{{first_name}}")}>
                  + First name
                </Button>
                <Button size="small" variant="secondary" type="button" onClick={() => insert("{{discount_code}}")}>
                  + Discount code
                </Button>
              </div>
            </Field>
          </>
        )}

        <Field
          id="campaign-discount-code"
          label="Discount code"
          optional={!usesDiscountCode(draft)}
          hint="Orders that use this code count for the campaign whenever they are placed. Create the code under Promotions first; it is not checked here."
        >
          <Input
            id="campaign-discount-code"
            size="small"
            className="font-mono"
            value={draft.discountCode}
            maxLength={64}
            placeholder="e.g. WELCOME10"
            onChange={(e) => update({ discountCode: e.target.value.toUpperCase().replace(/\s+/g, "") })}
          />
        </Field>
      </div>

      <aside className="flex w-full flex-col gap-y-3 lg:w-[340px] lg:shrink-0">
        <Text size="small" weight="plus">
          Preview
        </Text>
        <PreviewPanel draft={draft} update={update} />
        <Text size="xsmall" className="text-ui-fg-muted">
          Rendered by the server exactly as it will be sent, with this customer's data. A customer missing a value that has no fallback is not sent the message.
        </Text>
      </aside>
    </div>
  )
}
