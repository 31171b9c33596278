import { PlusMini, Trash } from "@medusajs/icons"
import { Button, IconButton, Input, Select, Text, clx } from "@medusajs/ui"
import {
  MAX_RULE_DEPTH,
  METRIC_LABELS,
  METRIC_OPS,
  OP_LABELS,
  RFM_SEGMENTS,
  SEGMENT_METRICS,
  groupChildren,
  groupMode,
  isGroup,
  makeGroup,
  type RfmSegment,
  type SegmentCondition,
  type SegmentGroup,
  type SegmentRule,
} from "../../lib/segments"

/** The server's limit (src/shared/segments.ts). */
const MAX_DEPTH = MAX_RULE_DEPTH

const CONDITION_TYPES: { value: SegmentCondition["type"]; label: string }[] = [
  { value: "tag", label: "Tag" },
  { value: "metric", label: "Metric" },
  { value: "consent", label: "Marketing consent" },
  { value: "country", label: "Country" },
  { value: "last_contacted", label: "Last contacted" },
  { value: "rfm_segment", label: "RFM segment" },
]

export function defaultCondition(type: SegmentCondition["type"] = "tag"): SegmentCondition {
  switch (type) {
    case "tag":
      return { type, op: "has", tag: "" }
    case "metric":
      return { type, metric: "order_count", op: "gte", value: 1 }
    case "consent":
      return { type, value: "granted" }
    case "country":
      return { type, op: "in", values: [] }
    case "last_contacted":
      return { type, op: "not_within_days", days: 7 }
    case "rfm_segment":
      return { type, op: "in", values: ["Champions"] }
  }
}

type SmallSelectProps = { value: string; onChange: (v: string) => void; options: { value: string; label: string }[]; className?: string }

const SmallSelect = ({ value, onChange, options, className }: SmallSelectProps) => (
  <Select size="small" value={value} onValueChange={onChange}>
    <Select.Trigger className={clx("w-auto min-w-[7rem]", className)}>
      <Select.Value />
    </Select.Trigger>
    <Select.Content>
      {options.map((o) => (
        <Select.Item key={o.value} value={o.value}>
          {o.label}
        </Select.Item>
      ))}
    </Select.Content>
  </Select>
)

type GroupEditorProps = {
  group: SegmentGroup
  onChange: (g: SegmentGroup) => void
  onRemove?: () => void
  depth?: number
  tagNames: string[]
}

/** A group: all/any of its rules, each a condition or a nested group. */
export const GroupEditor = ({ group, onChange, onRemove, depth = 1, tagNames }: GroupEditorProps) => {
  const mode = groupMode(group)
  const children = groupChildren(group)
  const set = (next: SegmentRule[]) => onChange(makeGroup(mode, next))
  const replace = (i: number, r: SegmentRule) => set(children.map((c, j) => (j === i ? r : c)))
  const remove = (i: number) => set(children.filter((_, j) => j !== i))

  return (
    <div className={clx("flex flex-col gap-y-2 rounded-md", depth > 1 && "border-ui-border-base border border-dashed p-3")}>
      <div className="flex items-center gap-x-2">
        <Text size="small" className="text-ui-fg-subtle">
          Customers matching
        </Text>
        <SmallSelect
          value={mode}
          onChange={(v) => onChange(makeGroup(v as "all" | "any", children))}
          options={[
            { value: "all", label: "all of" },
            { value: "any", label: "any of" },
          ]}
        />
        {onRemove && (
          <IconButton size="small" variant="transparent" aria-label="Remove group" onClick={onRemove} className="ml-auto">
            <Trash />
          </IconButton>
        )}
      </div>
      {children.length === 0 && (
        <Text size="small" className="text-ui-fg-muted">
          Add at least one condition.
        </Text>
      )}
      {children.map((child, i) =>
        isGroup(child) ? (
          <GroupEditor key={i} group={child} depth={depth + 1} tagNames={tagNames} onChange={(g) => replace(i, g)} onRemove={() => remove(i)} />
        ) : (
          <ConditionEditor key={i} condition={child} tagNames={tagNames} onChange={(c) => replace(i, c)} onRemove={() => remove(i)} />
        )
      )}
      <div className="flex gap-x-2">
        <Button size="small" variant="secondary" type="button" onClick={() => set([...children, defaultCondition()])}>
          <PlusMini /> Condition
        </Button>
        {depth < MAX_DEPTH && (
          <Button
            size="small"
            variant="transparent"
            type="button"
            onClick={() => set([...children, makeGroup(mode === "all" ? "any" : "all", [defaultCondition()])])}
          >
            <PlusMini /> Group
          </Button>
        )}
      </div>
    </div>
  )
}

type ConditionEditorProps = {
  condition: SegmentCondition
  onChange: (c: SegmentCondition) => void
  onRemove: () => void
  tagNames: string[]
}

const ConditionEditor = ({ condition: c, onChange, onRemove, tagNames }: ConditionEditorProps) => (
  <div className="bg-ui-bg-subtle flex flex-wrap items-center gap-2 rounded-md p-2">
    <SmallSelect value={c.type} onChange={(t) => onChange(defaultCondition(t as SegmentCondition["type"]))} options={CONDITION_TYPES} />
    <ConditionFields c={c} onChange={onChange} tagNames={tagNames} />
    <IconButton size="small" variant="transparent" aria-label="Remove condition" onClick={onRemove} className="ml-auto">
      <Trash />
    </IconButton>
  </div>
)

const listOf = (text: string) =>
  text
    .split(/[,\s]+/)
    .map((s) => s.trim())
    .filter(Boolean)

const ConditionFields = ({ c, onChange, tagNames }: { c: SegmentCondition; onChange: (c: SegmentCondition) => void; tagNames: string[] }) => {
  switch (c.type) {
    case "tag":
      return (
        <>
          <SmallSelect
            value={c.op}
            onChange={(op) => onChange({ ...c, op: op as "has" | "has_not" })}
            options={[
              { value: "has", label: "has" },
              { value: "has_not", label: "does not have" },
            ]}
          />
          <Input
            size="small"
            className="w-48"
            list="whatsapp-segment-tags"
            placeholder="tag, e.g. frequency:monthly"
            value={c.tag}
            onChange={(e) => onChange({ ...c, tag: e.target.value })}
          />
          <datalist id="whatsapp-segment-tags">
            {tagNames.map((t) => (
              <option key={t} value={t} />
            ))}
          </datalist>
        </>
      )
    case "metric":
      return (
        <>
          <SmallSelect
            value={c.metric}
            onChange={(m) => onChange({ ...c, metric: m as typeof c.metric })}
            options={SEGMENT_METRICS.map((m) => ({ value: m, label: METRIC_LABELS[m] }))}
          />
          <SmallSelect
            value={c.op}
            className="min-w-[4rem]"
            onChange={(op) => onChange({ ...c, op: op as typeof c.op })}
            options={METRIC_OPS.map((o) => ({ value: o, label: OP_LABELS[o] }))}
          />
          <Input
            size="small"
            type="number"
            className="w-28"
            value={Number.isFinite(c.value) ? String(c.value) : ""}
            onChange={(e) => onChange({ ...c, value: e.target.value === "" ? NaN : Number(e.target.value) })}
          />
        </>
      )
    case "consent":
      return (
        <SmallSelect
          value={c.value}
          onChange={(v) => onChange({ ...c, value: v as typeof c.value })}
          options={[
            { value: "granted", label: "is granted" },
            { value: "revoked", label: "is revoked" },
            { value: "unknown", label: "is unknown" },
          ]}
        />
      )
    case "country":
      return (
        <>
          <SmallSelect
            value={c.op}
            onChange={(op) => onChange({ ...c, op: op as "in" | "not_in" })}
            options={[
              { value: "in", label: "is one of" },
              { value: "not_in", label: "is none of" },
            ]}
          />
          <Input
            size="small"
            className="w-40"
            placeholder="TH, SG"
            defaultValue={c.values.join(", ")}
            onBlur={(e) => onChange({ ...c, values: listOf(e.target.value).map((v) => v.toUpperCase()) })}
          />
        </>
      )
    case "rfm_segment":
      return (
        <>
          <SmallSelect
            value={c.op}
            onChange={(op) => onChange({ ...c, op: op as "in" | "not_in" })}
            options={[
              { value: "in", label: "is" },
              { value: "not_in", label: "is not" },
            ]}
          />
          <SmallSelect
            value={c.values[0] ?? "Champions"}
            onChange={(v) => onChange({ ...c, values: [v as RfmSegment] })}
            options={RFM_SEGMENTS.map((s) => ({ value: s, label: s }))}
          />
        </>
      )
    case "last_contacted": {
      const setOp = (op: string) => {
        if (op === "never") onChange({ type: "last_contacted", op })
        else if (op === "before" || op === "after") onChange({ type: "last_contacted", op, date: "date" in c ? c.date : new Date().toISOString().slice(0, 10) })
        else onChange({ type: "last_contacted", op: op as "within_days" | "not_within_days", days: "days" in c ? c.days : 7 })
      }
      return (
        <>
          <SmallSelect
            value={c.op}
            onChange={setOp}
            options={[
              { value: "within_days", label: "within the last" },
              { value: "not_within_days", label: "not within the last" },
              { value: "before", label: "before" },
              { value: "after", label: "after" },
              { value: "never", label: "never" },
            ]}
          />
          {"days" in c && (
            <>
              <Input size="small" type="number" className="w-20" value={String(c.days)} onChange={(e) => onChange({ ...c, days: Number(e.target.value) })} />
              <Text size="small" className="text-ui-fg-subtle">
                days
              </Text>
            </>
          )}
          {"date" in c && (
            <Input size="small" type="date" className="w-40" value={c.date.slice(0, 10)} onChange={(e) => onChange({ ...c, date: e.target.value })} />
          )}
        </>
      )
    }
  }
}
