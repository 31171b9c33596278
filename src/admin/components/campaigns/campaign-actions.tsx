import { ArrowUturnLeft, Pause, PlaySolid, Trash, XCircle } from "@medusajs/icons"
import { Button, Label, Prompt, Textarea, toast, usePrompt } from "@medusajs/ui"
import { useState } from "react"
import { useNavigate } from "react-router-dom"
import {
  CAMPAIGN_ACTIONS,
  formatInZone,
  resolveTimeZone,
  useCampaignAction,
  useDeleteCampaign,
  type CampaignAction,
  type WhatsappCampaign,
} from "../../lib/campaigns"
import { errorMessage } from "../../lib/sdk"
import { CreateCampaignModal } from "./create-campaign-modal"
import { RetargetDrawer } from "./retarget-drawer"

type Props = {
  campaign: WhatsappCampaign
  /** Recipients who got the message, for the retarget counts. */
  stats: { sent: number; read: number; replied: number }
  /** Shown in the start confirmation. */
  expectedRecipients?: number | null
  now: Date
}

const PAST_TENSE: Record<CampaignAction, string> = {
  start: "Campaign started",
  pause: "Campaign paused",
  resume: "Campaign resumed",
  cancel: "Campaign canceled",
  unschedule: "Campaign unscheduled: it is a draft again",
}

/** What the merchant may do in the campaign's state: edit, delete, start/schedule, unschedule, pause, resume, cancel (confirmed), retarget. */
export const CampaignActions = ({ campaign, stats, expectedRecipients, now }: Props) => {
  const mutation = useCampaignAction()
  const remove = useDeleteCampaign()
  const navigate = useNavigate()
  const prompt = usePrompt()
  const [cancelOpen, setCancelOpen] = useState(false)
  const allowed = CAMPAIGN_ACTIONS[campaign.status] ?? []
  const pending = mutation.isPending ? mutation.variables?.action : null
  const timeZone = resolveTimeZone(campaign.timezone)
  const plannedAt = campaign.scheduled_at && new Date(campaign.scheduled_at).getTime() > now.getTime() ? campaign.scheduled_at : null

  const run = async (action: CampaignAction, extra: { reason?: string | null; scheduled_at?: string | null } = {}) => {
    try {
      const { campaign: updated } = await mutation.mutateAsync({ id: campaign.id, action, ...extra })
      toast.success(action === "start" && updated.status === "scheduled" ? "Campaign scheduled" : PAST_TENSE[action], { description: campaign.name })
      return true
    } catch (e) {
      toast.error(`Couldn't ${action} the campaign`, { description: errorMessage(e) })
      return false
    }
  }

  const start = async (at: string | null) => {
    const who = expectedRecipients != null ? `${expectedRecipients.toLocaleString()} customers with marketing consent` : "the audience"
    const ok = await prompt({
      title: at ? "Schedule campaign?" : "Start sending now?",
      description: at
        ? `“${campaign.name}” will start sending to ${who} on ${formatInZone(at, timeZone)}. The audience is frozen then.`
        : `“${campaign.name}” will start sending to ${who} right away. The audience is frozen now.`,
      confirmText: at ? "Schedule" : "Start sending",
      cancelText: "Not yet",
      variant: "confirmation",
    })
    if (ok) await run("start", { scheduled_at: at })
  }

  const del = async () => {
    const ok = await prompt({
      title: "Delete draft?",
      description: `“${campaign.name}” will be removed. Nothing was sent from it.`,
      confirmText: "Delete",
      cancelText: "Keep it",
      variant: "danger",
    })
    if (!ok) return
    try {
      await remove.mutateAsync(campaign.id)
      toast.success("Draft deleted", { description: campaign.name })
      navigate("/whatsapp-campaigns")
    } catch (e) {
      toast.error("Couldn't delete the draft", { description: errorMessage(e) })
    }
  }

  const unschedule = async () => {
    const ok = await prompt({
      title: "Unschedule campaign?",
      description: `“${campaign.name}” will not start by itself; it becomes a draft you can edit and start or schedule again.`,
      confirmText: "Unschedule",
      cancelText: "Keep schedule",
      variant: "confirmation",
    })
    if (ok) await run("unschedule")
  }

  const canRetarget =
    stats.sent > 0 &&
    (campaign.status === "running" ||
      campaign.status === "paused" ||
      campaign.status === "completed" ||
      campaign.status === "canceled" ||
      campaign.status === "failed")

  return (
    <div className="flex flex-wrap items-center gap-2">
      {canRetarget && <RetargetDrawer campaign={campaign} stats={stats} />}
      {campaign.status === "draft" && (
        <Button size="small" variant="secondary" disabled={!!pending || remove.isPending} isLoading={remove.isPending} onClick={del}>
          <Trash />
          Delete
        </Button>
      )}
      {(campaign.status === "draft" || campaign.status === "scheduled") && <CreateCampaignModal campaign={campaign} />}
      {allowed.includes("unschedule") && (
        <Button size="small" variant="secondary" disabled={!!pending} isLoading={pending === "unschedule"} onClick={unschedule}>
          <ArrowUturnLeft />
          Unschedule
        </Button>
      )}
      {allowed.includes("cancel") && (
        <Button size="small" variant="secondary" disabled={!!pending} isLoading={pending === "cancel"} onClick={() => setCancelOpen(true)}>
          <XCircle />
          Cancel
        </Button>
      )}
      {allowed.includes("pause") && (
        <Button size="small" variant="secondary" disabled={!!pending} isLoading={pending === "pause"} onClick={() => run("pause")}>
          <Pause />
          Pause
        </Button>
      )}
      {allowed.includes("resume") && (
        <Button size="small" disabled={!!pending} isLoading={pending === "resume"} onClick={() => run("resume")}>
          <PlaySolid />
          Resume
        </Button>
      )}
      {allowed.includes("start") && campaign.status === "draft" && plannedAt && (
        <Button size="small" variant="secondary" disabled={!!pending} onClick={() => start(null)}>
          Start now
        </Button>
      )}
      {allowed.includes("start") && (
        <Button
          size="small"
          variant={campaign.status === "scheduled" ? "secondary" : "primary"}
          disabled={!!pending}
          isLoading={pending === "start"}
          onClick={() => start(campaign.status === "draft" ? plannedAt : null)}
        >
          <PlaySolid />
          {campaign.status === "draft" && plannedAt ? "Schedule" : "Start now"}
        </Button>
      )}
      <CancelPrompt
        open={cancelOpen}
        onOpenChange={setCancelOpen}
        campaign={campaign}
        onConfirm={async (reason) => {
          if (await run("cancel", { reason: reason || null })) setCancelOpen(false)
        }}
        pending={pending === "cancel"}
      />
    </div>
  )
}

const CancelPrompt = ({
  open,
  onOpenChange,
  campaign,
  onConfirm,
  pending,
}: {
  open: boolean
  onOpenChange: (open: boolean) => void
  campaign: WhatsappCampaign
  onConfirm: (reason: string) => void
  pending: boolean
}) => {
  const [reason, setReason] = useState("")
  const started = campaign.status === "running" || campaign.status === "paused"
  return (
    <Prompt open={open} onOpenChange={(o) => !pending && onOpenChange(o)} variant="danger">
      <Prompt.Content>
        <Prompt.Header>
          <Prompt.Title>Cancel campaign?</Prompt.Title>
          <Prompt.Description>
            {started
              ? `“${campaign.name}” stops sending. Messages already sent stay sent; everyone still queued is skipped. This can't be undone.`
              : `“${campaign.name}” will never be sent. This can't be undone.`}
          </Prompt.Description>
        </Prompt.Header>
        <div className="flex flex-col gap-y-1 px-6 pt-4">
          <Label size="small" weight="plus" htmlFor="cancel-reason">
            Reason <span className="text-ui-fg-muted font-normal">(optional, shown in the state log)</span>
          </Label>
          <Textarea id="cancel-reason" rows={2} maxLength={500} value={reason} onChange={(e) => setReason(e.target.value)} />
        </div>
        <Prompt.Footer>
          <Prompt.Cancel disabled={pending}>Keep it</Prompt.Cancel>
          <Button size="small" variant="danger" isLoading={pending} onClick={() => onConfirm(reason.trim())}>
            Cancel campaign
          </Button>
        </Prompt.Footer>
      </Prompt.Content>
    </Prompt>
  )
}
