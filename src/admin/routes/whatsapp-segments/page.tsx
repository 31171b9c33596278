import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ArrowPath, Users } from "@medusajs/icons"
import { Badge, Button, Container, Heading, Input, Label, Skeleton, Switch, Text, Textarea, toast, usePrompt } from "@medusajs/ui"
import { useEffect, useMemo, useState } from "react"
import { ErrorState } from "../../components/common/error-state"
import { DashboardTable } from "../../components/segments/dashboard-table"
import { MembersTable } from "../../components/segments/members-table"
import { GroupEditor } from "../../components/segments/rule-builder"
import { ThresholdsDrawer } from "../../components/segments/thresholds-drawer"
import { useDebouncedValue } from "../../hooks/use-debounced-value"
import { formatRelative, useNow } from "../../lib/format"
import { errorMessage } from "../../lib/sdk"
import {
  useDeleteSegment,
  useRecomputeAll,
  useSaveSegment,
  useSegmentDashboard,
  useSegmentMembers,
  useSegmentPreview,
  useSegments,
  type SavedSegment,
  type SegmentGroup,
} from "../../lib/segments"

const PAGE = 20

type Draft = { id?: string; name: string; description: string; rules: SegmentGroup }
/** Starts from a condition that already means something (customers who ordered), so the live count is useful at once. */
const emptyDraft = (rules: SegmentGroup = { all: [{ type: "metric", metric: "order_count", op: "gte", value: 1 }] }): Draft => ({
  name: "",
  description: "",
  rules,
})

const SegmentsPage = () => {
  const now = useNow()
  const dashboard = useSegmentDashboard()
  const segments = useSegments()
  const recompute = useRecomputeAll()
  const [draft, setDraft] = useState<Draft>(emptyDraft())

  const tagNames = useMemo(() => (dashboard.data?.tags ?? []).map((t) => t.name), [dashboard.data])

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h1">WhatsApp segments</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {dashboard.data
              ? `${dashboard.data.customers} customers, ${dashboard.data.consented} with marketing consent · ${
                  dashboard.data.last_computed_at ? `metrics computed ${formatRelative(dashboard.data.last_computed_at, now)}` : "computing metrics…"
                }`
              : "Customer tags from purchase history and engagement"}
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <ThresholdsDrawer />
          <Button
            size="small"
            variant="secondary"
            isLoading={recompute.isPending}
            onClick={() =>
              recompute.mutate(undefined, {
                onSuccess: ({ result }) =>
                  toast.success("Recomputed", {
                    description: `${result.customers} customers in ${(result.duration_ms / 1000).toFixed(1)} s (+${result.tags_added} / −${result.tags_removed} tags)`,
                  }),
                onError: (e) => toast.error("Couldn't recompute", { description: errorMessage(e) }),
              })
            }
          >
            <ArrowPath /> Recompute now
          </Button>
        </div>
      </Container>

      <Container className="divide-y p-0">
        <div className="px-6 py-4">
          <Heading level="h2">Customers per band</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Click a band to start a segment from it. The bands follow the thresholds (button above).
          </Text>
        </div>
        {dashboard.isPending ? (
          <div className="px-6 py-4">
            <Skeleton className="h-32 w-full" />
          </div>
        ) : dashboard.isError ? (
          <ErrorState title="Couldn't load the dashboard" error={dashboard.error} onRetry={() => dashboard.refetch()} />
        ) : !dashboard.data.last_computed_at ? (
          <div className="flex flex-col gap-y-2 px-6 py-4" data-testid="segments-computing">
            <Text size="small">Computing customer metrics for the first time… the bands appear here when it is done.</Text>
            <Skeleton className="h-32 w-full" />
          </div>
        ) : (
          <DashboardTable dashboard={dashboard.data} onPickTag={(tag) => setDraft(emptyDraft({ all: [{ type: "tag", op: "has", tag }] }))} />
        )}
      </Container>

      <div className="grid grid-cols-1 gap-3 xl:grid-cols-[18rem_1fr]">
        <SavedList
          segments={segments.data?.segments ?? []}
          loading={segments.isPending}
          selectedId={draft.id}
          onSelect={(s) => setDraft({ id: s.id, name: s.name, description: s.description ?? "", rules: s.rules })}
          onNew={() => setDraft(emptyDraft())}
        />
        <Builder draft={draft} setDraft={setDraft} tagNames={tagNames} />
      </div>

      {draft.id && <SavedMembers id={draft.id} />}
    </div>
  )
}

const SavedList = ({
  segments,
  loading,
  selectedId,
  onSelect,
  onNew,
}: {
  segments: SavedSegment[]
  loading: boolean
  selectedId?: string
  onSelect: (s: SavedSegment) => void
  onNew: () => void
}) => (
  <Container className="flex flex-col gap-y-2 p-0">
    <div className="flex items-center justify-between px-6 py-4">
      <Heading level="h2">Saved</Heading>
      <Button size="small" variant="transparent" onClick={onNew}>
        New
      </Button>
    </div>
    {loading && <Skeleton className="mx-6 mb-4 h-16" />}
    {!loading && segments.length === 0 && (
      <Text size="small" className="text-ui-fg-muted px-6 pb-4">
        No saved segments yet.
      </Text>
    )}
    <div className="flex flex-col pb-2">
      {segments.map((s) => (
        <button
          key={s.id}
          type="button"
          onClick={() => onSelect(s)}
          className={`hover:bg-ui-bg-base-hover flex flex-col items-start px-6 py-2 text-left ${s.id === selectedId ? "bg-ui-bg-base-pressed" : ""}`}
        >
          <Text size="small" weight="plus">
            {s.name}
          </Text>
          <Text size="xsmall" className="text-ui-fg-subtle">
            {s.members === null ? "rules need fixing" : `${s.members} members · ${s.consented} reachable`}
          </Text>
        </button>
      ))}
    </div>
  </Container>
)

const Builder = ({ draft, setDraft, tagNames }: { draft: Draft; setDraft: (d: Draft) => void; tagNames: string[] }) => {
  const rules = useDebouncedValue(draft.rules, 400)
  const preview = useSegmentPreview(rules)
  const save = useSaveSegment()
  const del = useDeleteSegment()
  const prompt = usePrompt()

  const onSave = () =>
    save.mutate(
      { id: draft.id, name: draft.name.trim(), description: draft.description.trim() || null, rules: draft.rules },
      {
        onSuccess: ({ segment }) => {
          setDraft({ ...draft, id: segment.id })
          toast.success(draft.id ? "Segment updated" : "Segment saved")
        },
        onError: (e) => toast.error("Couldn't save the segment", { description: errorMessage(e) }),
      }
    )

  const onDelete = async () => {
    if (!draft.id) return
    const ok = await prompt({ title: "Delete segment?", description: `"${draft.name}" will be deleted. Customers and tags are not affected.` })
    if (!ok) return
    del.mutate(draft.id, {
      onSuccess: () => {
        setDraft(emptyDraft())
        toast.success("Segment deleted")
      },
      onError: (e) => toast.error("Couldn't delete the segment", { description: errorMessage(e) }),
    })
  }

  return (
    <Container className="flex flex-col gap-y-4 px-6 py-4">
      <div className="flex items-center justify-between">
        <Heading level="h2">{draft.id ? "Edit segment" : "New segment"}</Heading>
        <LiveCount loading={preview.isFetching} members={preview.data?.members} consented={preview.data?.consented} />
      </div>
      <div className="grid grid-cols-1 gap-3 md:grid-cols-2">
        <div className="flex flex-col gap-y-1">
          <Label size="small" htmlFor="segment-name">
            Name
          </Label>
          <Input id="segment-name" size="small" value={draft.name} onChange={(e) => setDraft({ ...draft, name: e.target.value })} />
        </div>
        <div className="flex flex-col gap-y-1">
          <Label size="small" htmlFor="segment-description">
            Description
          </Label>
          <Textarea id="segment-description" rows={1} value={draft.description} onChange={(e) => setDraft({ ...draft, description: e.target.value })} />
        </div>
      </div>
      <GroupEditor group={draft.rules} onChange={(rules) => setDraft({ ...draft, rules })} tagNames={tagNames} />
      {preview.isError && (
        <Text size="small" className="text-ui-fg-error whitespace-pre-line">
          {errorMessage(preview.error)}
        </Text>
      )}
      <div className="flex items-center justify-end gap-x-2">
        {draft.id && (
          <Button size="small" variant="danger" onClick={onDelete} isLoading={del.isPending}>
            Delete
          </Button>
        )}
        <Button size="small" onClick={onSave} isLoading={save.isPending} disabled={!draft.name.trim() || preview.isError}>
          {draft.id ? "Save changes" : "Save segment"}
        </Button>
      </div>
      {preview.data && preview.data.sample.length > 0 && (
        <div className="-mx-6 border-t">
          <Text size="small" weight="plus" className="text-ui-fg-subtle px-6 pt-3">
            Sample
          </Text>
          <MembersTable members={preview.data.sample} />
        </div>
      )}
    </Container>
  )
}

const LiveCount = ({ loading, members, consented }: { loading: boolean; members?: number; consented?: number }) => (
  <div className="flex items-center gap-x-2">
    <Users className="text-ui-fg-subtle" />
    <Text size="small" weight="plus">
      {members ?? "–"} customers
    </Text>
    <Badge size="2xsmall" color="green">
      {consented ?? "–"} with marketing consent
    </Badge>
    {loading && <ArrowPath className="text-ui-fg-muted animate-spin" />}
  </div>
)

const SavedMembers = ({ id }: { id: string }) => {
  const [offset, setOffset] = useState(0)
  const [consentedOnly, setConsentedOnly] = useState(false)
  useEffect(() => setOffset(0), [id, consentedOnly])
  const members = useSegmentMembers(id, offset, consentedOnly, PAGE)
  const count = members.data?.count ?? 0

  return (
    <Container className="divide-y p-0">
      <div className="flex items-center justify-between px-6 py-4">
        <div>
          <Heading level="h2">Members</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            {members.data ? `${members.data.members_count} members, ${members.data.consented_count} with marketing consent (campaigns send to these)` : " "}
          </Text>
        </div>
        <div className="flex items-center gap-x-2">
          <Switch id="consented-only" checked={consentedOnly} onCheckedChange={setConsentedOnly} />
          <Label size="small" htmlFor="consented-only">
            Consented only
          </Label>
        </div>
      </div>
      {members.isError ? (
        <ErrorState title="Couldn't load members" error={members.error} onRetry={() => members.refetch()} />
      ) : members.isPending ? (
        <Skeleton className="mx-6 my-4 h-24" />
      ) : (
        <MembersTable members={members.data.members} />
      )}
      <div className="flex items-center justify-between px-6 py-3">
        <Text size="small" className="text-ui-fg-subtle">
          {count ? `${offset + 1}–${Math.min(offset + PAGE, count)} of ${count}` : "0 results"}
        </Text>
        <div className="flex gap-x-2">
          <Button size="small" variant="secondary" disabled={offset === 0} onClick={() => setOffset(Math.max(0, offset - PAGE))}>
            Previous
          </Button>
          <Button size="small" variant="secondary" disabled={offset + PAGE >= count} onClick={() => setOffset(offset + PAGE)}>
            Next
          </Button>
        </div>
      </div>
    </Container>
  )
}

export const config = defineRouteConfig({
  label: "WhatsApp segments",
  icon: Users,
})

export default SegmentsPage
