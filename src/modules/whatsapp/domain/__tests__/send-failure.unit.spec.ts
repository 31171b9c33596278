import { classifyWhatsAppError } from "../errors"
import { decideSendFailure, type SendFailureInput } from "../send-failure"

const input = (code: number, attempts = 1, over: Partial<SendFailureInput> = {}): SendFailureInput => ({
  code,
  classification: classifyWhatsAppError(code),
  attempts,
  max_attempts: 3,
  pair_rate_interval_ms: 6000,
  ...over,
})
const noJitter = () => 0.5

describe("decideSendFailure", () => {
  it("retries a throttled send with backoff and slows the limiter on 130429", () => {
    const d = decideSendFailure(input(130429, 1), noJitter)
    expect(d).toMatchObject({ status: "queued", final: false, penalize_limiter: true, counts_as_error: false, stop_campaign: false })
    // full jitter over min(60s, 1000·2^1) = 2000 → 1000, plus the fixed 250
    expect(d.retry_in_ms).toBe(1250)
  })

  it("waits the pair-rate interval, not a backoff, on 131056", () => {
    const d = decideSendFailure(input(131056, 1), noJitter)
    expect(d).toMatchObject({ status: "queued", retry_in_ms: 6000, penalize_limiter: false })
  })

  it("fails for good once attempts reach max_attempts", () => {
    const d = decideSendFailure(input(130429, 3), noJitter)
    expect(d).toMatchObject({ status: "failed", final: true, retry_in_ms: null })
  })

  it("fails a non-retryable recipient error at once and counts it against the error rate", () => {
    const d = decideSendFailure(input(131026, 1))
    expect(d.status).toBe("failed")
    expect(d.final).toBe(true)
    expect(d.counts_as_error).toBe(true)
  })

  it("fails 131062 (message type not allowed for a BSUID) for good, says why, and does not count toward auto-pause", () => {
    const d = decideSendFailure(input(131062, 1))
    expect(d).toMatchObject({ status: "failed", final: true, retry_in_ms: null, counts_as_error: false, stop_campaign: false, opt_out: false })
    expect(d.reason).toMatch(/^131062: BSUID recipient not supported/)
    expect(d.reason).toContain("need a phone number")
  })

  it("revokes marketing consent on 131050", () => {
    const d = decideSendFailure(input(131050, 1))
    expect(d.opt_out).toBe(true)
    expect(d.status).toBe("failed")
  })

  it("requeues without delay and pauses the template when the template is the problem", () => {
    const c = classifyWhatsAppError(132015)
    expect(c.effect).toBe("pause_template")
    const d = decideSendFailure(input(132015, 5))
    expect(d).toMatchObject({ status: "queued", retry_in_ms: null, final: false, pause_template: true, stop_campaign: false })
  })

  it("stops the campaign on an account-level error", () => {
    const code = [131031, 131042, 368].find((c) => ["pause_campaign", "alert_merchant"].includes(classifyWhatsAppError(c).effect))!
    const d = decideSendFailure(input(code, 1))
    expect(d.stop_campaign).toBe(true)
    expect(d.reason).toBe(`${code}: ${classifyWhatsAppError(code).title}`)
  })

  it("names an error without a code", () => {
    const d = decideSendFailure({ ...input(130429), code: null })
    expect(d.reason.startsWith("error: ")).toBe(true)
  })
})
