import { Text } from "@medusajs/ui"

const DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]

type Cell = { weekday: number; hour: number; sent: number; read_rate: number | null; reply_rate: number | null; slot: string }

/** Weekday × hour grid (CSS grid), each cell shaded by its rate; the title shows the counts. */
export const Heatmap = ({ cells, metric }: { cells: Cell[]; metric: "read_rate" | "reply_rate" }) => {
  const byKey = new Map(cells.map((c) => [`${c.weekday}:${c.hour}`, c]))
  const pct = new Intl.NumberFormat(undefined, { style: "percent", maximumFractionDigits: 0 })
  return (
    <div className="overflow-x-auto">
      <div className="grid min-w-[640px] gap-px" style={{ gridTemplateColumns: "3rem repeat(24, minmax(0, 1fr))" }}>
        <div />
        {Array.from({ length: 24 }, (_, h) => (
          <Text key={h} size="xsmall" className="text-ui-fg-muted text-center">
            {h}
          </Text>
        ))}
        {DAYS.map((d, i) => (
          <Row key={d} label={d}>
            {Array.from({ length: 24 }, (_, h) => {
              const c = byKey.get(`${i + 1}:${h}`)
              const v = c ? c[metric] : null
              return (
                <div
                  key={h}
                  title={c ? `${c.slot}: ${c.sent} sent, ${v === null ? "—" : pct.format(v)}` : "no messages"}
                  className="h-6 rounded-sm"
                  style={{ background: v === null ? "var(--bg-subtle, #f4f4f5)" : `rgba(34, 197, 94, ${0.15 + 0.85 * v})` }}
                />
              )
            })}
          </Row>
        ))}
      </div>
    </div>
  )
}

const Row = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <>
    <Text size="xsmall" className="text-ui-fg-subtle self-center">
      {label}
    </Text>
    {children}
  </>
)
