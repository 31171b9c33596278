/**
 * The Cloud API error table as data, so notifications, campaigns and auto-replies react alike.
 * Decide on Graph `code`, never on HTTP status: Meta has returned throughput errors as 400 and
 * documented them as 429. Only a failure without a Graph error body (network, 5xx) is "transport".
 */

export type RetryPolicy = "none" | "backoff" | "later" | "per_recipient_later"

export type ErrorEffect =
  "none" | "use_template" | "opt_out_marketing" | "pause_campaign" | "pause_template" | "alert_merchant" | "invalid_recipient" | "fix_request"

/** What the error is about: how far a sender should widen its reaction. */
export type ErrorScope = "message" | "recipient" | "template" | "phone_number" | "account"

export interface ErrorClassification {
  code?: number
  title: string
  /** Same request, unchanged, may succeed later. Derived from `retry`. */
  retryable: boolean
  retry: RetryPolicy
  effect: ErrorEffect
  scope: ErrorScope
  meaning: string
}

type Row = Omit<ErrorClassification, "code" | "retryable">

const TABLE: Readonly<Record<number, Row>> = {
  // Throttling
  130429: {
    title: "Rate limit hit",
    retry: "backoff",
    effect: "none",
    scope: "phone_number",
    meaning: "Messages-per-second throughput of the business number exceeded; slow down and retry.",
  },
  131056: {
    title: "Pair rate limit hit",
    retry: "per_recipient_later",
    effect: "none",
    scope: "recipient",
    meaning: "Too many messages to the same user in a short time; retry this recipient later (about 1 per 6 s).",
  },
  131048: {
    title: "Spam rate limit hit",
    retry: "none",
    effect: "pause_campaign",
    scope: "phone_number",
    meaning: "Sending restricted because earlier messages were blocked or flagged as spam; pause campaigns and check quality.",
  },
  80007: {
    title: "WABA rate limit",
    retry: "later",
    effect: "none",
    scope: "account",
    meaning: "The WhatsApp Business Account hit its API rate limit; retry later.",
  },
  4: { title: "API too many calls", retry: "later", effect: "none", scope: "account", meaning: "The app reached its Graph API call rate limit; retry later." },
  // Transient platform trouble
  131000: { title: "Something went wrong", retry: "backoff", effect: "none", scope: "message", meaning: "Unknown error on Meta's side; retry with backoff." },
  131016: {
    title: "Service unavailable",
    retry: "backoff",
    effect: "none",
    scope: "account",
    meaning: "A Meta service is temporarily unavailable; retry with backoff.",
  },
  2: { title: "API service", retry: "backoff", effect: "none", scope: "account", meaning: "Graph API temporarily down or overloaded; retry with backoff." },
  131057: {
    title: "Account in maintenance mode",
    retry: "later",
    effect: "none",
    scope: "account",
    meaning: "The business account is in maintenance (e.g. throughput upgrade); retry later.",
  },
  // Recipient
  131026: {
    title: "Message undeliverable",
    retry: "none",
    effect: "invalid_recipient",
    scope: "recipient",
    meaning: "The recipient cannot receive it: not on WhatsApp, terms not accepted, or an outdated client.",
  },
  131047: {
    title: "Re-engagement message",
    retry: "none",
    effect: "use_template",
    scope: "recipient",
    meaning: "More than 24 h since the user's last message: free-form is not allowed, send a template.",
  },
  131049: {
    title: "Meta chose not to deliver",
    retry: "none",
    effect: "none",
    scope: "recipient",
    meaning: "Per-user marketing limit: Meta withheld this marketing message; do not retry soon (days, not minutes).",
  },
  131050: {
    title: "User stopped marketing messages",
    retry: "none",
    effect: "opt_out_marketing",
    scope: "recipient",
    meaning: "The user opted out of marketing messages from this business; record the opt-out.",
  },
  131062: {
    title: "BSUID recipient not supported for this message type",
    retry: "none",
    effect: "invalid_recipient",
    scope: "recipient",
    meaning:
      "This message type cannot go to a business-scoped user id (a username user whose phone we do not know): authentication templates (one-tap, zero-tap, copy-code) need a phone number. Resending to the BSUID fails the same way; send by phone once it is known.",
  },
  // Our request
  131051: { title: "Unsupported message type", retry: "none", effect: "fix_request", scope: "message", meaning: "The message type is not supported." },
  131008: {
    title: "Required parameter is missing",
    retry: "none",
    effect: "fix_request",
    scope: "message",
    meaning: "The request lacks a required parameter.",
  },
  131009: { title: "Parameter value is not valid", retry: "none", effect: "fix_request", scope: "message", meaning: "A parameter value is invalid." },
  100: {
    title: "Invalid parameter",
    retry: "none",
    effect: "fix_request",
    scope: "message",
    meaning: "The request has an unsupported or misspelled parameter.",
  },
  // Templates
  132000: {
    title: "Template param count mismatch",
    retry: "none",
    effect: "fix_request",
    scope: "template",
    meaning: "The number of parameters sent does not match the template's variables.",
  },
  132001: {
    title: "Template does not exist",
    retry: "none",
    effect: "fix_request",
    scope: "template",
    meaning: "No approved template with this name in this language; sync templates.",
  },
  132005: {
    title: "Template hydrated text too long",
    retry: "none",
    effect: "fix_request",
    scope: "message",
    meaning: "The text with parameters filled in is too long.",
  },
  132007: {
    title: "Template format character policy violated",
    retry: "none",
    effect: "fix_request",
    scope: "message",
    meaning: "Template content with these parameters violates a formatting policy.",
  },
  132012: {
    title: "Template parameter format mismatch",
    retry: "none",
    effect: "fix_request",
    scope: "message",
    meaning: "A parameter does not match the format the template expects.",
  },
  132015: {
    title: "Template is paused",
    retry: "none",
    effect: "pause_template",
    scope: "template",
    meaning: "Template paused for low quality; pause campaigns using it.",
  },
  132016: {
    title: "Template is disabled",
    retry: "none",
    effect: "pause_template",
    scope: "template",
    meaning: "Template disabled for low quality; pause campaigns using it.",
  },
  // Account, number, credentials
  133010: {
    title: "Phone number not registered",
    retry: "none",
    effect: "alert_merchant",
    scope: "phone_number",
    meaning: "The business phone number is not registered with Cloud API.",
  },
  190: {
    title: "Access token expired",
    retry: "none",
    effect: "alert_merchant",
    scope: "account",
    meaning: "The access token expired or is invalid; the merchant must issue a new one.",
  },
  0: {
    title: "AuthException",
    retry: "none",
    effect: "alert_merchant",
    scope: "account",
    meaning: "Meta could not authenticate the app user; the merchant must issue a new access token.",
  },
  10: {
    title: "Permission denied",
    retry: "none",
    effect: "alert_merchant",
    scope: "account",
    meaning: "The token lacks a required permission (whatsapp_business_messaging / _management).",
  },
  368: {
    title: "Temporarily blocked for policy violations",
    retry: "none",
    effect: "alert_merchant",
    scope: "account",
    meaning: "The business account is restricted for violating a platform policy.",
  },
}

const TRANSPORT: Row = {
  title: "Transport failure",
  retry: "backoff",
  effect: "none",
  scope: "message",
  meaning: "No Graph answer (network error, timeout or 5xx without an error body); retry with jittered backoff.",
}

/** Codes with a known meaning; the tests walk this list. */
export const KNOWN_ERROR_CODES: readonly number[] = Object.keys(TABLE).map(Number)

export function classifyWhatsAppError(code: number | undefined, opts: { httpStatus?: number; transport?: boolean } = {}): ErrorClassification {
  if (code !== undefined) {
    const row = TABLE[code]
    return row
      ? finish(code, row)
      : finish(code, { title: "Unknown error", retry: "none", effect: "none", scope: "message", meaning: `Unknown WhatsApp error code ${code}.` })
  }
  if (opts.transport || (opts.httpStatus !== undefined && opts.httpStatus >= 500)) {
    return finish(undefined, TRANSPORT)
  }
  const status = opts.httpStatus === undefined ? "" : ` (HTTP ${opts.httpStatus})`
  return finish(undefined, {
    title: "Unknown error",
    retry: "none",
    effect: "none",
    scope: "message",
    meaning: `Unknown error without a WhatsApp error code${status}.`,
  })
}

function finish(code: number | undefined, row: Row): ErrorClassification {
  return { ...(code === undefined ? {} : { code }), ...row, retryable: row.retry !== "none" }
}

export interface BackoffOptions {
  baseMs: number
  maxMs: number
  /** Returns [0, 1); inject for deterministic tests. */
  random?: () => number
}

/**
 * Exponential backoff with full jitter: uniform in [0, min(maxMs, baseMs·2^attempt)), so many
 * senders throttled at once do not retry in lockstep. `attempt` counts retries already made (0 first).
 */
export function backoffDelay(attempt: number, { baseMs, maxMs, random = Math.random }: BackoffOptions): number {
  const exponent = Number.isFinite(attempt) && attempt > 0 ? Math.floor(attempt) : 0
  const ceiling = Math.min(maxMs, baseMs * 2 ** exponent)
  return Math.floor(random() * ceiling)
}

/** The message of whatever was thrown (catch variables are `unknown`: not every throw is an Error). */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

/** A database error's own words: knex prefixes Postgres's message with the whole statement. */
export function dbMessageOf(error: unknown): string {
  const m = messageOf(error)
  const i = m.lastIndexOf(" - ")
  return i >= 0 ? m.slice(i + 3) : m
}
