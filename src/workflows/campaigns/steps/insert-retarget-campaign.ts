import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { engineOf } from "./shared"

/** A follow-up draft to the parent's non-readers / non-repliers; compensation as for a draft. */
export const insertRetargetCampaignStep = createStep(
  "whatsapp-campaign-insert-retarget",
  async (input: { parent_id: string; criterion: "not_read" | "not_replied"; overrides?: Record<string, unknown>; actor: string }, { container }) => {
    const campaign = await engineOf(container).retarget(input.parent_id, input.criterion, input.overrides ?? {}, input.actor)
    return new StepResponse(campaign, campaign.id as string)
  },
  async (id: string | undefined, { container }) => {
    if (id) await engineOf(container).discardDraft(id)
  }
)
