// What a failed campaign send means for the recipient row and for the campaign. Pure: the pipeline
// feeds it the provider's classified error and records what it returns, so every branch is unit-tested
// without a provider or Postgres.
import { backoffDelay, type ErrorClassification } from "./errors"

export interface SendFailureInput {
  code: number | null
  classification: ErrorClassification
  /** attempts made so far for this recipient, including the one that failed */
  attempts: number
  max_attempts: number
  pair_rate_interval_ms: number
}

export interface SendFailureDecision {
  /** the row goes back to the queue (with not_before when delayed) or fails for good */
  status: "queued" | "failed"
  /** ms to wait before the next attempt; null: no delay of its own (waits for resume) or final */
  retry_in_ms: number | null
  final: boolean
  /** counts against the campaign's error-rate window */
  counts_as_error: boolean
  /** the customer's marketing consent is revoked (131050) */
  opt_out: boolean
  /** the whole campaign stops with this reason */
  stop_campaign: boolean
  /** the template is paused (quality/rejection): other campaigns using it stop too */
  pause_template: boolean
  /** the per-number limiter slows down (130429) */
  penalize_limiter: boolean
  reason: string
}

export function decideSendFailure(i: SendFailureInput, random: () => number = Math.random): SendFailureDecision {
  const c = i.classification
  const reason = `${i.code ?? "error"}: ${c.title}`
  const base = {
    counts_as_error: !c.retryable,
    opt_out: c.effect === "opt_out_marketing",
    stop_campaign: c.effect === "pause_campaign" || c.effect === "alert_merchant",
    pause_template: c.effect === "pause_template",
    penalize_limiter: i.code === 130429,
    reason,
  }
  if (i.code === 131062) {
    // The message type needs a phone and this recipient is known by BSUID only: the same request
    // fails the same way however often it is sent, and it says nothing about the campaign's health
    // (a username user is not a bad number), so it neither retries nor counts toward auto-pause.
    return { ...base, counts_as_error: false, status: "failed", retry_in_ms: null, final: true, reason: `${reason} — ${c.meaning}` }
  }
  if (c.effect === "pause_template" || c.effect === "pause_campaign") {
    // Not this recipient's fault: back to the queue for when the campaign resumes.
    return { ...base, status: "queued", retry_in_ms: null, final: false }
  }
  if (c.retryable && i.attempts < i.max_attempts) {
    // 131056 is the pair rate (one user, too many messages): wait the pair interval, not a backoff.
    const delay = i.code === 131056 ? i.pair_rate_interval_ms : backoffDelay(i.attempts, { baseMs: 1000, maxMs: 60_000, random }) + 250
    return { ...base, status: "queued", retry_in_ms: delay, final: false }
  }
  return { ...base, status: "failed", retry_in_ms: null, final: true }
}
