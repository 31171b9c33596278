import { Users } from "@medusajs/icons"
import { Badge, Heading, InlineTip, Input, Select, Skeleton, Text } from "@medusajs/ui"
import { Link } from "react-router-dom"
import { formatCount, useCampaignEstimate } from "../../lib/campaigns"
import { errorMessage } from "../../lib/sdk"
import { useSegmentPreview, useSegments, type SavedSegment } from "../../lib/segments"
import { Field } from "../common/field"
import { ALL_CONTACTS, type CampaignDraft } from "./wizard-draft"

type Props = { draft: CampaignDraft; update: (patch: Partial<CampaignDraft>) => void }

/** (a) A name, and who receives it: a saved segment (frozen when the campaign starts) or every contact. */
export const AudienceStep = ({ draft, update }: Props) => {
  const segments = useSegments()
  const list = segments.data?.segments ?? []
  const selected = list.find((s) => s.id === draft.segmentId) ?? null

  return (
    <div className="flex flex-col gap-y-6">
      <StepHeading title="Audience" subtitle="Name the campaign and choose who receives it." />
      <Field id="campaign-name" label="Name" hint="Only you see it, e.g. “Black Friday – lapsed customers”.">
        <Input
          id="campaign-name"
          size="small"
          autoFocus
          value={draft.name}
          maxLength={200}
          placeholder="Campaign name"
          onChange={(e) => update({ name: e.target.value })}
        />
      </Field>
      {draft.retarget ? (
        <InlineTip label="Follow-up" variant="info">
          This campaign goes to the recipients of the campaign it follows up who {draft.retarget.criterion === "not_read" ? "did not read it" : "did not reply"}
          , taken when it starts. Only those who still have marketing consent receive it.
        </InlineTip>
      ) : (
        <Field
          id="campaign-segment"
          label="Segment"
          hint={
            <>
              The audience is frozen when the campaign starts; later changes to the segment don't affect it. Build segments on the{" "}
              <Link to="/whatsapp-segments" className="text-ui-fg-interactive hover:underline">
                WhatsApp segments
              </Link>{" "}
              page.
            </>
          }
        >
          {segments.isPending ? (
            <Skeleton className="h-8 w-full" />
          ) : segments.isError ? (
            <Text size="small" className="text-ui-fg-error">
              Couldn't load segments: {errorMessage(segments.error)}
            </Text>
          ) : (
            <Select size="small" value={draft.segmentId} onValueChange={(segmentId) => update({ segmentId })}>
              <Select.Trigger id="campaign-segment" aria-label="Segment">
                <Select.Value placeholder="Choose a segment" />
              </Select.Trigger>
              <Select.Content>
                {list.map((s) => (
                  <Select.Item key={s.id} value={s.id} disabled={s.members === null}>
                    {s.name}
                    {s.members === null ? " · rules need fixing" : ` · ${formatCount(s.consented)} with consent`}
                  </Select.Item>
                ))}
                <Select.Item value={ALL_CONTACTS}>All WhatsApp contacts</Select.Item>
              </Select.Content>
            </Select>
          )}
        </Field>
      )}
      {draft.retarget ? null : draft.segmentId === ALL_CONTACTS ? (
        <AllContactsCount kind={draft.kind} />
      ) : selected ? (
        <SegmentCount segment={selected} />
      ) : null}
    </div>
  )
}

export const StepHeading = ({ title, subtitle }: { title: string; subtitle: string }) => (
  <div className="flex flex-col gap-y-1">
    <Heading level="h2">{title}</Heading>
    <Text size="small" className="text-ui-fg-subtle">
      {subtitle}
    </Text>
  </div>
)

const SegmentCount = ({ segment }: { segment: SavedSegment }) => {
  const preview = useSegmentPreview(segment.rules)
  const members = preview.data?.members ?? segment.members
  const consented = preview.data?.consented ?? segment.consented
  return (
    <div className="flex flex-col gap-y-2">
      <CountLine members={members} consented={consented} loading={preview.isFetching} unit="customers" />
      {segment.description && (
        <Text size="small" className="text-ui-fg-subtle">
          {segment.description}
        </Text>
      )}
      {preview.isError && (
        <Text size="small" className="text-ui-fg-error">
          Couldn't count the segment: {errorMessage(preview.error)}
        </Text>
      )}
      {consented === 0 && (
        <InlineTip label="Nobody to send to" variant="warning">
          No customer in this segment has given marketing consent; the campaign would reach no one.
        </InlineTip>
      )}
    </div>
  )
}

const AllContactsCount = ({ kind }: { kind: CampaignDraft["kind"] }) => {
  const estimate = useCampaignEstimate({ segment_id: null, message_kind: kind })
  return (
    <div className="flex flex-col gap-y-2">
      <CountLine
        members={estimate.data?.estimate.members ?? null}
        consented={estimate.data?.estimate.recipients_with_consent ?? null}
        loading={estimate.isFetching}
        unit="contacts"
      />
      <Text size="small" className="text-ui-fg-subtle">
        Everyone who has a WhatsApp contact in the store. Only those with marketing consent receive the campaign.
      </Text>
      {estimate.isError && (
        <Text size="small" className="text-ui-fg-error">
          Couldn't count contacts: {errorMessage(estimate.error)}
        </Text>
      )}
    </div>
  )
}

const CountLine = ({ members, consented, loading, unit }: { members: number | null; consented: number | null; loading: boolean; unit: string }) => (
  <div className="bg-ui-bg-subtle flex flex-wrap items-center gap-2 rounded-lg px-4 py-3">
    <Users className="text-ui-fg-subtle" />
    <Text size="small" weight="plus">
      {formatCount(members)} {unit}
    </Text>
    <Badge size="2xsmall" color="green">
      {formatCount(consented)} with marketing consent
    </Badge>
    {loading && (
      <Text size="xsmall" className="text-ui-fg-muted">
        Counting…
      </Text>
    )}
  </div>
)
