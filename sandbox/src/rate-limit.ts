import type { PairRateConfig } from "./config"

/** Per phone number: at most `perSecond` requests in any sliding 1 s window (Meta's mps ceiling). */
export class ThroughputLimiter {
  private hits = new Map<string, number[]>()

  take(key: string, perSecond: number, now = Date.now()): boolean {
    if (perSecond <= 0) return true
    const recent = (this.hits.get(key) ?? []).filter((t) => now - t < 1000)
    const ok = recent.length < perSecond
    if (ok) recent.push(now)
    this.hits.set(key, recent)
    return ok
  }

  clear(): void {
    this.hits.clear()
  }
}

/** Per recipient token bucket: holds `burst` tokens, one refills every `perSeconds` seconds,
 * each accepted send spends one. Defaults (6, 6 s) allow a short burst, then 1 message / 6 s. */
export class PairRateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>()

  take(key: string, cfg: PairRateConfig | false, now = Date.now()): boolean {
    if (!cfg || cfg.burst <= 0) return true
    const b = this.buckets.get(key) ?? { tokens: cfg.burst, at: now }
    const refill = cfg.perSeconds > 0 ? (now - b.at) / (cfg.perSeconds * 1000) : Infinity
    b.tokens = Math.min(cfg.burst, b.tokens + refill)
    b.at = now
    this.buckets.set(key, b)
    if (b.tokens < 1) return false
    b.tokens -= 1
    return true
  }

  clear(): void {
    this.buckets.clear()
  }
}
