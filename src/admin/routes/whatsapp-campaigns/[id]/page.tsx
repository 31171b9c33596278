import { Container, Heading, InlineTip, Skeleton, Text } from "@medusajs/ui"
import { useParams } from "react-router-dom"
import { ErrorState } from "../../../components/common/error-state"
import { RelativeTimestamp } from "../../../components/common/timestamp"
import { CampaignActions } from "../../../components/campaigns/campaign-actions"
import { DetailsSection } from "../../../components/campaigns/details-section"
import { FunnelSection } from "../../../components/campaigns/funnel-section"
import { ProgressSection } from "../../../components/campaigns/progress-section"
import { RecipientsSection } from "../../../components/campaigns/recipients-section"
import { ResultsSection } from "../../../components/campaigns/results-section"
import { CampaignStateBadge } from "../../../components/campaigns/state-badge"
import { StateLog } from "../../../components/campaigns/state-log"
import {
  attributionClosesAt,
  campaignRefreshInterval,
  describeStatusReason,
  formatInZone,
  resolveTimeZone,
  useCampaign,
  useCampaignEstimate,
  type WhatsappCampaign,
} from "../../../lib/campaigns"
import { formatRelative, useNow } from "../../../lib/format"
import { useWhatsappSettings } from "../../../lib/sdk"

/** One campaign: live progress, funnel, cost and revenue, configuration and state log; pause, resume, cancel, retarget. */
const CampaignDetailPage = () => {
  const { id } = useParams()
  const now = useNow(15_000)
  const query = useCampaign(id)
  const settings = useWhatsappSettings()

  if (query.isPending) {
    return (
      <div className="flex flex-col gap-y-3">
        <Skeleton className="h-24 w-full" />
        <Skeleton className="h-40 w-full" />
        <Skeleton className="h-64 w-full" />
      </div>
    )
  }
  if (query.isError) {
    return (
      <Container className="p-0">
        <ErrorState title="Couldn't load the campaign" error={query.error} onRetry={() => query.refetch()} />
      </Container>
    )
  }

  const { campaign, stats, events } = query.data
  const started = !!campaign.frozen_at
  const reason = describeStatusReason(campaign.status_reason)
  // One zone for every absolute time on the page (the Details section uses the same).
  const timeZone = resolveTimeZone(campaign.timezone ?? settings.data?.store_timezone)
  const showReason = !!reason && (campaign.status === "paused" || campaign.status === "failed" || campaign.status === "canceled")

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col gap-y-3 px-6 py-4">
        <div className="flex flex-wrap items-start justify-between gap-3">
          <div className="flex min-w-0 items-start gap-x-3">
            <div className="flex min-w-0 flex-col gap-y-1">
              <div className="flex flex-wrap items-center gap-2">
                <Heading level="h1" className="break-words">
                  {campaign.name}
                </Heading>
                <CampaignStateBadge status={campaign.status} />
              </div>
              <Text size="small" className="text-ui-fg-subtle">
                {subtitle(campaign, now)}
              </Text>
              <UpdatedLine campaign={campaign} updatedAt={query.dataUpdatedAt} fetching={query.isFetching} now={now} timeZone={timeZone} />
            </div>
          </div>
          <HeaderActions campaign={campaign} stats={stats} now={now} />
        </div>
        {showReason && (
          <InlineTip
            label={campaign.status === "paused" ? "Paused" : campaign.status === "failed" ? "Failed" : "Canceled"}
            variant={campaign.status === "failed" ? "error" : "warning"}
          >
            {reason}
            {campaign.status === "paused" && campaign.resume_after && (
              <>
                {" "}
                Resumes by itself <RelativeTimestamp value={campaign.resume_after} now={now} />.
              </>
            )}
          </InlineTip>
        )}
      </Container>

      <ProgressSection campaign={campaign} stats={stats} now={now} fetching={query.isFetching} />

      {started && (
        <div className="grid grid-cols-1 gap-3 xl:grid-cols-2">
          <FunnelSection stats={stats} />
          <ResultsSection campaign={campaign} stats={stats} />
        </div>
      )}

      {started && <RecipientsSection campaign={campaign} now={now} timeZone={timeZone} />}

      <div className="grid grid-cols-1 gap-3 xl:grid-cols-[1fr_1fr]">
        <DetailsSection campaign={campaign} />
        <StateLog events={events} timeZone={timeZone} />
      </div>
    </div>
  )
}

/** When the numbers were last fetched, and until when they keep refreshing by themselves. */
const UpdatedLine = ({
  campaign,
  updatedAt,
  fetching,
  now,
  timeZone,
}: {
  campaign: WhatsappCampaign
  updatedAt: number
  fetching: boolean
  now: Date
  timeZone: string
}) => {
  const polling = campaignRefreshInterval(campaign, now) !== false
  const closes = attributionClosesAt(campaign)
  const updated = updatedAt ? new Date(Math.min(updatedAt, now.getTime())) : null
  return (
    <Text size="xsmall" className="text-ui-fg-muted flex items-center gap-x-1.5" title={updated ? formatInZone(updated, timeZone) : undefined}>
      {polling && <span className={`inline-block size-1.5 rounded-full ${fetching ? "bg-ui-tag-blue-icon" : "bg-ui-tag-green-icon"}`} />}
      <span>
        {updated ? `Updated ${formatRelative(updated, now)}` : "Not loaded yet"}
        {closes && (polling ? ` · refreshing until the attribution window closes, ${formatInZone(closes, timeZone)}` : " · attribution window closed")}
      </span>
    </Text>
  )
}

/** The start confirmation says how many; a follow-up's count is not known before it starts. */
const HeaderActions = ({ campaign, stats, now }: { campaign: WhatsappCampaign; stats: { sent: number; read: number; replied: number }; now: Date }) => {
  const needsEstimate = (campaign.status === "draft" || campaign.status === "scheduled") && !campaign.retarget
  const estimate = useCampaignEstimate(needsEstimate ? { segment_id: campaign.segment_id, message_kind: campaign.message_kind } : null)
  const e = estimate.data?.estimate
  return <CampaignActions campaign={campaign} stats={stats} now={now} expectedRecipients={needsEstimate && e ? e.reachable : null} />
}

function subtitle(c: WhatsappCampaign, now: Date): string {
  const kind = c.message_kind === "template" ? `Template ${c.template_name} (${c.template_language})` : "Free-form text"
  const follow = c.retarget ? "Follow-up · " : ""
  const when = (() => {
    switch (c.status) {
      case "draft":
        return "Draft"
      case "scheduled":
        return c.scheduled_at ? `Starts ${formatRelative(c.scheduled_at, now)}` : "Scheduled"
      case "running":
        return c.started_at ? `Started ${formatRelative(c.started_at, now)}` : "Running"
      case "paused":
        return "Paused"
      default:
        return c.finished_at ? `Ended ${formatRelative(c.finished_at, now)}` : ""
    }
  })()
  return [follow + kind, when].filter(Boolean).join(" · ")
}

/** The breadcrumb shows the campaign's name. */
const Breadcrumb = ({ id }: { id?: string }) => {
  const query = useCampaign(id)
  return <span>{query.data?.campaign.name ?? "Campaign"}</span>
}

export const handle = {
  breadcrumb: (match: { params: { id?: string } }) => <Breadcrumb id={match.params.id} />,
}

export default CampaignDetailPage
