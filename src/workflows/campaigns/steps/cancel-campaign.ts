import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { engineOf, refusing, type CampaignRef } from "./shared"

/** → canceled, queued recipients skipped. Terminal: the state machine has no way back, so no compensation. */
export const cancelCampaignStep = createStep("whatsapp-campaign-cancel", async (input: CampaignRef & { reason?: string | null }, { container }) => {
  return new StepResponse(await refusing(() => engineOf(container).cancel(input.id, input.actor, input.reason ?? null)))
})
