/**
 * Typo-tolerant keyword matching in time linear in the message.
 *
 * The score is the one auto-replies have always used: the best similarity
 * `1 - editDistance(window, keyword) / max(|window|, |keyword|)` over every stretch of the message
 * whose length is within one character of the keyword's. Computing it window by window costs
 * O(n · k²) per keyword (2.3 s for a 4,096-character message against the fuzzy rules of a real
 * store), so it is computed in two bounded steps instead:
 *
 * 1. One pass over the message (Myers' bit-parallel algorithm, Sellers' variant) gives, for every
 *    end position, the smallest edit distance between the keyword and any stretch ending there.
 *    That is a lower bound for every window ending there, so windows that cannot reach the
 *    threshold are skipped without being looked at. O(n) per keyword of up to 32 code points,
 *    O(n · k) above that (keywords are at most 200 characters).
 * 2. The exact score is computed only at the remaining end positions, most promising first, for at
 *    most FUZZY_CANDIDATE_CAP of them: O(k²) each. Past the cap the best score found so far stands.
 *    A message built to be a near miss at every position therefore costs a fixed amount.
 *
 * Works on code points, like the old windows (Thai combining marks count as characters).
 */

/** Exact window scores computed per keyword and message, at most. */
export const FUZZY_CANDIDATE_CAP = 64

/** Levenshtein distance over code points. */
export function editDistance(a: string, b: string): number {
  return editDistanceCp(Array.from(a, cp), Array.from(b, cp))
}

const cp = (c: string) => c.codePointAt(0)!

function editDistanceCp(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let prev = new Int32Array(y.length + 1)
  let cur = new Int32Array(y.length + 1)
  for (let j = 0; j <= y.length; j++) prev[j] = j
  for (let i = 1; i <= x.length; i++) {
    cur[0] = i
    for (let j = 1; j <= y.length; j++) {
      const sub = prev[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1)
      const del = prev[j] + 1
      const ins = cur[j - 1] + 1
      cur[j] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins
    }
    const t = prev
    prev = cur
    cur = t
  }
  return prev[y.length]
}

/**
 * A message prepared once for all fuzzy keywords: its code points, and each one's index in the
 * message's own alphabet (so a keyword's bit masks live in a small typed array, not a Map).
 */
export interface FuzzyText {
  text: string
  cps: Int32Array
  ids: Int32Array
  alphabet: Map<number, number>
  /** Scratch, sized to the alphabet: one keyword's match masks at a time. */
  peq: Int32Array
}

export function prepareFuzzyText(text: string): FuzzyText {
  const cps: number[] = []
  for (const c of text) cps.push(c.codePointAt(0)!)
  const alphabet = new Map<number, number>()
  const ids = new Int32Array(cps.length)
  for (let i = 0; i < cps.length; i++) {
    let id = alphabet.get(cps[i])
    if (id === undefined) alphabet.set(cps[i], (id = alphabet.size))
    ids[i] = id
  }
  return { text, cps: Int32Array.from(cps), ids, alphabet, peq: new Int32Array(alphabet.size) }
}

/** Code points of a keyword (cached by the caller with the normalised keyword). */
export function keywordCodePoints(keyword: string): Int32Array {
  return Int32Array.from(Array.from(keyword, cp))
}

/**
 * For every end position e (1..n), the smallest edit distance between the keyword and any stretch
 * text[s..e). Calls visit(e, d) only where d ≤ maxD; returns the smallest d seen anywhere.
 */
function scanLowerBounds(t: FuzzyText, k: Int32Array, maxD: number, visit: (end: number, d: number) => void): number {
  const n = t.cps.length
  const m = k.length
  let dmin = m
  if (m <= 32) {
    // Myers (1999), search variant: row 0 of the DP is all zeros (a match may start anywhere).
    const peq = t.peq
    const touched: number[] = []
    for (let p = 0; p < m; p++) {
      const id = t.alphabet.get(k[p])
      if (id === undefined) continue
      peq[id] |= 1 << p
      touched.push(id)
    }
    let pv = m === 32 ? -1 : (1 << m) - 1
    let mv = 0
    let score = m
    const hb = 1 << (m - 1)
    const ids = t.ids
    for (let j = 0; j < n; j++) {
      const eq = peq[ids[j]]
      const xv = eq | mv
      // `| 0` wraps the sum to 32 bits, as the algorithm's machine-word addition does.
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq
      let ph = mv | ~(xh | pv)
      let mh = pv & xh
      if (ph & hb) score++
      else if (mh & hb) score--
      ph <<= 1
      mh <<= 1
      pv = mh | ~(xv | ph)
      mv = ph & xv
      if (score < dmin) dmin = score
      if (score <= maxD) visit(j + 1, score)
    }
    for (const id of touched) peq[id] = 0
    return dmin
  }
  // Long keywords: Sellers' DP, one column per message character. O(n · m), m ≤ 200.
  let col = new Int32Array(m + 1)
  let next = new Int32Array(m + 1)
  for (let i = 0; i <= m; i++) col[i] = i
  const cps = t.cps
  for (let j = 0; j < n; j++) {
    next[0] = 0
    const c = cps[j]
    for (let i = 1; i <= m; i++) {
      const sub = col[i - 1] + (k[i - 1] === c ? 0 : 1)
      const del = col[i] + 1
      const ins = next[i - 1] + 1
      next[i] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins
    }
    const tmp = col
    col = next
    next = tmp
    const d = col[m]
    if (d < dmin) dmin = d
    if (d <= maxD) visit(j + 1, d)
  }
  return dmin
}

/**
 * The old windows' best score among those ending at `end`: windows of length k-1, k and k+1 (at
 * least 1), found in one DP over the characters before `end`, read backwards.
 */
function bestWindowEndingAt(cps: Int32Array, end: number, k: Int32Array, rows: [Int32Array, Int32Array]): number {
  const m = k.length
  const minLen = Math.max(1, m - 1)
  const maxLen = Math.min(m + 1, end)
  let [prev, cur] = rows
  for (let c = 0; c <= m; c++) prev[c] = c
  let best = 0
  for (let r = 1; r <= maxLen; r++) {
    cur[0] = r
    const ch = cps[end - r]
    for (let c = 1; c <= m; c++) {
      const sub = prev[c - 1] + (k[m - c] === ch ? 0 : 1)
      const del = prev[c] + 1
      const ins = cur[c - 1] + 1
      cur[c] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins
    }
    const tmp = prev
    prev = cur
    cur = tmp
    if (r >= minLen) {
      const s = 1 - prev[m] / Math.max(r, m)
      if (s > best) best = s
    }
  }
  return best
}

/**
 * Similarity (0..1) of the keyword to the best stretch of the message, exact wherever it reaches
 * `threshold`. Below the threshold it returns an upper bound of the old score, also below the
 * threshold, so `score >= threshold` decides exactly as before.
 */
export function fuzzyScore(t: FuzzyText, keyword: string, k: Int32Array, threshold: number): number {
  const m = k.length
  if (!m) return 0
  if (t.text.includes(keyword)) return 1
  const n = t.cps.length
  if (n <= m + 1) return 1 - editDistanceCp(t.cps, k) / Math.max(n, m)
  // A window scores at most 1 - d / (m + 1) when d edits separate it from the keyword.
  const maxD = Math.max(0, Math.floor((1 - threshold) * (m + 1) + 1e-9))
  const ends: number[] = []
  const dists: number[] = []
  const dmin = scanLowerBounds(t, k, maxD, (end, d) => {
    if (end >= Math.max(1, m - 1)) {
      ends.push(end)
      dists.push(d)
    }
  })
  if (!ends.length) return Math.max(0, Math.min(1 - dmin / (m + 1), threshold - 1e-6))
  // Most promising first (counting sort on the bound), stop once nothing left can do better.
  const buckets: number[][] = Array.from({ length: maxD + 1 }, () => [])
  for (let i = 0; i < ends.length; i++) buckets[dists[i]].push(ends[i])
  const rows: [Int32Array, Int32Array] = [new Int32Array(m + 1), new Int32Array(m + 1)]
  let best = 0
  let evaluated = 0
  for (let d = 0; d <= maxD; d++) {
    if (best >= 1 - d / (m + 1)) break
    for (const end of buckets[d]) {
      const s = bestWindowEndingAt(t.cps, end, k, rows)
      if (s > best) best = s
      if (++evaluated >= FUZZY_CANDIDATE_CAP || best >= 1 - d / (m + 1)) break
    }
    if (evaluated >= FUZZY_CANDIDATE_CAP) break
  }
  return best
}

/**
 * A fuzzy rule's score: 1 when the keyword is in the text, else the best similarity (0..1) of the
 * keyword to any stretch of the text of about its length, so a typo inside a longer sentence
 * ("ขอส่วนลดหนอย", "discout pls") still matches. Exact at or above `threshold` (0.5 is the lowest
 * a rule accepts).
 */
export function fuzzySimilarity(text: string, keyword: string, threshold = 0.5): number {
  return fuzzyScore(prepareFuzzyText(text), keyword, keywordCodePoints(keyword), threshold)
}
