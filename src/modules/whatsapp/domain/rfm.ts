/**
 * RFM scoring: recency, frequency and monetary scores 1–5 by quintile over the store's buying
 * customers, and the named segment a score falls in.
 *
 * Quintile method (the same in SQL, see segmentation/recompute.ts): a value's score is
 *   1 + floor(5 · (number of customers with a strictly lower value) / n)
 * so customers with equal values always share a score (ties never straddle a boundary), and with
 * n distinct values exactly a fifth of them land in each score. The consequence of ties: when most
 * customers bought once, every one-time buyer gets F=1 and the next score used is higher (e.g. 1, 4, 5).
 *
 * The same scores come from four cut-points: score(x) = 1 + #{k : x ≥ cut_k}, where cut_k is the
 * smallest value with at least k·n/5 values strictly below it. A full recompute stores the cut-points;
 * an incremental recompute of one customer scores them against the stored cut-points, so one new
 * order does not shift everybody else's scores between nightly runs.
 *
 * Recency is scored on the last order date (later = higher score), frequency on the order count,
 * monetary on the total spent.
 */

// The segment names live in src/shared/segments.ts (the admin's rule builder lists them too).
import type { RfmSegment } from "../../../shared/segments"
export { RFM_SEGMENTS, type RfmSegment } from "../../../shared/segments"

export type Score = 1 | 2 | 3 | 4 | 5

/** "Can't Lose" → "cant-lose": the tag suffix (`rfm:cant-lose`). */
export function rfmSlug(segment: RfmSegment): string {
  return segment
    .toLowerCase()
    .replace(/'/g, "")
    .replace(/[^a-z0-9]+/g, "-")
}

export const RFM_TAG_PREFIX = "rfm:"
export const rfmTag = (segment: RfmSegment) => `${RFM_TAG_PREFIX}${rfmSlug(segment)}`

/**
 * The segment grid, indexed [R-1][FM-1] with FM = ⌊(F+M)/2⌋ (rounded down, so one large order
 * alone does not lift a one-time buyer into the loyal half).
 *
 * It is the widely used 11-segment map (Putler's "RFM analysis" table) made total: each segment's
 * published ranges are R/FM intervals that overlap, so every one of the 25 cells is assigned
 * explicitly to a segment whose published ranges contain it:
 *
 *   FM\R   1            2            3               4                   5
 *   5      Can't Lose   At Risk      Loyal           Champions           Champions
 *   4      Can't Lose   At Risk      Loyal           Champions           Champions
 *   3      At Risk      At Risk      Need Attention  Loyal               Loyal
 *   2      Hibernating  Hibernating  About to Sleep  Potential Loyalist  Potential Loyalist
 *   1      Lost         Hibernating  About to Sleep  Promising           New
 *
 * Published ranges (R; FM): Champions 4–5; 4–5 · Loyal 2–5; 3–5 · Potential Loyalist 3–5; 1–3 ·
 * New 4–5; ≤1 · Promising 3–4; ≤1 · Need Attention 2–3; 2–3 · About to Sleep 2–3; ≤2 ·
 * At Risk ≤2; 2–5 · Can't Lose ≤1; 4–5 · Hibernating 1–2; 1–2 · Lost ≤2; ≤2.
 */
const GRID: RfmSegment[][] = [
  // R = 1, FM = 1..5
  ["Lost", "Hibernating", "At Risk", "Can't Lose", "Can't Lose"],
  // R = 2
  ["Hibernating", "Hibernating", "At Risk", "At Risk", "At Risk"],
  // R = 3
  ["About to Sleep", "About to Sleep", "Need Attention", "Loyal", "Loyal"],
  // R = 4
  ["Promising", "Potential Loyalist", "Loyal", "Champions", "Champions"],
  // R = 5
  ["New", "Potential Loyalist", "Loyal", "Champions", "Champions"],
]

function assertScore(name: string, s: number): asserts s is Score {
  if (!Number.isInteger(s) || s < 1 || s > 5) throw new RangeError(`${name} score must be an integer 1–5, got ${s}`)
}

export function fmScore(f: number, m: number): Score {
  assertScore("F", f)
  assertScore("M", m)
  return Math.floor((f + m) / 2) as Score
}

export function rfmSegment(r: number, f: number, m: number): RfmSegment {
  assertScore("R", r)
  return GRID[r - 1][fmScore(f, m) - 1]
}

/** Every (R, FM) cell with its segment: used to generate the SQL CASE and by the dashboard. */
export function rfmGridCells(): { r: Score; fm: Score; segment: RfmSegment }[] {
  const out: { r: Score; fm: Score; segment: RfmSegment }[] = []
  for (let r = 1; r <= 5; r++) for (let fm = 1; fm <= 5; fm++) out.push({ r: r as Score, fm: fm as Score, segment: GRID[r - 1][fm - 1] })
  return out
}

/** Scores every value by the quintile rule above; same order as the input. */
export function quintileScores(values: number[]): Score[] {
  const n = values.length
  const sorted = [...values].sort((a, b) => a - b)
  return values.map((v) => {
    const below = lowerBound(sorted, v)
    return (1 + Math.floor((5 * below) / n)) as Score
  })
}

/**
 * The four cut-points (ascending, may repeat; null when no value reaches that quintile, e.g. when
 * everybody has the same value). Empty input → all null (everyone would score 1).
 */
export function quintileCutPoints(values: number[]): (number | null)[] {
  const n = values.length
  const sorted = [...values].sort((a, b) => a - b)
  const cuts: (number | null)[] = []
  for (let k = 1; k <= 4; k++) {
    // Smallest value v in the data with #{< v} ≥ k·n/5. #{< sorted[i]} is the lower bound of sorted[i].
    let cut: number | null = null
    for (let i = 0; i < n; i++) {
      if (5 * lowerBound(sorted, sorted[i]) >= k * n) {
        cut = sorted[i]
        break
      }
    }
    cuts.push(cut)
  }
  return cuts
}

export function scoreWithCutPoints(value: number, cuts: (number | null)[]): Score {
  let s = 1
  for (const c of cuts) if (c !== null && value >= c) s++
  return s as Score
}

function lowerBound(sorted: number[], v: number): number {
  let lo = 0
  let hi = sorted.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (sorted[mid] < v) lo = mid + 1
    else hi = mid
  }
  return lo
}

export interface RfmCutPoints {
  /** Last order time, epoch seconds. */
  recency: (number | null)[]
  frequency: (number | null)[]
  monetary: (number | null)[]
}
