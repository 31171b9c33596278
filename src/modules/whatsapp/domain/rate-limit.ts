/**
 * Pacing rules for business-initiated sends, pure (time is passed in) so they are unit-tested
 * and shared by the in-process dispatcher and the Redis bucket (campaigns/limiter.ts mirrors
 * `TokenBucket.take` in Lua).
 */
import { MESSAGING_TIERS, type FrequencyCap, type MessagingTier } from "../../../shared/campaigns"

/** Meta's default and maximum messages per second per business phone number. */
export const DEFAULT_THROUGHPUT_MPS = 80
export const MAX_THROUGHPUT_MPS = 1000

// The tiers and the frequency cap shape live in src/shared/campaigns.ts (the admin's campaign settings use them).
export { MESSAGING_TIERS } from "../../../shared/campaigns"
export type { FrequencyCap, MessagingTier } from "../../../shared/campaigns"
export const TIER_WINDOW_MS = 24 * 60 * 60 * 1000

/** Meta tolerates a short burst, then about one message per 6 s to the same user (131056). */
export const PAIR_RATE_INTERVAL_MS = 6000

export interface BucketState {
  tokens: number
  /** ms timestamp of the last refill */
  at: number
}

export interface BucketConfig {
  ratePerSecond: number
  capacity: number
}

/**
 * Meta counts requests in a sliding second. A bucket lets `capacity` through at once and then
 * `rate` per second, so one second can see rate + capacity: keep that sum a `headroom` fraction
 * under the ceiling (network jitter reorders arrivals). Capacity is at least 2 so a timer that
 * wakes late does not lose the tokens that accrued meanwhile.
 */
export function pacingFor(limitMps: number, headroom = 0.015): BucketConfig {
  if (!(limitMps > 0)) throw new Error(`throughput must be positive, got ${limitMps}`)
  const capacity = Math.max(2, Math.floor(limitMps * 0.005))
  return { ratePerSecond: Math.max(limitMps * 0.5, limitMps * (1 - headroom) - capacity), capacity }
}

export function refill(state: BucketState, cfg: BucketConfig, now: number): BucketState {
  const elapsed = Math.max(0, now - state.at)
  return { tokens: Math.min(cfg.capacity, state.tokens + (elapsed * cfg.ratePerSecond) / 1000), at: now }
}

/**
 * Takes up to `want` whole tokens. Returns how many were granted and, when none, how long until
 * one is available. Partial grants let a caller batch acquisitions (one Redis round trip for many).
 */
export function takeTokens(state: BucketState, cfg: BucketConfig, want: number, now: number): { state: BucketState; granted: number; waitMs: number } {
  const s = refill(state, cfg, now)
  const granted = Math.max(0, Math.min(want, Math.floor(s.tokens)))
  const tokens = s.tokens - granted
  const waitMs = granted > 0 ? 0 : Math.ceil(((1 - tokens) * 1000) / cfg.ratePerSecond)
  return { state: { tokens, at: now }, granted, waitMs }
}

/** An in-memory bucket over the pure functions; `penalize` implements "130429 slows the bucket". */
export class TokenBucket {
  private state: BucketState
  private cfg: BucketConfig
  private readonly base: BucketConfig
  private slowUntil = 0

  constructor(cfg: BucketConfig, now: number) {
    this.base = { ...cfg }
    this.cfg = { ...cfg }
    this.state = { tokens: cfg.capacity, at: now }
  }

  get config(): BucketConfig {
    return { ...this.cfg }
  }

  take(want: number, now: number): { granted: number; waitMs: number } {
    if (this.slowUntil && now >= this.slowUntil) {
      // Recover gradually: back to the configured rate once the penalty period passes.
      this.cfg = { ...this.base }
      this.slowUntil = 0
    }
    const r = takeTokens(this.state, this.cfg, want, now)
    this.state = r.state
    return { granted: r.granted, waitMs: r.waitMs }
  }

  /** Halves the rate (not below 1/s) for `forMs` and empties the bucket. */
  penalize(now: number, forMs = 5000): void {
    this.cfg = { ratePerSecond: Math.max(1, this.cfg.ratePerSecond / 2), capacity: 1 }
    this.state = { tokens: 0, at: now }
    this.slowUntil = now + forMs
  }
}

export type TierDecision = { allowed: number; resumeAt: null } | { allowed: 0; resumeAt: Date }

/**
 * How many new users may still be reached now. `reached` = distinct users reached by
 * business-initiated messages in the last 24 h (all sends, not only this campaign);
 * `oldestReachAt` = when the oldest of those was first reached (it frees a slot 24 h later).
 */
export function tierAllowance(limit: MessagingTier, reached: number, oldestReachAt: Date | null, now: Date): TierDecision {
  if (limit === null) return { allowed: Number.MAX_SAFE_INTEGER, resumeAt: null }
  const left = limit - reached
  if (left > 0) return { allowed: left, resumeAt: null }
  const resumeAt = oldestReachAt ? new Date(oldestReachAt.getTime() + TIER_WINDOW_MS) : new Date(now.getTime() + 60_000)
  return { allowed: 0, resumeAt: resumeAt.getTime() > now.getTime() ? resumeAt : new Date(now.getTime() + 1000) }
}

export function parseTier(value: unknown): MessagingTier {
  if (value === null || value === "unlimited") return null
  const n = Number(value)
  if ((MESSAGING_TIERS as readonly (number | null)[]).includes(n)) return n as MessagingTier
  throw new Error(`messaging tier must be one of 250, 2000, 10000, 100000 or "unlimited", got ${String(value)}`)
}

/** `sentInPeriod` = marketing messages already sent to the contact within `cap.days`. */
export function withinFrequencyCap(sentInPeriod: number, cap: FrequencyCap | null | undefined): boolean {
  if (!cap || cap.max <= 0) return true
  return sentInPeriod < cap.max
}

/** ms to wait before the next message to this user respects the pair rate; 0 = now. */
export function pairRateDelay(lastOutboundAt: Date | null, now: Date, intervalMs = PAIR_RATE_INTERVAL_MS): number {
  if (!lastOutboundAt) return 0
  return Math.max(0, lastOutboundAt.getTime() + intervalMs - now.getTime())
}

/**
 * Recent outcomes (true = failed) over a fixed-size window: the campaign auto-pauses when the
 * failure ratio exceeds the threshold once enough samples are in.
 */
export class ErrorRateWindow {
  private readonly outcomes: boolean[] = []
  constructor(
    private readonly size = 200,
    private readonly minSamples = 20
  ) {}

  record(failed: boolean): void {
    this.outcomes.push(failed)
    if (this.outcomes.length > this.size) this.outcomes.shift()
  }

  get ratio(): number {
    if (!this.outcomes.length) return 0
    return this.outcomes.filter(Boolean).length / this.outcomes.length
  }

  exceeds(threshold: number): boolean {
    return this.outcomes.length >= this.minSamples && this.ratio > threshold
  }
}
