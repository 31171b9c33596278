/**
 * A bar chart of `data[x]` against `data[y]` (the funnel's steps, the decay's buckets) in plain SVG.
 * Not recharts: recharts 3 imports `use-sync-external-store/shim/with-selector` (CommonJS), which
 * Medusa's admin dev server (vite) served unconverted from a plugin, and the whole admin went blank
 * ("does not provide an export named useSyncExternalStoreWithSelector"). Bars, labels and a title
 * per bar (the native tooltip) are all these figures need.
 */
export const BarFigure = ({ data, x, y, label }: { data: Record<string, unknown>[]; x: string; y: string; label: string }) => {
  const values = data.map((d) => Number(d[y] ?? 0) || 0)
  const max = Math.max(1, ...values)
  const n = Math.max(1, data.length)
  const W = 100 / n
  const fmt = new Intl.NumberFormat()
  return (
    <div className="w-full" role="img" aria-label={label}>
      <svg viewBox="0 0 100 60" preserveAspectRatio="none" className="h-56 w-full">
        {[0.25, 0.5, 0.75, 1].map((f) => (
          <line key={f} x1={0} x2={100} y1={60 - f * 56} y2={60 - f * 56} stroke="currentColor" strokeOpacity={0.1} strokeWidth={0.2} />
        ))}
        {values.map((v, i) => {
          const h = (v / max) * 56
          return (
            <rect key={i} x={i * W + W * 0.15} width={W * 0.7} y={60 - h} height={h} rx={0.6} className="fill-ui-fg-interactive">
              <title>{`${String(data[i][x])}: ${fmt.format(v)} ${label.toLowerCase()}`}</title>
            </rect>
          )
        })}
      </svg>
      <div className="grid" style={{ gridTemplateColumns: `repeat(${n}, minmax(0, 1fr))` }}>
        {data.map((d, i) => (
          <div key={i} className="txt-compact-xsmall text-ui-fg-subtle text-center">
            <div className="text-ui-fg-base txt-compact-small-plus">{fmt.format(values[i])}</div>
            <div className="truncate">{String(d[x])}</div>
          </div>
        ))}
      </div>
    </div>
  )
}
