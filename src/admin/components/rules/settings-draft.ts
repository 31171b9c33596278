/** The auto-reply settings form's draft, and the body the API takes. */
import type { ActiveHours, AutoReplySettings } from "../../lib/inbox"

export interface SettingsDraft {
  useHours: boolean
  hours: Required<ActiveHours>
  away_message: string
  flag_after_minutes: string
  discount: { type: "percentage" | "fixed"; value: string; currency_code: string; expiry_days: string }
  fallback_template: { name: string; language: string } | null
}

const DEFAULT_HOURS: Required<ActiveHours> = { days: [1, 2, 3, 4, 5], start: "09:00", end: "18:00" }
const HHMM = /^([01]\d|2[0-3]):[0-5]\d$/
const MAX_FLAG_MINUTES = 7 * 24 * 60

export function settingsDraft(s: AutoReplySettings): SettingsDraft {
  return {
    useHours: !!s.business_hours,
    hours: s.business_hours ? { days: s.business_hours.days ?? [], start: s.business_hours.start, end: s.business_hours.end } : DEFAULT_HOURS,
    away_message: s.away_message,
    flag_after_minutes: String(s.flag_after_minutes),
    discount: {
      type: s.discount.type,
      value: String(s.discount.value),
      currency_code: s.discount.currency_code,
      expiry_days: String(s.discount.expiry_days),
    },
    fallback_template: s.fallback_template,
  }
}

export function toSettings(d: SettingsDraft): AutoReplySettings {
  return {
    business_hours: d.useHours ? { ...(d.hours.days.length ? { days: [...d.hours.days].sort() } : {}), start: d.hours.start, end: d.hours.end } : null,
    away_message: d.away_message.trim(),
    flag_after_minutes: Number(d.flag_after_minutes),
    discount: {
      type: d.discount.type,
      value: Number(d.discount.value),
      currency_code: d.discount.currency_code.trim().toLowerCase(),
      expiry_days: Number(d.discount.expiry_days),
    },
    fallback_template: d.fallback_template,
  }
}

const isInt = (v: string, min: number, max: number) => {
  const n = Number(v)
  return v.trim() !== "" && Number.isInteger(n) && n >= min && n <= max
}

export function settingsProblems(d: SettingsDraft): string[] {
  const problems: string[] = []
  if (d.useHours && (!HHMM.test(d.hours.start) || !HHMM.test(d.hours.end))) problems.push("Business hours need a start and end time.")
  if (!d.away_message.trim()) problems.push("Write an away message.")
  if (d.away_message.length > 4096) problems.push("The away message is longer than 4096 characters.")
  if (!isInt(d.flag_after_minutes, 1, MAX_FLAG_MINUTES)) problems.push(`Red-flag minutes must be a whole number from 1 to ${MAX_FLAG_MINUTES}.`)
  const value = Number(d.discount.value)
  if (!(d.discount.value.trim() !== "" && value > 0)) problems.push("The discount value must be more than 0.")
  if (d.discount.type === "percentage" && value > 100) problems.push("A percentage discount can't be more than 100.")
  if (!/^[a-zA-Z]{3}$/.test(d.discount.currency_code.trim())) problems.push("The currency must be a 3-letter code, e.g. THB.")
  if (!isInt(d.discount.expiry_days, 1, 365)) problems.push("Codes must expire after 1 to 365 days.")
  return problems
}
