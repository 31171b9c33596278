import { createStep, StepResponse } from "@medusajs/framework/workflows-sdk"
import { MedusaError } from "@medusajs/framework/utils"
import type { MedusaContainer } from "@medusajs/framework/types"
import { WHATSAPP_MODULE } from "../../modules/whatsapp"
import type WhatsappModuleService from "../../modules/whatsapp/service"
import type { CampaignSnapshot } from "../../modules/whatsapp/campaigns/engine"
import { CampaignTransitionError } from "../../modules/whatsapp/domain/campaign-rules"
import { resolveWhatsapp } from "../../modules/whatsapp/resolve"

export interface CampaignRef {
  id: string
  /** Who asked: an admin user id, or "admin"/"scheduler". Recorded on every event. */
  actor: string
}

const engineOf = (container: MedusaContainer) => (resolveWhatsapp(container)).campaigns()

/**
 * A workflow hands its caller the error serialized (a plain object), so `instanceof` no longer
 * tells a state-machine refusal from the rest: it leaves the step as a MedusaError NOT_ALLOWED.
 */
async function refusing<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    if (e instanceof CampaignTransitionError) throw new MedusaError(MedusaError.Types.NOT_ALLOWED, e.message)
    throw e
  }
}

/** Undo of a start/resume: what was there before, and what the step made it. */
interface Undo {
  before: CampaignSnapshot
  now: string
  actor: string
}

// ---------------------------------------------------------------- create / retarget

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

// ---------------------------------------------------------------- start / resume

/** Template approved and MARKETING, or text present — before anything changes. Returns the state an undo restores. */
export const validateCampaignStartStep = createStep(
  "whatsapp-campaign-validate-start",
  async (input: CampaignRef & { scheduled_at?: string | null }, { container }) => {
    const before = await engineOf(container).validateStart(input.id, { scheduled_at: input.scheduled_at ? new Date(input.scheduled_at) : null })
    return new StepResponse(before)
  }
)

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

/**
 * Makes sure workers take the campaign (idempotent). Last, with nothing to undo: if it throws,
 * the steps before it are compensated. Returns the campaign as it now is.
 */
export const enqueueCampaignStep = createStep(
  "whatsapp-campaign-enqueue",
  async ({ id, enqueue }: { id: string; enqueue: boolean }, { container }) => {
    const engine = engineOf(container)
    if (enqueue) await engine.enqueue(id)
    return new StepResponse(await engine.get(id))
  }
)

// ---------------------------------------------------------------- pause / cancel

/** running → paused (no-op otherwise). One step, nothing after it to fail, so no compensation. */
export const pauseCampaignStep = createStep("whatsapp-campaign-pause", async (input: CampaignRef & { reason?: string | null }, { container }) => {
  return new StepResponse(await refusing(() => engineOf(container).pause(input.id, input.actor, input.reason ?? null)))
})

/** → canceled, queued recipients skipped. Terminal: the state machine has no way back, so no compensation. */
export const cancelCampaignStep = createStep("whatsapp-campaign-cancel", async (input: CampaignRef & { reason?: string | null }, { container }) => {
  return new StepResponse(await refusing(() => engineOf(container).cancel(input.id, input.actor, input.reason ?? null)))
})
