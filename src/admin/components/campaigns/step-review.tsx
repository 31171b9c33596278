import { InlineTip, Skeleton, Table, Text } from "@medusajs/ui"
import { formatCount, formatDuration, formatInZone, formatMoney, useCampaignEstimate, type CampaignEstimate } from "../../lib/campaigns"
import { errorMessage } from "../../lib/sdk"
import { useSegments } from "../../lib/segments"
import { SectionRow } from "../common/section-row"
import { PreviewPanel } from "./preview-panel"
import { StepHeading } from "./step-audience"
import { ALL_CONTACTS, effectiveCta, scheduledInstant, type CampaignDraft } from "./wizard-draft"

type Props = { draft: CampaignDraft; update: (patch: Partial<CampaignDraft>) => void; timeZone: string }

/** (e) Everything at a glance, with the estimate: who it reaches, what it costs, how long it takes. */
export const ReviewStep = ({ draft, update, timeZone }: Props) => {
  const segments = useSegments()
  // A follow-up's audience is not known before it starts (its parent's non-readers / non-repliers).
  const estimate = useCampaignEstimate(
    draft.retarget ? null : { segment_id: draft.segmentId && draft.segmentId !== ALL_CONTACTS ? draft.segmentId : null, message_kind: draft.kind }
  )
  const segmentName = draft.retarget
    ? `Follow-up: recipients of the parent campaign who ${draft.retarget.criterion === "not_read" ? "did not read it" : "did not reply"}`
    : draft.segmentId === ALL_CONTACTS
      ? "All WhatsApp contacts"
      : (segments.data?.segments.find((s) => s.id === draft.segmentId)?.name ?? draft.segmentId)
  const cta = effectiveCta(draft)
  const at = scheduledInstant(draft, timeZone)

  return (
    <div className="flex flex-col gap-8 lg:flex-row">
      <div className="flex min-w-0 flex-1 flex-col gap-y-6">
        <StepHeading title="Review" subtitle="Check the campaign and what it will take. Nothing is sent until you start it." />
        {!draft.retarget && (
          <EstimatePanel
            loading={estimate.isPending}
            fetching={estimate.isFetching}
            error={estimate.isError ? estimate.error : null}
            estimate={estimate.data?.estimate ?? null}
            kind={draft.kind}
          />
        )}
        <div className="-mx-6 flex flex-col divide-y border-y">
          <SectionRow title="Name" value={draft.name.trim()} />
          <SectionRow title="Audience" value={segmentName} />
          <SectionRow
            title="Message"
            value={
              draft.kind === "template" ? `Template ${draft.template?.name ?? "-"} (${draft.template?.language ?? "-"})` : "Free-form text (24 h window only)"
            }
          />
          <SectionRow title="Discount code" value={draft.discountCode.trim() || "None"} />
          <SectionRow title="Quick-reply payload" value={cta ? cta.payload : "None"} />
          <SectionRow title="Attribution window" value={`${draft.attributionDays} days after reading`} />
          <SectionRow title="Start" value={draft.when === "now" ? "When you start it" : at ? formatInZone(at, timeZone) : "-"} />
        </div>
      </div>
      <aside className="flex w-full flex-col gap-y-3 lg:w-[340px] lg:shrink-0">
        <Text size="small" weight="plus">
          Preview
        </Text>
        <PreviewPanel draft={draft} update={update} />
      </aside>
    </div>
  )
}

const EstimatePanel = ({
  loading,
  fetching,
  error,
  estimate,
  kind,
}: {
  loading: boolean
  fetching: boolean
  error: unknown
  estimate: CampaignEstimate | null
  kind: CampaignDraft["kind"]
}) => {
  if (error) {
    return (
      <InlineTip label="Couldn't estimate" variant="error">
        {errorMessage(error)}
      </InlineTip>
    )
  }
  if (loading || !estimate) return <Skeleton className="h-28 w-full" />
  const overTier = estimate.messaging_tier !== null && kind === "template" && estimate.reachable > estimate.messaging_tier
  const countries = estimate.cost.by_country.filter((c) => c.recipients > 0)
  return (
    <div className="flex flex-col gap-y-3">
      <div className="grid grid-cols-2 gap-3 md:grid-cols-4">
        <Metric label="In the audience" value={formatCount(estimate.members)} hint="WhatsApp contacts" />
        <Metric label="With marketing consent" value={formatCount(estimate.recipients_with_consent)} hint="Only they are messaged" />
        {kind === "text" && <Metric label="Inside 24 h window" value={formatCount(estimate.reachable)} hint="Reachable with free-form text" />}
        <Metric
          label="Estimated cost"
          value={formatMoney(estimate.cost.cost, estimate.cost.currency)}
          hint={kind === "text" ? "Service messages in the window are free" : `${countries.length || 1} ${countries.length === 1 ? "country" : "countries"}`}
        />
        <Metric
          label="Estimated duration"
          value={formatDuration(estimate.estimated_duration_seconds)}
          hint={`At ${formatCount(estimate.throughput_mps)} messages/s`}
        />
      </div>
      {fetching && (
        <Text size="xsmall" className="text-ui-fg-muted">
          Updating…
        </Text>
      )}
      {estimate.reachable === 0 && (
        <InlineTip label="Nobody to send to" variant="warning">
          {kind === "text"
            ? "No one in this audience has messaged you in the last 24 hours (with marketing consent). Use a template instead."
            : "No one in this audience has given marketing consent."}
        </InlineTip>
      )}
      {overTier && (
        <InlineTip label="Above your messaging limit" variant="warning">
          Your number may start conversations with {formatCount(estimate.messaging_tier)} people per 24 hours. The campaign pauses when it reaches the limit and
          resumes by itself when there is room again, which is included in the duration.
        </InlineTip>
      )}
      {countries.length > 1 && (
        <div className="overflow-x-auto rounded-lg border">
          <Table>
            <Table.Header>
              <Table.Row>
                <Table.HeaderCell>Country</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Recipients</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Per message</Table.HeaderCell>
                <Table.HeaderCell className="text-right">Cost</Table.HeaderCell>
              </Table.Row>
            </Table.Header>
            <Table.Body>
              {countries.map((c) => (
                <Table.Row key={c.country}>
                  <Table.Cell>{c.country === "unknown" ? "Unknown" : c.country}</Table.Cell>
                  <Table.Cell className="text-right">{formatCount(c.recipients)}</Table.Cell>
                  <Table.Cell className="text-right">{formatMoney(c.unit_price, estimate.cost.currency, 4)}</Table.Cell>
                  <Table.Cell className="text-right">{formatMoney(c.cost, estimate.cost.currency)}</Table.Cell>
                </Table.Row>
              ))}
            </Table.Body>
          </Table>
        </div>
      )}
      <Text size="xsmall" className="text-ui-fg-muted">
        Estimated from today's consent and your price table. Customers who opt out, hit the frequency cap or lack a value for a variable without a fallback are
        not sent the message.
      </Text>
    </div>
  )
}

export const Metric = ({ label, value, hint }: { label: string; value: string; hint?: string }) => (
  <div className="bg-ui-bg-subtle flex flex-col gap-y-0.5 rounded-lg px-4 py-3">
    <Text size="xsmall" className="text-ui-fg-subtle">
      {label}
    </Text>
    <Text size="large" weight="plus" className="tabular-nums">
      {value}
    </Text>
    {hint && (
      <Text size="xsmall" className="text-ui-fg-muted">
        {hint}
      </Text>
    )}
  </div>
)
