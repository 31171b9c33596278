import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { engineOf } from "./shared"

/** A draft; compensation removes it (with its events) if it is still an untouched draft. */
export const insertCampaignStep = createStep(
  "whatsapp-campaign-insert",
  async (input: { data: Record<string, unknown>; actor: string }, { container }) => {
    const campaign = await engineOf(container).create(input.data, input.actor)
    return new StepResponse(campaign, campaign.id as string)
  },
  async (id: string | undefined, { container }) => {
    if (id) await engineOf(container).discardDraft(id)
  }
)
