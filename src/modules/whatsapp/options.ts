import { z } from "@medusajs/framework/zod"
import { isSupportedRegion, type CountryCode } from "./domain/phone"
import { DEFAULT_GRAPH_API_VERSION } from "./constants"
import { deriveLinkSecret } from "./links/domain/token"

const PLUGIN = "medusa-plugin-whatsapp"

export interface WhatsAppPluginOptions {
  provider: "cloud_api"
  api_version: string
  /** No trailing slash. */
  base_url: string
  phone_number_id: string
  waba_id: string
  access_token: string
  app_secret: string
  webhook_verify_token: string
  default_region: CountryCode
  /** Canonical IANA name. */
  store_timezone: string
  store_name?: string
  /** Talking to the local simulator rather than Meta. */
  sandbox: boolean
  request_timeout_ms: number
  max_webhook_body_bytes: number
  /** Days a processed or ignored webhook keeps its raw body (phone numbers, message text) before it is blanked. */
  webhook_retention_days: number
  /**
   * Send campaigns' MARKETING templates through Meta's Marketing Messages API
   * (`POST /{phone_number_id}/marketing_messages`) instead of `/messages`; everything else stays
   * on the Cloud API. Needs the portfolio onboarded to it (README).
   */
  marketing_messages_api: boolean
  /** Public origin serving GET /whatsapp/r/:token (no trailing slash); unset = links are not tracked. */
  tracking_base_url?: string
  /** The storefront's URL: its host is where tracked links may go. */
  storefront_url?: string
  /** More hosts tracked links may go to ("shop.example", "blog.example:8443"). */
  link_allowed_hosts: string[]
  /** HMAC key of the link tokens; defaults to one derived from app_secret. */
  link_secret: string
}

// Configs built from env vars pass "" or numeric/boolean strings for unset or typed values.
const blankAsAbsent = (value: unknown) => (typeof value === "string" && value.trim() === "" ? undefined : value)
const fromEnvNumber = (value: unknown) => {
  const v = blankAsAbsent(value)
  return typeof v === "string" && /^\s*\d+\s*$/.test(v) ? Number(v) : v
}
const fromEnvBoolean = (value: unknown) => {
  const v = blankAsAbsent(value)
  return v === "true" ? true : v === "false" ? false : v
}

const requiredString = () => z.preprocess(blankAsAbsent, z.string({ error: (issue) => (issue.input === undefined ? "required" : "must be a string") }).trim())

// Graph ids exceed Number.MAX_SAFE_INTEGER, so a number literal may already have lost digits.
const graphId = () =>
  z.preprocess(
    blankAsAbsent,
    z
      .string({ error: (issue) => (issue.input === undefined ? "required" : "must be a string of digits (quote numeric ids)") })
      .trim()
      .regex(/^\d+$/, "must be a string of digits")
  )

const positiveInt = (fallback: number) =>
  z.preprocess(
    fromEnvNumber,
    z.number({ error: "must be a positive integer" }).int("must be a positive integer").positive("must be a positive integer").default(fallback)
  )

const schema = z.object({
  provider: z.preprocess(blankAsAbsent, z.enum(["cloud_api"], { error: 'must be "cloud_api"' }).default("cloud_api")),
  api_version: z.preprocess(
    blankAsAbsent,
    z
      .string()
      .trim()
      .regex(/^v\d+\.\d+$/, 'must look like "v23.0"')
      .default(DEFAULT_GRAPH_API_VERSION)
  ),
  base_url: z.preprocess(
    blankAsAbsent,
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .default("https://graph.facebook.com")
      .transform((url) => url.replace(/\/+$/, ""))
  ),
  phone_number_id: graphId(),
  waba_id: graphId(),
  access_token: requiredString(),
  app_secret: requiredString(),
  webhook_verify_token: requiredString(),
  default_region: z.preprocess(
    blankAsAbsent,
    z
      .string()
      .trim()
      .toUpperCase()
      .default("TH")
      .refine(isSupportedRegion, "must be an ISO 3166 alpha-2 region code with phone metadata (e.g. TH)")
      .transform((region) => region as CountryCode)
  ),
  store_timezone: z.preprocess(
    blankAsAbsent,
    z
      .string()
      .trim()
      .default("Asia/Bangkok")
      .transform((zone, ctx) => {
        const canonical = canonicalTimeZone(zone)
        if (!canonical) {
          ctx.addIssue({ code: "custom", message: `must be an IANA time zone (e.g. Asia/Bangkok), got "${zone}"` })
          return z.NEVER
        }
        return canonical
      })
  ),
  store_name: z.preprocess(blankAsAbsent, z.string().trim().optional()),
  sandbox: z.preprocess(fromEnvBoolean, z.boolean({ error: "must be a boolean" }).optional()),
  request_timeout_ms: positiveInt(10_000),
  max_webhook_body_bytes: positiveInt(1_048_576),
  webhook_retention_days: positiveInt(30),
  marketing_messages_api: z.preprocess(fromEnvBoolean, z.boolean({ error: "must be a boolean" }).default(false)),
  tracking_base_url: optionalHttpUrl(),
  storefront_url: optionalHttpUrl(),
  link_allowed_hosts: z.preprocess(
    (v) => (typeof v === "string" ? (v.trim() ? v.split(",").map((h) => h.trim()) : undefined) : v),
    z
      .array(
        z
          .string()
          .trim()
          .toLowerCase()
          .regex(/^[a-z0-9.-]+(:\d{1,5})?$/, 'must be host names like "shop.example" or "shop.example:8443"'),
        { error: "must be a list of host names (or a comma-separated string)" }
      )
      .default([])
  ),
  link_secret: z.preprocess(blankAsAbsent, z.string().min(16, "must be at least 16 characters").optional()),
})

function optionalHttpUrl() {
  return z.preprocess(
    blankAsAbsent,
    z
      .url({ protocol: /^https?$/, error: "must be an http(s) URL" })
      .transform((url) => url.replace(/\/+$/, ""))
      .optional()
  )
}

/** Validates plugin options, naming every bad or missing option in one error. */
export function parseWhatsAppOptions(raw: unknown): WhatsAppPluginOptions {
  const result = schema.safeParse(raw ?? {})
  if (!result.success) {
    throw new Error(
      result.error.issues
        .map((issue) => (issue.path.length ? `${PLUGIN}: invalid option "${issue.path.join(".")}": ${issue.message}` : `${PLUGIN}: options must be an object`))
        .join("\n")
    )
  }
  const { sandbox, store_name, tracking_base_url, storefront_url, link_secret, ...options } = result.data
  return {
    ...options,
    ...(store_name ? { store_name } : {}),
    ...(tracking_base_url ? { tracking_base_url } : {}),
    ...(storefront_url ? { storefront_url } : {}),
    link_secret: link_secret ?? deriveLinkSecret(options.app_secret),
    sandbox: sandbox ?? isLocalUrl(options.base_url),
  }
}

export type RedactedWhatsAppOptions = Omit<WhatsAppPluginOptions, SecretOption> & {
  [K in SecretOption]: "***" | null
} & {
  has_access_token: boolean
  has_app_secret: boolean
  has_webhook_verify_token: boolean
}

type SecretOption = "access_token" | "app_secret" | "webhook_verify_token" | "link_secret"

/** Options safe to show in the admin and in logs: secrets replaced, their presence kept. */
export function redactOptions(options: WhatsAppPluginOptions): RedactedWhatsAppOptions {
  const mask = (secret: string | undefined) => (secret ? "***" : null)
  return {
    ...options,
    access_token: mask(options.access_token),
    app_secret: mask(options.app_secret),
    webhook_verify_token: mask(options.webhook_verify_token),
    link_secret: mask(options.link_secret),
    has_access_token: Boolean(options.access_token),
    has_app_secret: Boolean(options.app_secret),
    has_webhook_verify_token: Boolean(options.webhook_verify_token),
  }
}

function canonicalTimeZone(zone: string): string | null {
  try {
    return new Intl.DateTimeFormat("en-US", { timeZone: zone }).resolvedOptions().timeZone
  } catch {
    return null
  }
}

function isLocalUrl(url: string): boolean {
  return ["localhost", "127.0.0.1", "[::1]"].includes(new URL(url).hostname)
}
