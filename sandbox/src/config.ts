/** Runtime configuration of the sandbox: defaults, deep-ish merge for patches, sanity checks. */

export interface PairRateConfig {
  /** Messages that may be sent to one recipient back to back. */
  burst: number
  /** One token comes back every `perSeconds` seconds (Meta: about 1 message / 6 s per user). */
  perSeconds: number
}

export interface FailNextEntry {
  code: number
  /** How many consecutive sends get this error (default 1). */
  times?: number
  /** Accept the send and fail it later by status webhook. Defaults to true for codes Meta only reports
   * asynchronously (131026, 131047, 131049, 131050), false otherwise. */
  async?: boolean
}

export interface SandboxConfig {
  host: string
  /** 0 picks a free port. */
  port: number
  accessToken: string
  appSecret: string
  phoneNumberId: string
  displayPhoneNumber: string
  wabaId: string
  webhookUrl: string | null
  /** Send requests per second accepted per phone number id; 0 disables the limit. */
  throughputPerSecond: number
  pairRate: PairRateConfig | false
  /** Delay from acceptance until each status webhook. */
  statusDelaysMs: { sent: number; delivered: number; read: number }
  /** Probability that a delivered message is read by the simulated customer. */
  readProbability: number
  /** Fraction of webhook POSTs that are sent twice. */
  duplicateRate: number
  /** Fraction of messages whose status webhooks are emitted in a shuffled order. */
  outOfOrderRate: number
  /** Random synchronous failures: with probability `rate` a send fails with one of `codes`. */
  failures: { rate: number; codes: number[] }
  /** Deterministic failure queue, consumed front to back by valid send requests. */
  failNext: FailNextEntry[]
  templateReviewDelayMs: number
  webhookRetry: { attempts: number; backoffMs: number; factor: number; timeoutMs: number }
  /** USD per delivered billable message. Defaults: Meta's per-message rate card (July 2025),
   * "Rest of Asia Pacific" band, which is where Thailand (+66) is billed. */
  pricing: { currency: string; marketing: number; utility: number; authentication: number }
  /**
   * Share (0–1) of simulated users who adopted a WhatsApp username (2026): their webhooks carry
   * only the BSUID (`from_user_id`, `contacts[].user_id`, `recipient_user_id`), never the phone.
   * Decided once per user, deterministically from the phone; a user's `username` overrides it.
   */
  usernameShare: number
  /**
   * Share (0–1) of Marketing Messages API sends (`/marketing_messages`) answered with
   * `message_status: held_for_quality_assessment` (template pacing; delivered later as usual).
   */
  heldShare: number
}

export type ConfigPatch = Partial<Omit<SandboxConfig, "pairRate" | "statusDelaysMs" | "failures" | "webhookRetry" | "pricing">> & {
  pairRate?: Partial<PairRateConfig> | false | 0
  statusDelaysMs?: Partial<SandboxConfig["statusDelaysMs"]>
  failures?: Partial<SandboxConfig["failures"]>
  webhookRetry?: Partial<SandboxConfig["webhookRetry"]>
  pricing?: Partial<SandboxConfig["pricing"]>
}

export function defaultConfig(): SandboxConfig {
  return {
    host: "127.0.0.1",
    port: 0,
    accessToken: "sandbox-token",
    appSecret: "sandbox-secret",
    phoneNumberId: "100000000000001",
    displayPhoneNumber: "15550000001",
    wabaId: "200000000000001",
    webhookUrl: null,
    throughputPerSecond: 80,
    pairRate: { burst: 6, perSeconds: 6 },
    statusDelaysMs: { sent: 50, delivered: 150, read: 400 },
    readProbability: 1,
    duplicateRate: 0,
    outOfOrderRate: 0,
    failures: { rate: 0, codes: [131000] },
    failNext: [],
    templateReviewDelayMs: 200,
    webhookRetry: { attempts: 5, backoffMs: 500, factor: 2, timeoutMs: 5000 },
    pricing: { currency: "USD", marketing: 0.0732, utility: 0.0113, authentication: 0.0113 },
    usernameShare: 0,
    heldShare: 0,
  }
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v)

/** Applies a patch onto `base` (nested objects merged one level deep, arrays replaced) and
 * returns a new, checked config. Throws Error with a readable message on bad input. */
export function mergeConfig(base: SandboxConfig, patch: unknown): SandboxConfig {
  if (!isPlainObject(patch)) throw new Error("config patch must be a JSON object")
  const next: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(patch)) {
    if (!(key in base)) throw new Error(`unknown config key "${key}"`)
    if (value === undefined) continue
    const current = (base as unknown as Record<string, unknown>)[key]
    if (key === "pairRate" && (value === false || value === 0)) next[key] = false
    else if (isPlainObject(value) && (isPlainObject(current) || key === "pairRate"))
      next[key] = { ...(isPlainObject(current) ? current : defaultConfig().pairRate), ...value }
    else next[key] = Array.isArray(value) ? [...value] : value
  }
  checkConfig(next as unknown as SandboxConfig)
  return next as unknown as SandboxConfig
}

function checkConfig(c: SandboxConfig): void {
  const num = (name: string, v: unknown, min = 0, max = Infinity) => {
    if (typeof v !== "number" || Number.isNaN(v) || v < min || v > max) throw new Error(`config "${name}" must be a number in [${min}, ${max}]`)
  }
  const str = (name: string, v: unknown) => {
    if (typeof v !== "string" || !v) throw new Error(`config "${name}" must be a non-empty string`)
  }
  str("host", c.host)
  num("port", c.port, 0, 65535)
  for (const k of ["accessToken", "appSecret", "phoneNumberId", "displayPhoneNumber", "wabaId"] as const) str(k, c[k])
  if (c.webhookUrl !== null) {
    str("webhookUrl", c.webhookUrl)
    if (!/^https?:\/\//.test(c.webhookUrl)) throw new Error(`config "webhookUrl" must be an http(s) URL`)
  }
  num("throughputPerSecond", c.throughputPerSecond)
  if (c.pairRate !== false) {
    num("pairRate.burst", c.pairRate.burst)
    num("pairRate.perSeconds", c.pairRate.perSeconds)
  }
  for (const k of ["sent", "delivered", "read"] as const) num(`statusDelaysMs.${k}`, c.statusDelaysMs[k])
  for (const k of ["readProbability", "duplicateRate", "outOfOrderRate", "usernameShare", "heldShare"] as const) num(k, c[k], 0, 1)
  num("failures.rate", c.failures.rate, 0, 1)
  if (!Array.isArray(c.failures.codes) || !c.failures.codes.every(Number.isInteger)) throw new Error(`config "failures.codes" must be an array of integers`)
  if (!Array.isArray(c.failNext) || !c.failNext.every((f) => isPlainObject(f) && Number.isInteger(f.code)))
    throw new Error(`config "failNext" must be an array of { code, times?, async? }`)
  num("templateReviewDelayMs", c.templateReviewDelayMs)
  num("webhookRetry.attempts", c.webhookRetry.attempts, 1)
  num("webhookRetry.backoffMs", c.webhookRetry.backoffMs)
  num("webhookRetry.factor", c.webhookRetry.factor, 1)
  num("webhookRetry.timeoutMs", c.webhookRetry.timeoutMs, 1)
  for (const k of ["marketing", "utility", "authentication"] as const) num(`pricing.${k}`, c.pricing[k])
}
