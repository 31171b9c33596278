import { DatePicker, RadioGroup, Text } from "@medusajs/ui"
import { formatInZone, instantToWallTime } from "../../lib/campaigns"
import { Field } from "../common/field"
import { StepHeading } from "./step-audience"
import { scheduledInstant, type CampaignDraft } from "./wizard-draft"

type Props = { draft: CampaignDraft; update: (patch: Partial<CampaignDraft>) => void; timeZone: string; now: Date }

/** (d) Now, or at a date and time in the store's time zone. */
export const ScheduleStep = ({ draft, update, timeZone, now }: Props) => {
  const browserZone = Intl.DateTimeFormat().resolvedOptions().timeZone
  const at = scheduledInstant(draft, timeZone)

  return (
    <div className="flex flex-col gap-y-6">
      <StepHeading title="Schedule" subtitle="Send as soon as you start it, or at a set time." />
      <RadioGroup value={draft.when} onValueChange={(v) => update({ when: v as CampaignDraft["when"] })} className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <RadioGroup.ChoiceBox value="now" label="Send now" description="Sending starts when you choose “Create & start”." />
        <RadioGroup.ChoiceBox
          value="later"
          label="Schedule"
          description="Sending starts at the chosen time (checked every minute). You can cancel it until then."
        />
      </RadioGroup>
      {draft.when === "later" && (
        <Field
          id="campaign-scheduled-at"
          label={`Date and time (${timeZone})`}
          hint={
            at && browserZone !== timeZone ? `That is ${formatInZone(at, browserZone)} on your computer.` : `Times are in the store's time zone, ${timeZone}.`
          }
        >
          <div className="max-w-[20rem]">
            <DatePicker
              granularity="minute"
              value={draft.scheduledWall}
              minValue={instantToWallTime(now, timeZone)}
              onChange={(scheduledWall) => update({ scheduledWall })}
              aria-label="Scheduled date and time"
            />
          </div>
        </Field>
      )}
      <Text size="small" className="text-ui-fg-subtle">
        Sending is paced to your number's limits and pauses by itself when WhatsApp asks it to (messaging limit, a paused template, low quality). Quiet hours
        and the frequency cap in the campaign settings still apply.
      </Text>
    </div>
  )
}
