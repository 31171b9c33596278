import type { CampaignSettings } from "./settings"
import type { CampaignStore } from "./store"

/** What the engine's parts (lifecycle, undo, scheduler) are given: the store, settings and the queue. */
export interface EngineContext {
  store: CampaignStore
  settings: () => Promise<CampaignSettings>
  /** Makes sure the campaign is being worked on (idempotent). */
  enqueue: (id: string) => Promise<void>
  /** The store's time zone (a campaign's own timezone wins). */
  storeTimezone: string
}
