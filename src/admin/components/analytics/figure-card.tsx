import { Container, Heading, Skeleton, Text } from "@medusajs/ui"
import { ErrorState } from "../common/error-state"
import { analyticsQuery, useAnalyticsFigure, type AnalyticsFigure, type AnalyticsFilters } from "../../lib/analytics"
import { BarFigure } from "./bar-figure"
import { FigureTable } from "./figure-table"
import { Heatmap } from "./heatmap"

/** One figure: title, how it is computed, its chart, its table, a CSV link; an empty state with no rows. */
export const FigureCard = ({ figure, title, filters }: { figure: string; title: string; filters: AnalyticsFilters }) => {
  const q = useAnalyticsFigure(figure, filters)
  const csv = `/admin/whatsapp/analytics/${encodeURIComponent(figure)}?${analyticsQuery(filters, { format: "csv" })}`
  return (
    <Container className="divide-y p-0">
      <div className="flex items-start justify-between gap-x-4 px-6 py-4">
        <div>
          <Heading level="h2">{q.data?.title ?? title}</Heading>
          {q.data && (
            <Text size="small" className="text-ui-fg-subtle mt-1">
              {q.data.note}
            </Text>
          )}
        </div>
        <a href={csv} download className="text-ui-fg-interactive txt-compact-small-plus whitespace-nowrap hover:underline">
          Download CSV
        </a>
      </div>
      {q.isLoading && (
        <div className="px-6 py-4" data-testid="figure-loading">
          <Skeleton className="h-32 w-full" />
        </div>
      )}
      {q.isError && <ErrorState title={`Could not load ${title}`} error={q.error} onRetry={() => q.refetch()} />}
      {q.data && !q.data.rows.length && (
        <div className="px-6 py-8">
          <Text size="small" className="text-ui-fg-muted">
            No data in this range.
          </Text>
        </div>
      )}
      {q.data && q.data.rows.length > 0 && <FigureBody figure={q.data} />}
    </Container>
  )
}

const FigureBody = ({ figure }: { figure: AnalyticsFigure }) => {
  const chart = figure.chart
  return (
    <>
      {chart.type === "funnel" && (
        <div className="px-6 py-4">
          <BarFigure data={chart.totals} x="step" y="value" label="Messages" />
        </div>
      )}
      {chart.type === "bars" && (
        <div className="px-6 py-4">
          <BarFigure data={figure.rows} x={chart.x} y={chart.y} label="Replies" />
        </div>
      )}
      {chart.type === "heatmap" && (
        <div className="flex flex-col gap-y-4 px-6 py-4">
          <Best label="Best slots for reads" slots={chart.best_read} />
          <Heatmap cells={figure.rows as any} metric="read_rate" />
          <Best label="Best slots for replies" slots={chart.best_reply} />
          <Heatmap cells={figure.rows as any} metric="reply_rate" />
        </div>
      )}
      <FigureTable figure={figure} />
    </>
  )
}

const Best = ({ label, slots }: { label: string; slots: { name: string; rate: number; n: number }[] }) => {
  const pct = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 })
  return (
    <Text size="small">
      <span className="font-medium">{label}: </span>
      {slots.length ? slots.map((s) => `${s.name} (${pct.format(s.rate)} of ${s.n})`).join(", ") : "not enough messages yet (3 per slot)"}
    </Text>
  )
}
