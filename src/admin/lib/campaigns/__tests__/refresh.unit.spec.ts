import { AFTER_END_REFRESH_MS, LIVE_REFRESH_MS, SCHEDULED_REFRESH_MS, attributionClosesAt, campaignRefreshInterval } from "../refresh"

const base = {
  status: "completed" as const,
  frozen_at: "2026-12-01T09:00:00.000Z",
  finished_at: "2026-12-01T10:00:00.000Z",
  attribution_window_days: 7,
}
const at = (iso: string) => new Date(iso)

describe("campaignRefreshInterval", () => {
  it("polls fast while running and slower while scheduled", () => {
    expect(campaignRefreshInterval({ ...base, status: "running", finished_at: null }, at("2026-12-01T09:30:00Z"))).toBe(LIVE_REFRESH_MS)
    expect(campaignRefreshInterval({ ...base, status: "scheduled", frozen_at: null, finished_at: null }, at("2026-11-30T00:00:00Z"))).toBe(SCHEDULED_REFRESH_MS)
  })

  it("keeps polling after completion until the attribution window closes", () => {
    expect(campaignRefreshInterval(base, at("2026-12-01T10:00:01Z"))).toBe(AFTER_END_REFRESH_MS)
    expect(campaignRefreshInterval(base, at("2026-12-08T09:59:59Z"))).toBe(AFTER_END_REFRESH_MS)
    expect(campaignRefreshInterval(base, at("2026-12-08T10:00:00Z"))).toBe(false)
    expect(campaignRefreshInterval(base, at("2027-01-01T00:00:00Z"))).toBe(false)
  })

  it("uses the campaign's own window", () => {
    const oneDay = { ...base, attribution_window_days: 1 }
    expect(campaignRefreshInterval(oneDay, at("2026-12-02T09:59:00Z"))).toBe(AFTER_END_REFRESH_MS)
    expect(campaignRefreshInterval(oneDay, at("2026-12-02T10:01:00Z"))).toBe(false)
    expect(attributionClosesAt({ ...base, attribution_window_days: 0 })?.toISOString()).toBe("2026-12-01T10:00:00.000Z")
  })

  it("also covers canceled and failed campaigns that sent something", () => {
    expect(campaignRefreshInterval({ ...base, status: "canceled" }, at("2026-12-02T00:00:00Z"))).toBe(AFTER_END_REFRESH_MS)
    expect(campaignRefreshInterval({ ...base, status: "failed" }, at("2026-12-02T00:00:00Z"))).toBe(AFTER_END_REFRESH_MS)
  })

  it("does not poll drafts, paused campaigns, campaigns that never started, or nothing", () => {
    const now = at("2026-12-02T00:00:00Z")
    expect(campaignRefreshInterval({ ...base, status: "draft", frozen_at: null, finished_at: null }, now)).toBe(false)
    expect(campaignRefreshInterval({ ...base, status: "paused", finished_at: null }, now)).toBe(false)
    expect(campaignRefreshInterval({ ...base, status: "canceled", frozen_at: null }, now)).toBe(false)
    expect(campaignRefreshInterval({ ...base, finished_at: "not a date" }, now)).toBe(false)
    expect(campaignRefreshInterval(null, now)).toBe(false)
  })
})
