/** The customer-service window: free-form messages are allowed for 24 h after the user's last inbound message. */
export const CUSTOMER_SERVICE_WINDOW_MS = 24 * 60 * 60 * 1000

type Instant = Date | string | null | undefined

/** When the window opened by `lastInboundAt` closes; null when there is no (valid) inbound time. */
export function windowClosesAt(lastInboundAt: Instant): Date | null {
  const at = toTime(lastInboundAt)
  return at === null ? null : new Date(at + CUSTOMER_SERVICE_WINDOW_MS)
}

/** Open strictly before the 24 h mark: conservative at the boundary, since a late free-form send fails (131047). */
export function isWindowOpen(lastInboundAt: Instant, now: Date = new Date()): boolean {
  const closesAt = windowClosesAt(lastInboundAt)
  return closesAt !== null && now.getTime() < closesAt.getTime()
}

// Strings are ISO 8601 (as stored); webhook `timestamp`s are unix seconds and must be converted first.
function toTime(value: Instant): number | null {
  if (value === null || value === undefined || value === "") {
    return null
  }
  const time = (value instanceof Date ? value : new Date(value)).getTime()
  return Number.isNaN(time) ? null : time
}

/** Meta retries a webhook for up to 7 days: a customer timestamp older than that is not a real wait. */
const WEBHOOK_RETRY_HORIZON_MS = 7 * 86_400_000

/**
 * When the customer started waiting: their own send time (a late webhook still counts the wait
 * from when they wrote), unless that timestamp cannot be a real wait — older than Meta's retry
 * horizon or later than when we stored the message (a wrong clock, a replayed body). Then the time
 * we received it. A contact once showed "waiting 539 d" for messages from today.
 */
export function waitingClockStart(receivedAt: Date | string | null | undefined, storedAt: Date | string): Date {
  const stored = new Date(storedAt)
  if (!receivedAt) return stored
  const sent = new Date(receivedAt)
  if (Number.isNaN(sent.getTime())) return stored
  const lag = stored.getTime() - sent.getTime()
  return lag < 0 || lag > WEBHOOK_RETRY_HORIZON_MS ? stored : sent
}
