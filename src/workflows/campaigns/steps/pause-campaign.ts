import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { engineOf, refusing, type CampaignRef } from "./shared"

/** running → paused (no-op otherwise). One step, nothing after it to fail, so no compensation. */
export const pauseCampaignStep = createStep("whatsapp-campaign-pause", async (input: CampaignRef & { reason?: string | null }, { container }) => {
  return new StepResponse(await refusing(() => engineOf(container).pause(input.id, input.actor, input.reason ?? null)))
})
