import { campaignQueueEnv } from "../queue-env"

describe("campaignQueueEnv (WHATSAPP_REDIS_PREFIX, WHATSAPP_CAMPAIGN_LOCK_MS, WHATSAPP_CAMPAIGN_STALLED_MS)", () => {
  it("leaves everything to the defaults when unset or blank", () => {
    expect(campaignQueueEnv({})).toEqual({ prefix: undefined, lockDurationMs: undefined, stalledIntervalMs: undefined })
    expect(campaignQueueEnv({ WHATSAPP_REDIS_PREFIX: " ", WHATSAPP_CAMPAIGN_LOCK_MS: "" })).toEqual({
      prefix: undefined,
      lockDurationMs: undefined,
      stalledIntervalMs: undefined,
    })
  })

  it("reads the prefix and the two intervals", () => {
    expect(campaignQueueEnv({ WHATSAPP_REDIS_PREFIX: "shop-2:wa", WHATSAPP_CAMPAIGN_LOCK_MS: "3000", WHATSAPP_CAMPAIGN_STALLED_MS: " 1000 " })).toEqual({
      prefix: "shop-2:wa",
      lockDurationMs: 3000,
      stalledIntervalMs: 1000,
    })
  })

  it.each([
    [{ WHATSAPP_CAMPAIGN_LOCK_MS: "abc" }, "WHATSAPP_CAMPAIGN_LOCK_MS"],
    [{ WHATSAPP_CAMPAIGN_LOCK_MS: "10" }, "WHATSAPP_CAMPAIGN_LOCK_MS"],
    [{ WHATSAPP_CAMPAIGN_STALLED_MS: "1.5" }, "WHATSAPP_CAMPAIGN_STALLED_MS"],
    [{ WHATSAPP_REDIS_PREFIX: "has space" }, "WHATSAPP_REDIS_PREFIX"],
  ])("refuses %j, naming the variable", (env, name) => {
    expect(() => campaignQueueEnv(env)).toThrow(name)
  })
})
