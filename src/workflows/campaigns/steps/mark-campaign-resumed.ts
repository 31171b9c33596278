import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { engineOf, refusing, type CampaignRef, type Undo } from "./shared"

/** paused → running, not queued here. Compensation: paused again with the reason (and tier resume time) it had. */
export const markCampaignResumedStep = createStep(
  "whatsapp-campaign-mark-resumed",
  async (input: CampaignRef, { container }) => {
    const engine = engineOf(container)
    const before = await engine.snapshot(input.id)
    const r = await refusing(() => engine.markResumed(input.id, input.actor))
    return new StepResponse({ changed: !!r }, r ? ({ before, now: r.to, actor: input.actor } satisfies Undo) : null)
  },
  async (undo: Undo | null | undefined, { container }) => {
    if (!undo) return
    await engineOf(container).revertTransition(undo.before, undo.now, undo.actor, "resume undone: a later step of the resume failed")
  }
)
