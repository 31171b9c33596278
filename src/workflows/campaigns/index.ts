/**
 * The campaign lifecycle as Medusa workflows: each step wraps one engine call
 * (src/modules/whatsapp/campaigns/engine.ts) and knows how to undo it, so a failure part-way
 * — the enqueue, or a project's hook handler throwing — leaves the campaign as it was, with an
 * event saying so. The admin routes run these; the scheduler job still calls engine.tick().
 */
import { createHook, createWorkflow, transform, WorkflowResponse } from "@medusajs/framework/workflows-sdk"
import {
  cancelCampaignStep,
  enqueueCampaignStep,
  freezeCampaignAudienceStep,
  insertCampaignStep,
  insertRetargetCampaignStep,
  markCampaignResumedStep,
  pauseCampaignStep,
  validateCampaignStartStep,
  type CampaignRef,
} from "./steps"

export * from "./steps"
export { campaignHttpError } from "./errors"

export interface CreateCampaignInput {
  /** The validated body of POST /admin/whatsapp/campaigns. */
  data: Record<string, unknown>
  actor: string
}

/** A draft. Hook `campaignCreated` ({ campaign }): a handler that throws removes the draft again. */
export const createCampaignWorkflow = createWorkflow("whatsapp-create-campaign", (input: CreateCampaignInput) => {
  const campaign = insertCampaignStep(input)
  const campaignCreated = createHook("campaignCreated", { campaign })
  return new WorkflowResponse(campaign, { hooks: [campaignCreated] })
})

export interface StartCampaignInput extends CampaignRef {
  /** ISO time; in the future it only schedules the campaign. */
  scheduled_at?: string | null
}

/**
 * validate → freeze the audience and go running (or scheduled) → hook → enqueue. Hook
 * `campaignStarted` ({ campaign_id, status, audience_count, changed }) runs before any send is
 * queued; if it or the enqueue throws, the campaign goes back to its previous state and its frozen
 * recipients are removed, recorded as an event.
 */
export const startCampaignWorkflow = createWorkflow("whatsapp-start-campaign", (input: StartCampaignInput) => {
  const before = validateCampaignStartStep(input)
  const started = freezeCampaignAudienceStep({ input, before })
  const campaignStarted = createHook("campaignStarted", {
    campaign_id: started.id,
    status: started.status,
    audience_count: started.audience_count,
    changed: started.changed,
  })
  // A campaign that was only scheduled is queued by the scheduler tick when its time comes.
  const enqueue = transform({ started }, ({ started }) => ({ id: started.id, enqueue: started.status !== "scheduled" }))
  const campaign = enqueueCampaignStep(enqueue)
  return new WorkflowResponse(campaign, { hooks: [campaignStarted] })
})

/** running → paused (a no-op in any other state, as before). */
export const pauseCampaignWorkflow = createWorkflow("whatsapp-pause-campaign", (input: CampaignRef & { reason?: string | null }) => {
  return new WorkflowResponse(pauseCampaignStep(input))
})

/** paused → running → enqueue; if the enqueue fails it is paused again with the reason it had. */
export const resumeCampaignWorkflow = createWorkflow("whatsapp-resume-campaign", (input: CampaignRef) => {
  const resumed = markCampaignResumedStep(input)
  const enqueue = transform({ input, resumed }, ({ input, resumed }) => ({ id: input.id, enqueue: resumed.changed }))
  return new WorkflowResponse(enqueueCampaignStep(enqueue))
})

/** → canceled; queued recipients are skipped. */
export const cancelCampaignWorkflow = createWorkflow("whatsapp-cancel-campaign", (input: CampaignRef & { reason?: string | null }) => {
  return new WorkflowResponse(cancelCampaignStep(input))
})

export interface RetargetCampaignInput {
  parent_id: string
  criterion: "not_read" | "not_replied"
  /** Fields that differ from the parent (name, message…), as engine.retarget takes them. */
  overrides?: Record<string, unknown>
  actor: string
}

/** A follow-up draft to the parent's recipients who did not read / reply. Hook `campaignCreated` as for create. */
export const retargetCampaignWorkflow = createWorkflow("whatsapp-retarget-campaign", (input: RetargetCampaignInput) => {
  const campaign = insertRetargetCampaignStep(input)
  const campaignCreated = createHook("campaignCreated", { campaign })
  return new WorkflowResponse(campaign, { hooks: [campaignCreated] })
})
