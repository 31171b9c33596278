import { Container, Heading, InlineTip, Skeleton, Text } from "@medusajs/ui"
import { useEffect, useRef } from "react"
import { formatCount, formatDuration, formatMoney, useCampaign, useCampaignEstimate, type CampaignStats, type WhatsappCampaign } from "../../lib/campaigns"
import { errorMessage } from "../../lib/sdk"
import { RelativeTimestamp } from "../common/timestamp"
import { ProgressBar, SEGMENT_COLORS } from "./progress-bar"
import { Metric } from "./step-review"

type Props = { campaign: WhatsappCampaign; stats: CampaignStats; now: Date; fetching: boolean }

/** Where sending is: a live bar while it runs, the audience estimate before it starts. */
export const ProgressSection = ({ campaign, stats, now, fetching }: Props) => {
  const started = !!campaign.frozen_at
  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4">
      <div className="flex items-center justify-between">
        <Heading level="h2">Progress</Heading>
        {campaign.status === "running" && (
          <Text size="xsmall" className="text-ui-fg-muted flex items-center gap-x-1.5">
            <span className={`inline-block size-1.5 rounded-full ${fetching ? "bg-ui-tag-blue-icon" : "bg-ui-tag-green-icon"}`} />
            Live
          </Text>
        )}
      </div>
      {started ? <Live campaign={campaign} stats={stats} now={now} /> : <NotStarted campaign={campaign} />}
    </Container>
  )
}

const Live = ({ campaign, stats, now }: { campaign: WhatsappCampaign; stats: CampaignStats; now: Date }) => {
  const total = stats.recipients || campaign.audience_count
  const done = Math.max(0, total - stats.queued - stats.sending)
  const rate = useRate(done, campaign.status === "running")
  const left = stats.queued + stats.sending
  // "sent" includes recipients whose message failed later (asynchronously): count those once, as failed.
  const sentOk = Math.max(0, stats.sent - Math.max(0, stats.failed - failedBeforeSend(stats)))
  const failed = stats.failed
  const skipped = stats.skipped
  return (
    <div className="flex flex-col gap-y-3">
      <ProgressBar
        total={total}
        active={campaign.status === "running"}
        segments={[
          { value: sentOk, label: "Sent", className: SEGMENT_COLORS.sent },
          { value: failed, label: "Failed", className: SEGMENT_COLORS.failed },
          { value: skipped, label: "Skipped", className: SEGMENT_COLORS.skipped },
          { value: stats.sending, label: "Sending", className: SEGMENT_COLORS.sending },
        ]}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <Text size="small" className="tabular-nums">
          <span className="font-medium">{formatCount(done)}</span> of {formatCount(total)} processed · {total ? Math.floor((done / total) * 100) : 100}%
        </Text>
        <div className="flex flex-wrap gap-x-4">
          <Legend className={SEGMENT_COLORS.sent} label="Sent" value={sentOk} />
          <Legend className={SEGMENT_COLORS.failed} label="Failed" value={failed} />
          <Legend className={SEGMENT_COLORS.skipped} label="Skipped" value={skipped} />
          <Legend className="bg-ui-bg-component border" label="Waiting" value={left} />
        </div>
      </div>
      {campaign.status === "running" && rate && left > 0 && (
        <Text size="xsmall" className="text-ui-fg-muted">
          About {rate.toFixed(rate < 10 ? 1 : 0)} recipients/s · {formatDuration(left / rate)} left at this pace
        </Text>
      )}
      {campaign.status === "paused" && campaign.resume_after && (
        <Text size="xsmall" className="text-ui-fg-muted">
          Resumes by itself <RelativeTimestamp value={campaign.resume_after} now={now} /> when the messaging limit has room again.
        </Text>
      )}
      {total === 0 && (
        <InlineTip label="Empty audience" variant="warning">
          Nobody in the audience had marketing consent when the campaign started.
        </InlineTip>
      )}
    </div>
  )
}

/** Recipients the sender itself marked failed (before or at the API call) are not in `sent`; the rest failed after it. */
function failedBeforeSend(stats: CampaignStats): number {
  // `recipients` = queued + sending + sent + skipped + (recipient-level failed). What is left over is recipient-level failures.
  return Math.max(0, stats.recipients - stats.queued - stats.sending - stats.sent - stats.skipped)
}

const Legend = ({ className, label, value }: { className: string; label: string; value: number }) => (
  <span className="txt-compact-xsmall text-ui-fg-subtle flex items-center gap-x-1.5">
    <span className={`inline-block size-2 rounded-full ${className}`} />
    {label} <span className="tabular-nums text-ui-fg-base">{formatCount(value)}</span>
  </span>
)

/** Recipients per second over the last minute of polls, while active. */
function useRate(done: number, active: boolean): number | null {
  const samples = useRef<{ t: number; done: number }[]>([])
  useEffect(() => {
    if (!active) {
      samples.current = []
      return
    }
    const t = Date.now()
    samples.current = [...samples.current.filter((s) => t - s.t < 60_000), { t, done }]
  }, [done, active])
  const s = samples.current
  if (s.length < 2) return null
  const first = s[0]
  const last = s[s.length - 1]
  const seconds = (last.t - first.t) / 1000
  return seconds > 0 && last.done > first.done ? (last.done - first.done) / seconds : null
}

/** Before the start: what the audience looks like today. */
const NotStarted = ({ campaign }: { campaign: WhatsappCampaign }) => {
  if (campaign.retarget) return <RetargetAudience campaign={campaign} />
  if (campaign.status === "canceled" || campaign.status === "failed") {
    return (
      <Text size="small" className="text-ui-fg-subtle">
        Never started; nothing was sent.
      </Text>
    )
  }
  return <AudienceEstimate campaign={campaign} />
}

const AudienceEstimate = ({ campaign }: { campaign: WhatsappCampaign }) => {
  const estimate = useCampaignEstimate({ segment_id: campaign.segment_id, message_kind: campaign.message_kind })
  if (estimate.isPending) return <Skeleton className="h-20 w-full" />
  if (estimate.isError) {
    return (
      <Text size="small" className="text-ui-fg-error">
        Couldn't estimate the audience: {errorMessage(estimate.error)}
      </Text>
    )
  }
  const e = estimate.data.estimate
  return (
    <div className="flex flex-col gap-y-2">
      <Text size="small" className="text-ui-fg-subtle">
        Not started yet. If it started now:
      </Text>
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Metric label="With marketing consent" value={formatCount(e.recipients_with_consent)} hint={`of ${formatCount(e.members)} contacts`} />
        {campaign.message_kind === "text" && <Metric label="Inside 24 h window" value={formatCount(e.reachable)} />}
        <Metric label="Estimated cost" value={formatMoney(e.cost.cost, e.cost.currency)} />
        <Metric label="Estimated duration" value={formatDuration(e.estimated_duration_seconds)} hint={`At ${formatCount(e.throughput_mps)} messages/s`} />
      </div>
    </div>
  )
}

/** A follow-up's audience comes from its parent's results (the estimate endpoint only knows segments). */
const RetargetAudience = ({ campaign }: { campaign: WhatsappCampaign }) => {
  const parent = useCampaign(campaign.retarget!.parent_campaign_id)
  const criterion = campaign.retarget!.criterion
  if (parent.isPending) return <Skeleton className="h-12 w-full" />
  if (parent.isError) {
    return (
      <Text size="small" className="text-ui-fg-error">
        Couldn't load the original campaign: {errorMessage(parent.error)}
      </Text>
    )
  }
  const s = parent.data.stats
  const n = Math.max(0, s.sent - (criterion === "not_replied" ? s.replied : s.read))
  return (
    <Text size="small" className="text-ui-fg-subtle">
      Not started yet. About <span className="text-ui-fg-base font-medium">{formatCount(n)}</span> customers of “{parent.data.campaign.name}”{" "}
      {criterion === "not_replied" ? "did not reply" : "did not read it"} so far; those who still have marketing consent when this starts receive it.
    </Text>
  )
}
