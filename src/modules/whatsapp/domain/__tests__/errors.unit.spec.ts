import { backoffDelay, classifyWhatsAppError, KNOWN_ERROR_CODES, type ErrorClassification } from "../errors"

type Expected = Pick<ErrorClassification, "retryable" | "retry" | "effect" | "scope">

const retry = (r: Expected["retry"], scope: Expected["scope"]): Expected => ({ retryable: true, retry: r, effect: "none", scope })
const noRetry = (effect: Expected["effect"], scope: Expected["scope"]): Expected => ({ retryable: false, retry: "none", effect, scope })

// Every code from the notes' table, spelled out so a change to the table must change a test.
const EXPECTED: Record<number, Expected> = {
  130429: retry("backoff", "phone_number"),
  131056: retry("per_recipient_later", "recipient"),
  131048: noRetry("pause_campaign", "phone_number"),
  131000: retry("backoff", "message"),
  131016: retry("backoff", "account"),
  131057: retry("later", "account"),
  131026: noRetry("invalid_recipient", "recipient"),
  131047: noRetry("use_template", "recipient"),
  131049: noRetry("none", "recipient"),
  131050: noRetry("opt_out_marketing", "recipient"),
  131062: noRetry("invalid_recipient", "recipient"),
  131051: noRetry("fix_request", "message"),
  131008: noRetry("fix_request", "message"),
  131009: noRetry("fix_request", "message"),
  100: noRetry("fix_request", "message"),
  132000: noRetry("fix_request", "template"),
  132001: noRetry("fix_request", "template"),
  132005: noRetry("fix_request", "message"),
  132007: noRetry("fix_request", "message"),
  132012: noRetry("fix_request", "message"),
  132015: noRetry("pause_template", "template"),
  132016: noRetry("pause_template", "template"),
  133010: noRetry("alert_merchant", "phone_number"),
  190: noRetry("alert_merchant", "account"),
  80007: retry("later", "account"),
  368: noRetry("alert_merchant", "account"),
  // Graph-wide codes beyond the notes
  0: noRetry("alert_merchant", "account"),
  2: retry("backoff", "account"),
  4: retry("later", "account"),
  10: noRetry("alert_merchant", "account"),
}

describe("classifyWhatsAppError", () => {
  it.each(Object.entries(EXPECTED).map(([code, expected]) => [Number(code), expected] as const))("code %i", (code, expected) => {
    const classification = classifyWhatsAppError(code)
    expect(classification).toMatchObject({ code, ...expected })
    expect(classification.title).not.toBe("Unknown error")
    expect(classification.meaning.length).toBeGreaterThan(10)
  })

  it("has exactly the tested codes", () => {
    expect([...KNOWN_ERROR_CODES].sort((a, b) => a - b)).toEqual(
      Object.keys(EXPECTED)
        .map(Number)
        .sort((a, b) => a - b)
    )
  })

  it("keeps retryable consistent with retry", () => {
    for (const code of KNOWN_ERROR_CODES) {
      const c = classifyWhatsAppError(code)
      expect(c.retryable).toBe(c.retry !== "none")
    }
  })

  it("decides on code, not HTTP status", () => {
    expect(classifyWhatsAppError(130429, { httpStatus: 400 }).retryable).toBe(true)
    expect(classifyWhatsAppError(130429, { httpStatus: 429 }).retryable).toBe(true)
    expect(classifyWhatsAppError(132001, { httpStatus: 500 }).retryable).toBe(false)
    expect(classifyWhatsAppError(131047, { transport: true }).retryable).toBe(false)
  })

  it("treats transport failures and 5xx without a code as retryable transport", () => {
    for (const opts of [{ transport: true }, { httpStatus: 500 }, { httpStatus: 502 }, { httpStatus: 503 }]) {
      expect(classifyWhatsAppError(undefined, opts)).toEqual({
        title: "Transport failure",
        retryable: true,
        retry: "backoff",
        effect: "none",
        scope: "message",
        meaning: expect.stringContaining("network"),
      })
    }
  })

  it("does not retry a 4xx without a code (not even 429: no Graph body, no decision)", () => {
    for (const httpStatus of [400, 401, 404, 429]) {
      const c = classifyWhatsAppError(undefined, { httpStatus })
      expect(c).toMatchObject({ retryable: false, retry: "none", effect: "none" })
      expect(c.meaning).toContain(`HTTP ${httpStatus}`)
    }
    expect(classifyWhatsAppError(undefined).retryable).toBe(false)
  })

  it("does not retry unknown codes and says so", () => {
    const c = classifyWhatsAppError(999999, { httpStatus: 503 })
    expect(c).toMatchObject({ code: 999999, retryable: false, retry: "none", effect: "none" })
    expect(c.meaning).toMatch(/unknown/i)
    expect(c.meaning).toContain("999999")
  })

  it("returns a fresh object each time", () => {
    const a = classifyWhatsAppError(130429)
    a.retryable = false
    expect(classifyWhatsAppError(130429).retryable).toBe(true)
  })
})

describe("backoffDelay", () => {
  const opts = { baseMs: 100, maxMs: 5000 }

  it("grows exponentially up to the cap (random → just under 1)", () => {
    const top = () => 0.999999
    expect([0, 1, 2, 3, 4, 5, 6, 10, 100].map((n) => backoffDelay(n, { ...opts, random: top }))).toEqual([99, 199, 399, 799, 1599, 3199, 4999, 4999, 4999])
  })

  it("uses full jitter: anywhere from 0 to the ceiling", () => {
    expect(backoffDelay(3, { ...opts, random: () => 0 })).toBe(0)
    expect(backoffDelay(3, { ...opts, random: () => 0.5 })).toBe(400)
  })

  it("never exceeds the cap even for huge attempts", () => {
    expect(backoffDelay(5000, { ...opts, random: () => 0.999999 })).toBe(4999)
  })

  it("treats negative, fractional and NaN attempts sanely", () => {
    const half = () => 0.5
    expect(backoffDelay(-3, { ...opts, random: half })).toBe(50)
    expect(backoffDelay(Number.NaN, { ...opts, random: half })).toBe(50)
    expect(backoffDelay(2.9, { ...opts, random: half })).toBe(200)
  })

  it("stays within bounds with the default random", () => {
    for (let i = 0; i < 200; i++) {
      const delay = backoffDelay(4, opts)
      expect(delay).toBeGreaterThanOrEqual(0)
      expect(delay).toBeLessThan(1600)
    }
  })
})
