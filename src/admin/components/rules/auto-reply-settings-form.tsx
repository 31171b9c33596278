import { Button, Input, Label, Select, Switch, Text, Textarea, toast } from "@medusajs/ui"
import { useState, type ReactNode } from "react"
import { useSaveAutoReplySettings, type AutoReplySettings } from "../../lib/inbox"
import { errorMessage } from "../../lib/sdk"
import { Field } from "../common/field"
import { FallbackTemplateField } from "./fallback-template-field"
import { HoursFields } from "./hours-fields"
import { settingsDraft, settingsProblems, toSettings, type SettingsDraft } from "./settings-draft"

const Section = ({ title, description, children }: { title: string; description: string; children: ReactNode }) => (
  <section className="grid grid-cols-1 gap-4 px-6 py-4 md:grid-cols-[minmax(0,240px)_minmax(0,1fr)]">
    <div className="flex flex-col gap-y-1">
      <Text size="small" weight="plus" leading="compact">
        {title}
      </Text>
      <Text size="xsmall" className="text-ui-fg-muted">
        {description}
      </Text>
    </div>
    <div className="flex min-w-0 flex-col gap-y-4">{children}</div>
  </section>
)

export const AutoReplySettingsForm = ({ settings }: { settings: AutoReplySettings }) => {
  const [draft, setDraft] = useState<SettingsDraft>(() => settingsDraft(settings))
  const save = useSaveAutoReplySettings()
  const problems = settingsProblems(draft)
  const dirty = JSON.stringify(toSettings(draft)) !== JSON.stringify(toSettings(settingsDraft(settings)))
  const update = (patch: Partial<SettingsDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const setDiscount = (patch: Partial<SettingsDraft["discount"]>) => setDraft((d) => ({ ...d, discount: { ...d.discount, ...patch } }))
  const disabled = save.isPending

  const submit = async () => {
    try {
      await save.mutateAsync(toSettings(draft))
      toast.success("Auto-reply settings saved")
    } catch (e) {
      toast.error("Couldn't save the settings", { description: errorMessage(e) })
    }
  }

  return (
    <>
      <Section title="Business hours" description="Outside these hours, a message no rule answers gets the away message (once a day per conversation).">
        <div className="flex items-center gap-x-2">
          <Switch id="wa-ar-hours" checked={draft.useHours} disabled={disabled} onCheckedChange={(useHours) => update({ useHours })} />
          <Label htmlFor="wa-ar-hours" size="small">
            {draft.useHours ? "Send the away message outside business hours" : "Never send an away message"}
          </Label>
        </div>
        {draft.useHours && <HoursFields idPrefix="wa-ar-hours" hours={draft.hours} disabled={disabled} onChange={(hours) => update({ hours })} />}
        <Field id="wa-ar-away" label="Away message" hint={`${draft.away_message.length}/4096 characters`}>
          <Textarea id="wa-ar-away" rows={4} value={draft.away_message} disabled={disabled} onChange={(e) => update({ away_message: e.target.value })} />
        </Field>
      </Section>

      <Section title="Inbox red flag" description="Conversations waiting longer than this for an answer are flagged red in the inbox.">
        <Field id="wa-ar-flag" label="Flag after (minutes)">
          <Input
            id="wa-ar-flag"
            size="small"
            type="number"
            min={1}
            step={1}
            className="max-w-[160px]"
            value={draft.flag_after_minutes}
            disabled={disabled}
            onChange={(e) => update({ flag_after_minutes: e.target.value })}
          />
        </Field>
      </Section>

      <Section
        title="Discount codes"
        description="What the “Issue discount code” action creates: a single-use code for the customer, valid for a number of days."
      >
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2">
          <Field id="wa-ar-discount-type" label="Type">
            <Select
              size="small"
              value={draft.discount.type}
              disabled={disabled}
              onValueChange={(type) => setDiscount({ type: type as SettingsDraft["discount"]["type"] })}
            >
              <Select.Trigger id="wa-ar-discount-type">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value="percentage">Percentage off</Select.Item>
                <Select.Item value="fixed">Fixed amount off</Select.Item>
              </Select.Content>
            </Select>
          </Field>
          <Field id="wa-ar-discount-value" label={draft.discount.type === "percentage" ? "Percent" : "Amount"}>
            <Input
              id="wa-ar-discount-value"
              size="small"
              type="number"
              min={0}
              step="any"
              value={draft.discount.value}
              disabled={disabled}
              onChange={(e) => setDiscount({ value: e.target.value })}
            />
          </Field>
          <Field
            id="wa-ar-discount-currency"
            label="Currency"
            hint={draft.discount.type === "fixed" ? "The currency of the amount." : "Only used for fixed amounts."}
          >
            <Input
              id="wa-ar-discount-currency"
              size="small"
              maxLength={3}
              className="uppercase"
              value={draft.discount.currency_code}
              disabled={disabled}
              onChange={(e) => setDiscount({ currency_code: e.target.value })}
            />
          </Field>
          <Field id="wa-ar-discount-expiry" label="Valid for (days)">
            <Input
              id="wa-ar-discount-expiry"
              size="small"
              type="number"
              min={1}
              max={365}
              step={1}
              value={draft.discount.expiry_days}
              disabled={disabled}
              onChange={(e) => setDiscount({ expiry_days: e.target.value })}
            />
          </Field>
        </div>
      </Section>

      <Section
        title="Fallback template"
        description="When a rule's text reply can't be sent because the customer's 24-hour window is closed, this template is sent instead."
      >
        <FallbackTemplateField value={draft.fallback_template} disabled={disabled} onChange={(fallback_template) => update({ fallback_template })} />
      </Section>

      <div className="flex flex-col items-end gap-y-2 px-6 py-4">
        {dirty && problems.length > 0 && (
          <ul className="flex list-disc flex-col gap-y-1 pl-4">
            {problems.map((p) => (
              <li key={p}>
                <Text size="small" className="text-ui-fg-subtle">
                  {p}
                </Text>
              </li>
            ))}
          </ul>
        )}
        <div className="flex gap-x-2">
          <Button size="small" variant="secondary" disabled={!dirty || disabled} onClick={() => setDraft(settingsDraft(settings))}>
            Discard
          </Button>
          <Button size="small" disabled={!dirty || problems.length > 0} isLoading={save.isPending} onClick={submit}>
            Save
          </Button>
        </div>
      </div>
    </>
  )
}
