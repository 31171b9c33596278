import { PencilSquare, Plus } from "@medusajs/icons"
import { Button, FocusModal, ProgressTabs, Skeleton, Text, toast } from "@medusajs/ui"
import { useEffect, useState } from "react"
import { useNavigate } from "react-router-dom"
import {
  campaignTemplateProblem,
  formatInZone,
  resolveTimeZone,
  useCampaignAction,
  useCreateCampaign,
  useUpdateCampaign,
  type WhatsappCampaign,
} from "../../lib/campaigns"
import { useNow } from "../../lib/format"
import { useTemplates } from "../../lib/notifications"
import { errorMessage, useWhatsappSettings } from "../../lib/sdk"
import { AudienceStep } from "./step-audience"
import { CtaStep } from "./step-cta"
import { MessageStep } from "./step-message"
import { ReviewStep } from "./step-review"
import { ScheduleStep } from "./step-schedule"
import { EMPTY_DRAFT, STEPS, STEP_LABELS, draftFromCampaign, scheduledInstant, stepProblems, toPayload, type CampaignDraft, type Step } from "./wizard-draft"

/**
 * The "New campaign" button and its five-step wizard: audience, message, call to action, schedule,
 * review. With `campaign` (a draft or scheduled one) it is the "Edit" button and saves changes instead.
 */
export const CreateCampaignModal = ({ campaign }: { campaign?: WhatsappCampaign } = {}) => {
  const [open, setOpen] = useState(false)
  const [step, setStep] = useState<Step>("audience")
  const [draft, setDraft] = useState<CampaignDraft>(EMPTY_DRAFT)
  const navigate = useNavigate()
  const now = useNow(30_000)
  const settings = useWhatsappSettings()
  const timeZone = resolveTimeZone(settings.data?.store_timezone)
  const storeName = settings.data?.store_name ?? null
  const create = useCreateCampaign()
  const save = useUpdateCampaign()
  const action = useCampaignAction()
  const templates = useTemplates()
  const editing = !!campaign
  /** Edit: the saved campaign goes into the wizard once its template is known. */
  const [loaded, setLoaded] = useState(false)
  useEffect(() => {
    if (!open || !campaign || loaded || (campaign.message_kind === "template" && !templates.data)) return
    const t = templates.data?.templates.find((o) => o.name === campaign.template_name && o.language === campaign.template_language) ?? null
    setDraft(draftFromCampaign(campaign, t, timeZone, new Date()))
    setLoaded(true)
  }, [open, campaign, loaded, templates.data, timeZone])
  /** Which footer button is working, for its spinner. */
  const [intent, setIntent] = useState<"draft" | "start" | null>(null)

  const update = (patch: Partial<CampaignDraft>) => setDraft((d) => ({ ...d, ...patch }))
  const ctx = {
    templateProblem: draft.template ? campaignTemplateProblem(draft.template) : null,
    now,
    timeZone,
    editingScheduled: campaign?.status === "scheduled",
  }
  const problems = Object.fromEntries(STEPS.map((s) => [s, stepProblems(s, draft, ctx)])) as Record<Step, string[]>
  const index = STEPS.indexOf(step)
  /** A step can be opened once every step before it is complete. */
  const reachable = (s: Step) => STEPS.slice(0, STEPS.indexOf(s)).every((p) => problems[p].length === 0)
  const allValid = STEPS.every((s) => problems[s].length === 0)
  const busy = create.isPending || save.isPending || action.isPending

  const reset = () => {
    setDraft(EMPTY_DRAFT)
    setStep("audience")
    setLoaded(false)
  }

  const onOpenChange = (next: boolean) => {
    if (!next && busy) return
    setOpen(next)
    if (!next) reset()
  }

  const submit = async (start: boolean) => {
    if (!allValid || busy) return
    setIntent(start ? "start" : "draft")
    try {
      await createAndMaybeStart(start)
    } finally {
      setIntent(null)
    }
  }

  const createAndMaybeStart = async (start: boolean) => {
    const at = scheduledInstant(draft, timeZone)
    let id: string
    try {
      if (campaign) {
        // A scheduled campaign keeps its state; its new time goes in with the edit.
        await save.mutateAsync({ id: campaign.id, body: toPayload(draft, timeZone) })
        id = campaign.id
      } else {
        id = (await create.mutateAsync(toPayload(draft, timeZone))).campaign.id
      }
    } catch (e) {
      toast.error(campaign ? "Couldn't save the campaign" : "Couldn't create the campaign", { description: errorMessage(e) })
      return
    }
    if (start) {
      try {
        await action.mutateAsync({ id, action: "start", scheduled_at: at ? at.toISOString() : null })
        toast.success(at ? "Campaign scheduled" : "Campaign started", {
          description: at ? `${draft.name.trim()} starts ${formatInZone(at, timeZone)}.` : draft.name.trim(),
        })
      } catch (e) {
        toast.error("Saved as a draft, but couldn't start it", { description: errorMessage(e) })
      }
    } else {
      toast.success(campaign ? "Changes saved" : "Draft saved", { description: draft.name.trim() })
    }
    setOpen(false)
    reset()
    navigate(`/whatsapp-campaigns/${id}`)
  }

  const status = (s: Step) => (s === step ? "in-progress" : STEPS.indexOf(s) < index && problems[s].length === 0 ? "completed" : "not-started")

  return (
    <FocusModal open={open} onOpenChange={onOpenChange}>
      <FocusModal.Trigger asChild>
        {editing ? (
          <Button size="small" variant="secondary">
            <PencilSquare />
            Edit
          </Button>
        ) : (
          <Button size="small" variant="secondary">
            <Plus />
            New campaign
          </Button>
        )}
      </FocusModal.Trigger>
      <FocusModal.Content>
        <ProgressTabs value={step} onValueChange={(v) => reachable(v as Step) && setStep(v as Step)} className="flex h-full flex-col overflow-hidden">
          <FocusModal.Header>
            <div className="-my-2 w-full border-l">
              <ProgressTabs.List className="flex w-full items-center justify-start">
                {STEPS.map((s) => (
                  <ProgressTabs.Trigger key={s} value={s} status={status(s)} disabled={!reachable(s)} className="max-w-[200px] truncate">
                    {STEP_LABELS[s]}
                  </ProgressTabs.Trigger>
                ))}
              </ProgressTabs.List>
            </div>
          </FocusModal.Header>
          <FocusModal.Title className="sr-only">{editing ? "Edit WhatsApp campaign" : "New WhatsApp campaign"}</FocusModal.Title>
          <FocusModal.Description className="sr-only">Create a WhatsApp marketing campaign in five steps.</FocusModal.Description>
          <FocusModal.Body className="size-full overflow-hidden">
            {editing && !loaded ? (
              <div className="mx-auto flex w-full max-w-[720px] flex-col gap-y-3 px-6 py-10">
                <Skeleton className="h-10 w-full" />
                <Skeleton className="h-32 w-full" />
              </div>
            ) : (
              STEPS.map((s) => (
                <ProgressTabs.Content key={s} value={s} className="size-full overflow-y-auto">
                  <div className={s === "message" || s === "review" ? "mx-auto w-full max-w-[1100px] px-6 py-10" : "mx-auto w-full max-w-[720px] px-6 py-10"}>
                    {s === "audience" && <AudienceStep draft={draft} update={update} />}
                    {s === "message" && <MessageStep draft={draft} update={update} storeName={storeName} />}
                    {s === "cta" && <CtaStep draft={draft} update={update} />}
                    {s === "schedule" && <ScheduleStep draft={draft} update={update} timeZone={timeZone} now={now} />}
                    {s === "review" && <ReviewStep draft={draft} update={update} timeZone={timeZone} />}
                  </div>
                </ProgressTabs.Content>
              ))
            )}
          </FocusModal.Body>
          <FocusModal.Footer>
            <div className="flex w-full items-center justify-between gap-x-4">
              <Text size="small" className="text-ui-fg-muted min-w-0 truncate">
                {problems[step][0] ?? ""}
              </Text>
              <div className="flex shrink-0 items-center gap-x-2">
                <FocusModal.Close asChild>
                  <Button size="small" variant="secondary" disabled={busy}>
                    Cancel
                  </Button>
                </FocusModal.Close>
                {index > 0 && (
                  <Button size="small" variant="secondary" disabled={busy} onClick={() => setStep(STEPS[index - 1])}>
                    Back
                  </Button>
                )}
                {step !== "review" ? (
                  <Button size="small" disabled={problems[step].length > 0} onClick={() => setStep(STEPS[index + 1])}>
                    Continue
                  </Button>
                ) : (
                  <>
                    <Button
                      size="small"
                      variant="secondary"
                      disabled={!allValid || (busy && intent !== "draft")}
                      isLoading={intent === "draft"}
                      onClick={() => submit(false)}
                    >
                      {editing ? "Save changes" : "Create draft"}
                    </Button>
                    {campaign?.status !== "scheduled" && (
                      <Button size="small" disabled={!allValid || (busy && intent !== "start")} isLoading={intent === "start"} onClick={() => submit(true)}>
                        {editing
                          ? draft.when === "later"
                            ? "Save & schedule"
                            : "Save & start"
                          : draft.when === "later"
                            ? "Create & schedule"
                            : "Create & start"}
                      </Button>
                    )}
                  </>
                )}
              </div>
            </div>
          </FocusModal.Footer>
        </ProgressTabs>
      </FocusModal.Content>
    </FocusModal>
  )
}
