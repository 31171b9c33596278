import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import type { CampaignSnapshot } from "../../../modules/whatsapp/campaigns/engine"
import { engineOf, refusing, type CampaignRef, type Undo } from "./shared"

export interface StartedCampaign {
  id: string
  status: string
  audience_count: number
  /** false: the campaign was already past draft/scheduled, nothing changed. */
  changed: boolean
}

/**
 * draft|scheduled → running with the audience frozen in one transaction, or → scheduled for a
 * future time. Not queued here. Compensation: back to the state before, frozen recipients removed.
 */
export const freezeCampaignAudienceStep = createStep(
  "whatsapp-campaign-freeze-audience",
  async ({ input, before }: { input: CampaignRef & { scheduled_at?: string | null }; before: CampaignSnapshot }, { container }) => {
    const c = await refusing(() =>
      engineOf(container).start(input.id, input.actor, { scheduled_at: input.scheduled_at ? new Date(input.scheduled_at) : null, enqueue: false })
    )
    const changed = c.status !== before.status
    const out: StartedCampaign = { id: c.id, status: c.status, audience_count: Number(c.audience_count ?? 0), changed }
    return new StepResponse(out, changed ? ({ before, now: c.status, actor: input.actor } satisfies Undo) : null)
  },
  async (undo: Undo | null | undefined, { container }) => {
    if (!undo) return
    await engineOf(container).revertTransition(undo.before, undo.now, undo.actor, "start undone: a later step of the start failed", {
      unfreeze: undo.now === "running",
    })
  }
)
