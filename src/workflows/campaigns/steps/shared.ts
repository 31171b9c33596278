// What the campaign steps share: the ref every step takes, the engine lookup, the refusal mapping.
import { MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import type { CampaignSnapshot } from "../../../modules/whatsapp/campaigns/engine"
import { CampaignTransitionError } from "../../../modules/whatsapp/domain/campaign-rules"
import { resolveWhatsapp } from "../../../modules/whatsapp/resolve"

export interface CampaignRef {
  id: string
  /** Who asked: an admin user id, or "admin"/"scheduler". Recorded on every event. */
  actor: string
}

export const engineOf = (container: MedusaContainer) => resolveWhatsapp(container).campaigns()

/**
 * A workflow hands its caller the error serialized (a plain object), so `instanceof` no longer
 * tells a state-machine refusal from the rest: it leaves the step as a MedusaError NOT_ALLOWED.
 */
export async function refusing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof CampaignTransitionError) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, e.message)
    throw e
  }
}

/** Undo of a start/resume: what was there before, and what the step made it. */
export interface Undo {
  before: CampaignSnapshot
  now: string
  actor: string
}
