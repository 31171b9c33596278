import { runBatch, type PipelineDeps } from "../pipeline"
import { DEFAULT_CAMPAIGN_SETTINGS, type CampaignSettings } from "../settings"
import type { ClaimedRecipient, PipelineStore, SendRecord, TransitionOptions } from "../store"

// runBatch against an in-memory PipelineStore: the phases and what they ask of the store,
// without Postgres (the integration specs cover the SQL itself).

const recipient = (n: number): ClaimedRecipient => ({
  id: `rcp_${n}`,
  contact_id: `ct_${n}`,
  customer_id: null,
  wa_id: `6670000000${n}`,
  seq: n,
  attempts: 1,
  idempotency_key: `campaign:c:ct_${n}`,
  marketing_consent: "granted",
  last_inbound_at: null,
  last_outbound_at: null,
  timezone: null,
  first_name: null,
  last_name: null,
  email: null,
})

class FakeStore implements PipelineStore {
  claimed = 0
  recorded: SendRecord[] = []
  transitions: { to: string; reason: string | null }[] = []
  usage: { reached: number; oldest: Date | null } = { reached: 0, oldest: null }

  constructor(
    public campaign: any,
    public queued: ClaimedRecipient[]
  ) {}

  transaction<T>(fn: (tx: this) => Promise<T>): Promise<T> {
    return fn(this)
  }
  async getCampaign(id: string) {
    return this.campaign?.id === id ? this.campaign : null
  }
  async transition(_id: string, to: any, _actor: string, reason: string | null, opts: TransitionOptions<this> = {}) {
    const from = this.campaign.status
    if (from === to || (opts.from && !opts.from.includes(from))) return null
    this.campaign = { ...this.campaign, status: to, ...opts.patch }
    this.transitions.push({ to, reason })
    return { from, to }
  }
  async runGeneration() {
    return 0
  }
  async lockCampaignForClaim() {
    return this.campaign?.status
  }
  async lockMessagingTier() {}
  async tierUsage() {
    return this.usage
  }
  async claimBatch(_campaignId: string, _workerId: string, limit: number) {
    this.claimed++
    return this.queued.splice(0, limit)
  }
  async recoverExpiredClaims() {
    return { sent: 0, failed: 0, requeued: 0 }
  }
  async recentMarketingCounts() {
    return new Map<string, number>()
  }
  async insertPendingMessages(rows: { key: string; contact_id: string }[]) {
    return new Map(rows.map((r) => [r.key, { id: `msg_${r.contact_id}`, status: "pending", wamid: null, contact_id: r.contact_id }]))
  }
  async recordBatch(records: SendRecord[]) {
    this.recorded.push(...records)
  }
  async setMarketingConsentRevoked() {}
  async remaining() {
    return { due: this.queued.length, deferred: 0, next_at: null, sending: 0 }
  }
}

const settings: CampaignSettings = { ...DEFAULT_CAMPAIGN_SETTINGS, messaging_tier: null, frequency_cap: null, pair_rate_interval_ms: 0 }

function depsFor(store: FakeStore, s: CampaignSettings = settings) {
  const sent: string[] = []
  const deps: PipelineDeps = {
    store,
    provider: () =>
      ({
        send: async (req: { to: string }) => {
          sent.push(req.to)
          return { wamid: `wamid.${req.to}` }
        },
      }) as any,
    limiter: () => ({ acquire: async () => {}, penalize() {}, setThroughput() {} }),
    settings: async () => s,
    storeTimezone: "Asia/Bangkok",
    workerId: "test-worker",
  }
  return { deps, sent }
}

const campaign = (id: string, status = "running") => ({ id, status, message_kind: "template", template_name: "summer_promo", template_language: "en" })

describe("runBatch with an in-memory store", () => {
  it("sends a claimed batch, records each accepted send, then completes when nothing is left", async () => {
    const store = new FakeStore(campaign("c_send"), [recipient(1), recipient(2)])
    const { deps, sent } = depsFor(store)

    expect(await runBatch(deps, "c_send")).toEqual({ next: "continue", processed: 2 })
    expect(sent.sort()).toEqual(["66700000001", "66700000002"])
    expect(store.recorded.filter((r) => r.status === "sent").map((r) => r.wamid)).toEqual(expect.arrayContaining(["wamid.66700000001", "wamid.66700000002"]))

    expect(await runBatch(deps, "c_send")).toEqual({ next: "stop", why: "completed" })
    expect(store.transitions).toEqual([{ to: "completed", reason: null }])
  })

  it("stops without claiming when the campaign is not running", async () => {
    const store = new FakeStore(campaign("c_paused", "paused"), [recipient(1)])
    const { deps, sent } = depsFor(store)

    expect(await runBatch(deps, "c_paused")).toEqual({ next: "stop", why: "paused" })
    expect(store.claimed).toBe(0)
    expect(sent).toEqual([])
  })

  it("pauses at the messaging tier until its window has room, without claiming", async () => {
    const store = new FakeStore(campaign("c_tier"), [recipient(1)])
    const oldest = new Date(Date.now() - 60 * 60 * 1000)
    store.usage = { reached: 250, oldest }
    const { deps, sent } = depsFor(store, { ...settings, messaging_tier: 250 })

    expect(await runBatch(deps, "c_tier")).toEqual({ next: "stop", why: "tier_limit" })
    expect(store.claimed).toBe(0)
    expect(sent).toEqual([])
    expect(store.campaign.status).toBe("paused")
    expect(store.campaign.resume_after).toEqual(new Date(oldest.getTime() + 24 * 60 * 60 * 1000))
    expect(store.transitions[0].reason).toBe("tier_limit: 250 unique users per 24 h reached")
  })
})
