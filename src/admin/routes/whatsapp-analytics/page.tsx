import { defineRouteConfig } from "@medusajs/admin-sdk"
import { ChartBar } from "@medusajs/icons"
import { Button, Container, Heading, Input, Label, Select, Text } from "@medusajs/ui"
import { useState } from "react"
import { FigureCard } from "../../components/analytics/figure-card"
import { ErrorState } from "../../components/common/error-state"
import { useAnalyticsFigures, type AnalyticsFilters } from "../../lib/analytics"

const day = (d: Date) => d.toISOString().slice(0, 10)
const defaults = (): AnalyticsFilters => ({ from: day(new Date(Date.now() - 90 * 86_400_000)), to: day(new Date()) })
const ALL = "all"

const AnalyticsPage = () => {
  const figures = useAnalyticsFigures()
  const [draft, setDraft] = useState<AnalyticsFilters>(defaults())
  const [filters, setFilters] = useState<AnalyticsFilters>(defaults())
  const set = (k: keyof AnalyticsFilters) => (e: React.ChangeEvent<HTMLInputElement>) => setDraft({ ...draft, [k]: e.target.value.trim() || undefined })

  return (
    <div className="flex flex-col gap-y-3">
      <Container className="flex flex-col gap-y-4 px-6 py-4">
        <div>
          <Heading level="h1">WhatsApp analytics</Heading>
          <Text size="small" className="text-ui-fg-subtle">
            Days and hours in the store's time zone{figures.data ? ` (${figures.data.timezone})` : ""}; revenue in the store's currency.
          </Text>
        </div>
        <form
          className="grid grid-cols-2 items-end gap-3 md:grid-cols-4 xl:grid-cols-7"
          onSubmit={(e) => {
            e.preventDefault()
            setFilters(draft)
          }}
        >
          <Field label="From">
            <Input type="date" size="small" value={draft.from ?? ""} onChange={set("from")} />
          </Field>
          <Field label="To">
            <Input type="date" size="small" value={draft.to ?? ""} onChange={set("to")} />
          </Field>
          <Field label="Kind">
            <Select size="small" value={draft.kind ?? ALL} onValueChange={(v) => setDraft({ ...draft, kind: v === ALL ? undefined : v })}>
              <Select.Trigger>
                <Select.Value />
              </Select.Trigger>
              <Select.Content>
                <Select.Item value={ALL}>All messages</Select.Item>
                <Select.Item value="marketing">Marketing (campaigns)</Select.Item>
                <Select.Item value="notification">Notifications</Select.Item>
                <Select.Item value="conversation">Conversation</Select.Item>
              </Select.Content>
            </Select>
          </Field>
          <Field label="Campaign id">
            <Input size="small" placeholder="wacmp_…" value={draft.campaign_id ?? ""} onChange={set("campaign_id")} />
          </Field>
          <Field label="Segment id">
            <Input size="small" placeholder="waseg_…" value={draft.segment_id ?? ""} onChange={set("segment_id")} />
          </Field>
          <Field label="Template">
            <Input size="small" placeholder="template name" value={draft.template ?? ""} onChange={set("template")} />
          </Field>
          <Button size="small" type="submit">
            Apply
          </Button>
        </form>
      </Container>
      {figures.isError && <ErrorState title="Could not load the figures" error={figures.error} onRetry={() => figures.refetch()} />}
      {figures.data?.figures.map((f) => (
        <FigureCard key={f.figure} figure={f.figure} title={f.title} filters={filters} />
      ))}
    </div>
  )
}

const Field = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <div className="flex flex-col gap-y-1">
    <Label size="xsmall">{label}</Label>
    {children}
  </div>
)

export const config = defineRouteConfig({
  label: "WhatsApp analytics",
  icon: ChartBar,
})

export default AnalyticsPage
