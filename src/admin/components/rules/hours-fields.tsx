import { Checkbox, Input, Label, Text } from "@medusajs/ui"
import { DAY_LABELS, type ActiveHours } from "../../lib/inbox"

type Props = {
  idPrefix: string
  hours: Required<ActiveHours>
  onChange: (hours: Required<ActiveHours>) => void
  disabled?: boolean
}

/** Weekday checkboxes and a start/end time, in the store's time zone. */
export const HoursFields = ({ idPrefix, hours, onChange, disabled }: Props) => {
  const toggle = (day: number, on: boolean) =>
    onChange({ ...hours, days: on ? [...new Set([...hours.days, day])].sort() : hours.days.filter((d) => d !== day) })
  const overnight = hours.start > hours.end

  return (
    <div className="flex flex-col gap-y-3">
      <div className="flex flex-wrap gap-x-4 gap-y-2">
        {DAY_LABELS.map((label, day) => (
          <div key={label} className="flex items-center gap-x-1.5">
            <Checkbox
              id={`${idPrefix}-day-${day}`}
              checked={hours.days.includes(day)}
              disabled={disabled}
              onCheckedChange={(checked) => toggle(day, checked === true)}
            />
            <Label htmlFor={`${idPrefix}-day-${day}`} size="small">
              {label}
            </Label>
          </div>
        ))}
      </div>
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex flex-col gap-y-1">
          <Label htmlFor={`${idPrefix}-start`} size="xsmall" weight="plus" className="text-ui-fg-subtle">
            From
          </Label>
          <Input
            id={`${idPrefix}-start`}
            type="time"
            size="small"
            value={hours.start}
            disabled={disabled}
            onChange={(e) => onChange({ ...hours, start: e.target.value })}
          />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label htmlFor={`${idPrefix}-end`} size="xsmall" weight="plus" className="text-ui-fg-subtle">
            Until
          </Label>
          <Input
            id={`${idPrefix}-end`}
            type="time"
            size="small"
            value={hours.end}
            disabled={disabled}
            onChange={(e) => onChange({ ...hours, end: e.target.value })}
          />
        </div>
      </div>
      <Text size="xsmall" className="text-ui-fg-muted">
        {hours.days.length ? "" : "No day ticked means every day. "}
        {overnight ? "Ends the next morning (the start is later than the end). " : ""}
        Times are in the store's time zone.
      </Text>
    </div>
  )
}
