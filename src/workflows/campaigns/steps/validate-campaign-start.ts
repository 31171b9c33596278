import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { engineOf, type CampaignRef } from "./shared"

/** Template approved and MARKETING, or text present — before anything changes. Returns the state an undo restores. */
export const validateCampaignStartStep = createStep(
  "whatsapp-campaign-validate-start",
  async (input: CampaignRef & { scheduled_at?: string | null }, { container }) => {
    const before = await engineOf(container).validateStart(input.id, { scheduled_at: input.scheduled_at ? new Date(input.scheduled_at) : null })
    return new StepResponse(before)
  }
)
