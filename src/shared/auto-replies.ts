/**
 * Auto-replies: what makes a reply rule fire (keywords, match mode, hours), what it does, and the
 * merchant's auto-reply settings. Shared by the server (domain/keywords.ts and
 * conversations/defaults.ts re-export them) and the admin dashboard. Browser-safe: no imports
 * (see shared/templates.ts).
 */

export type MatchMode = "exact" | "contains" | "fuzzy" | "regex"

export interface ActiveHours {
  /** 0 = Sunday … 6 = Saturday; empty or absent = every day. */
  days?: number[]
  /** "HH:MM" in the store's time zone; start > end spans midnight. */
  start: string
  end: string
}

/** The part of a reply rule that decides whether it matches a message. */
export interface ReplyRuleTrigger {
  keywords: string[]
  match_mode: MatchMode
  /** For fuzzy: minimum similarity, 0..1 (default 0.8). */
  fuzzy_threshold?: number | null
  /** Lower runs first among rules of the same match strength. */
  priority: number
  enabled: boolean
  active_hours?: ActiveHours | null
  /** Quick-reply payloads (a campaign's "YES") match exactly, like keywords. */
  payloads?: string[] | null
}

export type ReplyAction =
  | { type: "reply_text"; text: string }
  | { type: "reply_template"; template_name: string; language: string; parameters?: string[] }
  | { type: "issue_discount" }
  | { type: "add_tag"; tag: string }
  | { type: "remove_tag"; tag: string }
  | { type: "opt_out" }
  | { type: "opt_in" }
  | { type: "handover" }
  | { type: "faq"; faq_title: string }

export type ReplyActionType = ReplyAction["type"]

export interface AutoReplySettings {
  /** Outside these hours (store time zone) an unmatched message gets the away message; null = never. */
  business_hours: ActiveHours | null
  away_message: string
  /** Inbox red flag after a customer waited this long with no answer. */
  flag_after_minutes: number
  discount: { type: "percentage" | "fixed"; value: number; currency_code: string; expiry_days: number }
  /** Sent (without parameters) instead of a rule's free-form text when the 24 h window is closed (e.g. a late redelivery). */
  fallback_template: { name: string; language: string } | null
}
