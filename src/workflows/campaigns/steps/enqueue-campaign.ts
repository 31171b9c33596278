import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { engineOf } from "./shared"

/**
 * Makes sure workers take the campaign (idempotent). Last, with nothing to undo: if it throws,
 * the steps before it are compensated. Returns the campaign as it now is.
 */
export const enqueueCampaignStep = createStep("whatsapp-campaign-enqueue", async ({ id, enqueue }: { id: string; enqueue: boolean }, { container }) => {
  const engine = engineOf(container)
  if (enqueue) await engine.enqueue(id)
  return new StepResponse(await engine.get(id))
})
