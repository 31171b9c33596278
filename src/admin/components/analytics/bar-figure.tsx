import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts"

/** A bar chart (recharts) of `data[x]` against `data[y]`: the funnel's steps, the decay's buckets. */
export const BarFigure = ({ data, x, y, label }: { data: Record<string, unknown>[]; x: string; y: string; label: string }) => (
  <div className="h-64 w-full">
    <ResponsiveContainer width="100%" height="100%">
      <BarChart data={data} margin={{ top: 8, right: 16, bottom: 8, left: 0 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey={x} tick={{ fontSize: 12 }} />
        <YAxis allowDecimals={false} tick={{ fontSize: 12 }} />
        <Tooltip formatter={(v) => [new Intl.NumberFormat().format(Number(v)), label]} />
        <Bar dataKey={y} name={label} fill="var(--fg-interactive, #3b82f6)" radius={[4, 4, 0, 0]} />
      </BarChart>
    </ResponsiveContainer>
  </div>
)
