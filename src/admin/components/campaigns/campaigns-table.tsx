import { Table, Text } from "@medusajs/ui"
import { useNavigate } from "react-router-dom"
import { describeStatusReason, formatCount, type CampaignListItem } from "../../lib/campaigns"
import { RelativeTimestamp } from "../common/timestamp"
import { ProgressBar, SEGMENT_COLORS } from "./progress-bar"
import { CampaignStateBadge } from "./state-badge"

/** The campaigns with their state, progress, when they (will) start and why they stopped. */
export const CampaignsTable = ({ campaigns, now }: { campaigns: CampaignListItem[]; now: Date }) => {
  const navigate = useNavigate()
  return (
    <div className="overflow-x-auto">
      <Table>
        <Table.Header>
          <Table.Row>
            <Table.HeaderCell>Name</Table.HeaderCell>
            <Table.HeaderCell>State</Table.HeaderCell>
            <Table.HeaderCell className="min-w-[12rem]">Progress</Table.HeaderCell>
            <Table.HeaderCell>Scheduled / started</Table.HeaderCell>
            <Table.HeaderCell>Reason</Table.HeaderCell>
          </Table.Row>
        </Table.Header>
        <Table.Body>
          {campaigns.map((c) => (
            <Table.Row key={c.id} className="cursor-pointer" onClick={() => navigate(`/whatsapp-campaigns/${c.id}`)}>
              <Table.Cell className="max-w-[18rem] whitespace-normal">
                <div className="flex flex-col py-1">
                  <Text size="small" weight="plus" leading="compact" className="break-words">
                    {c.name}
                  </Text>
                  <Text size="xsmall" className="text-ui-fg-muted truncate">
                    {c.retarget ? "Follow-up · " : ""}
                    {c.message_kind === "template" ? `${c.template_name ?? "-"} (${c.template_language ?? "-"})` : "Free-form text"}
                  </Text>
                </div>
              </Table.Cell>
              <Table.Cell>
                <CampaignStateBadge status={c.status} />
              </Table.Cell>
              <Table.Cell>
                <ListProgress campaign={c} />
              </Table.Cell>
              <Table.Cell>
                <When campaign={c} now={now} />
              </Table.Cell>
              <Table.Cell className="max-w-[18rem] whitespace-normal">
                <Reason campaign={c} now={now} />
              </Table.Cell>
            </Table.Row>
          ))}
        </Table.Body>
      </Table>
    </div>
  )
}

const ListProgress = ({ campaign: c }: { campaign: CampaignListItem }) => {
  if (!c.frozen_at) {
    return (
      <Text size="small" className="text-ui-fg-muted">
        Not started
      </Text>
    )
  }
  const total = c.audience_count
  const processed = Math.min(c.processed ?? 0, total)
  return (
    <div className="flex flex-col gap-y-1 py-1">
      <ProgressBar
        size="small"
        total={total}
        active={c.status === "running"}
        segments={[{ value: processed, label: "Processed", className: SEGMENT_COLORS.done }]}
      />
      <Text size="xsmall" className="text-ui-fg-subtle tabular-nums">
        {formatCount(processed)} / {formatCount(total)} · {total ? Math.floor((processed / total) * 100) : 0}%
      </Text>
    </div>
  )
}

const When = ({ campaign: c, now }: { campaign: CampaignListItem; now: Date }) => {
  if (c.started_at) return <RelativeTimestamp value={c.started_at} now={now} />
  if (c.scheduled_at && (c.status === "scheduled" || c.status === "draft")) {
    return (
      <span className="flex flex-col">
        <RelativeTimestamp value={c.scheduled_at} now={now} />
        {c.status === "draft" && (
          <Text size="xsmall" className="text-ui-fg-muted">
            planned, not scheduled
          </Text>
        )}
      </span>
    )
  }
  return <span className="text-ui-fg-muted">-</span>
}

const Reason = ({ campaign: c, now }: { campaign: CampaignListItem; now: Date }) => {
  const shown = c.status === "paused" || c.status === "failed" || c.status === "canceled"
  const reason = shown ? describeStatusReason(c.status_reason) : null
  if (!reason) return <span className="text-ui-fg-muted">-</span>
  return (
    <div className="flex flex-col py-1">
      <Text size="small" className="text-ui-fg-subtle line-clamp-2 break-words" title={c.status_reason ?? undefined}>
        {reason}
      </Text>
      {c.status === "paused" && c.resume_after && (
        <Text size="xsmall" className="text-ui-fg-muted">
          Resumes by itself <RelativeTimestamp value={c.resume_after} now={now} />
        </Text>
      )}
    </div>
  )
}
