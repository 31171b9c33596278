/** Campaign states, parameter sources, reasons and actors in words, and the actions a state allows. */
import type { CampaignAction, CampaignParameterSource, CampaignState, PreviewCustomer, RetargetCriterion } from "./types"

export const CAMPAIGN_STATE_LABELS: Record<CampaignState, string> = {
  draft: "Draft",
  scheduled: "Scheduled",
  running: "Running",
  paused: "Paused",
  completed: "Completed",
  canceled: "Canceled",
  failed: "Failed",
}

export const CAMPAIGN_STATE_COLORS: Record<CampaignState, "green" | "red" | "blue" | "orange" | "grey" | "purple"> = {
  draft: "grey",
  scheduled: "purple",
  running: "blue",
  paused: "orange",
  completed: "green",
  canceled: "grey",
  failed: "red",
}

export const stateLabel = (s: string) => CAMPAIGN_STATE_LABELS[s as CampaignState] ?? s
export const stateColor = (s: string) => CAMPAIGN_STATE_COLORS[s as CampaignState] ?? "grey"

export const PARAMETER_SOURCE_LABELS: Record<CampaignParameterSource, string> = {
  "customer.first_name": "Customer first name",
  "customer.last_name": "Customer last name",
  "customer.full_name": "Customer full name",
  "store.name": "Store name",
  "campaign.discount_code": "Campaign discount code",
  static: "Fixed text or link",
}

export const PARAMETER_SOURCES = Object.keys(PARAMETER_SOURCE_LABELS) as CampaignParameterSource[]

export const RETARGET_LABELS: Record<RetargetCriterion, string> = {
  not_read: "Did not read",
  not_replied: "Did not reply",
}

/** Which manual actions the state machine (domain/campaign-rules.ts) allows from a state. */
export const CAMPAIGN_ACTIONS: Record<CampaignState, CampaignAction[]> = {
  draft: ["start", "cancel"],
  scheduled: ["start", "unschedule", "cancel"],
  running: ["pause", "cancel"],
  paused: ["resume", "cancel"],
  completed: [],
  canceled: [],
  failed: [],
}

const SKIP_REASONS: Record<string, string> = {
  no_consent: "No marketing consent",
  frequency_cap: "Frequency cap",
  quiet_hours: "Quiet hours",
  window_closed: "Outside the 24 h window",
  outside_window: "Outside the 24 h window",
  campaign_canceled: "Campaign canceled",
  missing_data: "Missing data",
  missing_text: "No message text",
  missing_template: "No template",
}

/** "131026: Message undeliverable" → { code: "131026", text: "Message undeliverable" }; "no_consent" → { text: "No marketing consent" }. */
export function describeCampaignReason(reason: string): { code: string | null; text: string } {
  const trimmed = reason.trim()
  if (SKIP_REASONS[trimmed]) return { code: trimmed, text: SKIP_REASONS[trimmed] }
  const match = /^([A-Za-z_]+|\d+):\s*(.*)$/s.exec(trimmed)
  if (!match) return { code: null, text: humanize(trimmed) }
  const [, code, rest] = match
  const title = SKIP_REASONS[code]
  const detail = rest.trim()
  if (title) return { code, text: detail ? `${title}: ${detail}` : title }
  return { code, text: detail || humanize(code) }
}

/** "tier_limit: 2000 unique users per 24 h reached" → "Messaging limit: 2000 unique users per 24 h reached" */
export function describeStatusReason(reason: string | null | undefined): string | null {
  if (!reason) return null
  const known: Record<string, string> = {
    tier_limit: "Messaging limit",
    template_paused: "Template paused by Meta",
    template_disabled: "Template disabled by Meta",
    error_rate: "Too many failures",
    quality_red: "Phone number quality is low",
  }
  const match = /^([a-z_]+):\s*(.*)$/s.exec(reason.trim())
  if (match && known[match[1]]) return match[2] ? `${known[match[1]]}: ${match[2]}` : known[match[1]]
  return reason.charAt(0).toUpperCase() + reason.slice(1)
}

function humanize(s: string): string {
  const words = s.replace(/_/g, " ")
  return words.charAt(0).toUpperCase() + words.slice(1)
}

/** "system", "scheduler"… in words; user ids are resolved by the caller. */
export function describeActor(actor: string): string {
  switch (actor) {
    case "system":
      return "System"
    case "scheduler":
      return "Scheduler"
    case "webhook":
      return "WhatsApp (webhook)"
    case "dispatcher":
      return "Sender"
    case "admin":
      return "Admin"
    default:
      return actor
  }
}

export const isUserActor = (actor: string) => actor.startsWith("user_")

/** "Ana Silva", else the email, else the number. */
export function customerLabel(c: Pick<PreviewCustomer, "first_name" | "last_name" | "email" | "wa_id" | "id">): string {
  return [c.first_name, c.last_name].filter(Boolean).join(" ") || c.email || (c.wa_id ? `+${c.wa_id}` : c.id)
}
