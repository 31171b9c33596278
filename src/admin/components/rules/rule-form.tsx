import { Input, Label, Select, Switch, Text, Textarea } from "@medusajs/ui"
import { MATCH_MODE_HINTS, MATCH_MODE_LABELS, type MatchMode } from "../../lib/inbox"
import { ActionEditor } from "./action-editor"
import { Field } from "../common/field"
import { HoursFields } from "./hours-fields"
import { invalidRegexes, type RuleDraft } from "./rule-draft"

type Props = {
  draft: RuleDraft
  onChange: (patch: Partial<RuleDraft>) => void
  disabled?: boolean
}

const MODES = Object.keys(MATCH_MODE_LABELS) as MatchMode[]

/** Name, what to match, when, and what to do. */
export const RuleForm = ({ draft, onChange, disabled }: Props) => {
  const badRegexes = invalidRegexes(draft)

  return (
    <div className="flex flex-col gap-y-8">
      <div className="grid grid-cols-1 gap-4 md:grid-cols-[1fr_140px]">
        <Field id="wa-rule-name" label="Name">
          <Input id="wa-rule-name" size="small" value={draft.name} disabled={disabled} onChange={(e) => onChange({ name: e.target.value })} />
        </Field>
        <Field id="wa-rule-priority" label="Priority" hint="Lower runs first.">
          <Input
            id="wa-rule-priority"
            size="small"
            type="number"
            min={0}
            max={10000}
            step={1}
            value={draft.priority}
            disabled={disabled}
            onChange={(e) => onChange({ priority: e.target.value })}
          />
        </Field>
      </div>

      <div className="flex items-center gap-x-2">
        <Switch id="wa-rule-enabled" checked={draft.enabled} disabled={disabled} onCheckedChange={(enabled) => onChange({ enabled })} />
        <Label htmlFor="wa-rule-enabled" size="small">
          Enabled
        </Label>
      </div>

      <section className="flex flex-col gap-y-4">
        <Text size="small" weight="plus">
          When a message matches
        </Text>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <Field id="wa-rule-mode" label="Match mode" hint={MATCH_MODE_HINTS[draft.match_mode]}>
            <Select size="small" value={draft.match_mode} disabled={disabled} onValueChange={(v) => onChange({ match_mode: v as MatchMode })}>
              <Select.Trigger id="wa-rule-mode">
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                {MODES.map((m) => (
                  <Select.Item key={m} value={m}>
                    {MATCH_MODE_LABELS[m]}
                  </Select.Item>
                ))}
              </Select.Content>
            </Select>
          </Field>
          {draft.match_mode === "fuzzy" && (
            <Field id="wa-rule-threshold" label="Minimum similarity" hint="0.5 (loose) to 1 (exact). 0.8 tolerates about one typo in five letters.">
              <Input
                id="wa-rule-threshold"
                size="small"
                type="number"
                min={0.5}
                max={1}
                step={0.05}
                value={draft.fuzzy_threshold}
                disabled={disabled}
                onChange={(e) => onChange({ fuzzy_threshold: e.target.value })}
              />
            </Field>
          )}
        </div>
        <div className="grid grid-cols-1 gap-4 md:grid-cols-2">
          <Field
            id="wa-rule-keywords"
            label="Keywords"
            hint={
              badRegexes.length ? (
                <span className="text-ui-fg-error">{badRegexes.map((b) => `${b.keyword}: ${b.error}`).join(" · ")}</span>
              ) : (
                "One per line, any language. Case, spacing and Thai digits are ignored."
              )
            }
          >
            <Textarea
              id="wa-rule-keywords"
              rows={5}
              value={draft.keywords}
              placeholder={"ส่วนลด\ndiscount"}
              disabled={disabled}
              aria-invalid={badRegexes.length > 0}
              onChange={(e) => onChange({ keywords: e.target.value })}
            />
          </Field>
          <Field
            id="wa-rule-payloads"
            label="Quick-reply payloads"
            optional
            hint="Button payloads that trigger the rule exactly, one per line (a campaign's YES)."
          >
            <Textarea id="wa-rule-payloads" rows={5} value={draft.payloads} disabled={disabled} onChange={(e) => onChange({ payloads: e.target.value })} />
          </Field>
        </div>
        <div className="flex flex-col gap-y-3">
          <div className="flex items-center gap-x-2">
            <Switch id="wa-rule-limit-hours" checked={draft.limitHours} disabled={disabled} onCheckedChange={(limitHours) => onChange({ limitHours })} />
            <Label htmlFor="wa-rule-limit-hours" size="small">
              Only at certain times
            </Label>
          </div>
          {draft.limitHours && <HoursFields idPrefix="wa-rule-hours" hours={draft.hours} disabled={disabled} onChange={(hours) => onChange({ hours })} />}
        </div>
      </section>

      <section className="flex flex-col gap-y-4">
        <div className="flex flex-col gap-y-1">
          <Text size="small" weight="plus">
            Do this
          </Text>
          <Text size="xsmall" className="text-ui-fg-muted">
            Reply texts and FAQ answers are sent as one message, in this order. Outside the 24-hour window only a template (this rule's, or the fallback
            template in Settings) can be sent.
          </Text>
        </div>
        <ActionEditor actions={draft.actions} disabled={disabled} onChange={(actions) => onChange({ actions })} />
      </section>
    </div>
  )
}
