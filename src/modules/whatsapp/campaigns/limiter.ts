/**
 * The global pace per business phone number. In one process: a TokenBucket shared by every
 * campaign and slot. Across processes (BullMQ): the same bucket held in Redis and updated by a
 * Lua script (atomic), so N workers on N machines together stay under the number's throughput.
 */
import { TokenBucket, pacingFor, type BucketConfig } from "../domain/rate-limit"

export interface Limiter {
  /** Resolves when one send may go. */
  acquire(): Promise<void>
  /** 130429: the platform says we are too fast. */
  penalize(): void
  setThroughput(mps: number): void
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

export class LocalLimiter implements Limiter {
  private bucket: TokenBucket
  private mps: number
  // Waiters are served in order so a slot is never starved by another.
  private queue: (() => void)[] = []
  private pumping = false

  constructor(mps: number) {
    this.mps = mps
    this.bucket = new TokenBucket(pacingFor(mps), Date.now())
  }

  setThroughput(mps: number) {
    if (mps === this.mps) return
    this.mps = mps
    this.bucket = new TokenBucket(pacingFor(mps), Date.now())
  }

  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.queue.push(resolve)
      if (!this.pumping) void this.pump()
    })
  }

  penalize() {
    this.bucket.penalize(Date.now())
  }

  private async pump() {
    this.pumping = true
    try {
      while (this.queue.length) {
        const { granted, waitMs } = this.bucket.take(this.queue.length, Date.now())
        for (let i = 0; i < granted; i++) this.queue.shift()!()
        if (!granted) await sleep(waitMs)
      }
    } finally {
      this.pumping = false
    }
  }
}

/** One limiter per phone number per process. */
const local = new Map<string, LocalLimiter>()
export function localLimiterFor(phoneNumberId: string, mps: number): LocalLimiter {
  let l = local.get(phoneNumberId)
  if (!l) local.set(phoneNumberId, (l = new LocalLimiter(mps)))
  else l.setThroughput(mps)
  return l
}

// Same arithmetic as domain/rate-limit.ts takeTokens; Redis TIME keeps every worker on one clock.
const TAKE_LUA = `
local key = KEYS[1]
local rate = tonumber(ARGV[1])
local capacity = tonumber(ARGV[2])
local want = tonumber(ARGV[3])
local penaltyMs = tonumber(ARGV[4])
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local s = redis.call('HMGET', key, 'tokens', 'at', 'slow_until')
local tokens = tonumber(s[1]) or capacity
local at = tonumber(s[2]) or now
local slowUntil = tonumber(s[3]) or 0
if penaltyMs > 0 then
  slowUntil = now + penaltyMs
  tokens = 0
end
if slowUntil > now then rate = math.max(1, rate / 2) capacity = 1 end
local elapsed = math.max(0, now - at)
tokens = math.min(capacity, tokens + elapsed * rate / 1000)
local granted = math.max(0, math.min(want, math.floor(tokens)))
tokens = tokens - granted
redis.call('HSET', key, 'tokens', tostring(tokens), 'at', tostring(now), 'slow_until', tostring(slowUntil))
redis.call('PEXPIRE', key, 60000)
local wait = 0
if granted == 0 then wait = math.ceil((1 - tokens) * 1000 / rate) end
return { granted, wait }
`

interface RedisLike {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>
}

/**
 * Takes tokens from Redis a few at a time (one round trip for up to `chunk` sends), never more
 * than are waiting, so an idle worker does not hoard tokens another could use.
 */
export class RedisLimiter implements Limiter {
  private cfg: BucketConfig
  private waiters: (() => void)[] = []
  private pumping = false
  private penalty = false

  constructor(
    private readonly redis: RedisLike,
    private readonly key: string,
    mps: number,
    private readonly chunk = 16
  ) {
    this.cfg = pacingFor(mps)
  }

  setThroughput(mps: number) {
    this.cfg = pacingFor(mps)
  }

  penalize() {
    this.penalty = true
  }

  acquire(): Promise<void> {
    return new Promise((resolve) => {
      this.waiters.push(resolve)
      if (!this.pumping) void this.pump()
    })
  }

  private async pump() {
    this.pumping = true
    try {
      while (this.waiters.length) {
        const want = Math.min(this.waiters.length, this.chunk, this.cfg.capacity)
        const penaltyMs = this.penalty ? 5000 : 0
        this.penalty = false
        let granted = 0
        let wait = 50
        try {
          const r = (await this.redis.eval(TAKE_LUA, 1, this.key, this.cfg.ratePerSecond, this.cfg.capacity, want, penaltyMs)) as [number, number]
          granted = Number(r[0])
          wait = Number(r[1])
        } catch {
          // Redis unreachable: wait and try again rather than send unpaced.
        }
        for (let i = 0; i < granted; i++) this.waiters.shift()!()
        if (!granted) await sleep(Math.max(1, wait))
      }
    } finally {
      this.pumping = false
    }
  }
}

/** One RedisLimiter per (key) in a process, so local waiters are batched into shared round trips. */
const redisLimiters = new Map<string, RedisLimiter>()
export class RedisLimiterCache {
  constructor(
    private readonly redis: any,
    private readonly key: string
  ) {}
  get(mps: number): RedisLimiter {
    let l = redisLimiters.get(this.key)
    if (!l) redisLimiters.set(this.key, (l = new RedisLimiter(this.redis, this.key, mps)))
    else l.setThroughput(mps)
    return l
  }
}
