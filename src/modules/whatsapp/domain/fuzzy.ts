/**
 * Typo-tolerant keyword matching in time linear in the message.
 *
 * The score is the one auto-replies have always used: the best similarity
 * `1 - editDistance(window, keyword) / max(|window|, |keyword|)` over every stretch of the message
 * whose length is within one character of the keyword's. Computing it window by window costs
 * O(n · k²) per keyword (2.3 s for a 4,096-character message against the fuzzy rules of a real
 * store), so it is computed in two bounded steps instead:
 *
 0. Only the text around exact occurrences of pieces of the keyword can hold a window that reaches
 *    the threshold (candidateRegions); usually that is little or nothing of the message.
 * 1. One pass over the message (Myers' bit-parallel algorithm, Sellers' variant) gives, for every
 *    end position, the smallest edit distance between the keyword and any stretch ending there.
 *    That is a lower bound for every window ending there, so windows that cannot reach the
 *    threshold are skipped without being looked at. O(n · ⌈k / 32⌉) per keyword (keywords are at
 *    most 200 characters: at most 7 words per message character).
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
  /** Scratch: one keyword's match masks (block-major, MAX_BLOCKS × alphabet), then cleared. */
  peq: Int32Array
  /** Scratch: candidate end positions and their lower bounds. */
  ends: Int32Array
  dists: Int32Array
  /** Positions of each alphabet id, ascending: posList[posStart[id] .. posStart[id + 1]). */
  posStart: Int32Array
  posList: Int32Array
}

/** Keywords are at most 200 characters (the save route's limit): 7 words of 32 bits. */
const MAX_BLOCKS = 7

export function prepareFuzzyText(text: string): FuzzyText {
  const cps = new Int32Array(text.length)
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const c = text.codePointAt(i)!
    if (c > 0xffff) i++
    cps[n++] = c
  }
  const alphabet = new Map<number, number>()
  const ids = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    let id = alphabet.get(cps[i])
    if (id === undefined) alphabet.set(cps[i], (id = alphabet.size))
    ids[i] = id
  }
  // Where each character occurs (counting sort), to find pieces of keywords by their rarest one.
  const A = alphabet.size
  const posStart = new Int32Array(A + 1)
  for (let i = 0; i < n; i++) posStart[ids[i] + 1]++
  for (let a = 0; a < A; a++) posStart[a + 1] += posStart[a]
  const cursor = posStart.slice(0, A)
  const posList = new Int32Array(n)
  for (let i = 0; i < n; i++) posList[cursor[ids[i]]++] = i
  return {
    text,
    cps: cps.subarray(0, n),
    ids,
    alphabet,
    peq: new Int32Array(alphabet.size * MAX_BLOCKS),
    ends: new Int32Array(n),
    dists: new Int32Array(n),
    posStart,
    posList,
  }
}

/** Code points of a keyword (cached by the caller with the normalised keyword). */
export function keywordCodePoints(keyword: string): Int32Array {
  return Int32Array.from(Array.from(keyword, cp))
}

/**
 * Calls found(start) for each position where `piece` occurs in the message (code points), in
 * ascending order, until found returns true. Looks only at the positions of the piece's rarest
 * character: faster than indexOf on Thai text, where V8 searches two-byte strings slowly.
 */
function eachOccurrence(t: FuzzyText, piece: Int32Array, found: (start: number) => boolean | void): void {
  let rarest = -1
  let offset = 0
  let fewest = Infinity
  for (let i = 0; i < piece.length; i++) {
    const id = t.alphabet.get(piece[i])
    if (id === undefined) return // a character the message does not have
    const count = t.posStart[id + 1] - t.posStart[id]
    if (count < fewest) {
      fewest = count
      rarest = id
      offset = i
    }
  }
  const n = t.cps.length
  const cps = t.cps
  for (let q = t.posStart[rarest], end = t.posStart[rarest + 1]; q < end; q++) {
    const s = t.posList[q] - offset
    if (s < 0 || s + piece.length > n) continue
    let i = 0
    while (i < piece.length && cps[s + i] === piece[i]) i++
    if (i === piece.length && found(s)) return
  }
}

/** The keyword occurs unchanged in the message (what `includes` says, by the positions index). */
export function containsKeyword(t: FuzzyText, k: Int32Array): boolean {
  let hit = false
  eachOccurrence(t, k, () => (hit = true))
  return hit
}

/**
 * Pigeonhole filter: a stretch within maxD edits of the keyword contains at least one of any
 * maxD + 1 disjoint pieces of it unchanged and in place, give or take maxD characters (one edit
 * spoils at most one piece), and a window is at most m + 1 long. So only the text around
 * occurrences of the pieces can hold a window that reaches the threshold: those stretches (code
 * points, merged, ascending) are scanned, the rest is not. Returns null for "scan everything" (pieces of one character would be everywhere).
 */
function candidateRegions(t: FuzzyText, k: Int32Array, maxD: number): number[] | null {
  const m = k.length
  const pieces = maxD + 1
  if (pieces * 2 > m) return null
  const n = t.cps.length
  // start * 2^13 + end, so one numeric sort orders the stretches (n ≤ 4,096 < 2^13).
  const spans: number[] = []
  for (let p = 0, from = 0; p < pieces; p++) {
    const to = Math.round(((p + 1) * m) / pieces)
    // In the best alignment the surviving piece sits at most maxD characters off its place in
    // the keyword, so the window starts within maxD of s - from and is at most m + 1 long.
    const offset = from
    eachOccurrence(t, k.subarray(from, to), (s) => {
      spans.push(Math.max(0, s - offset - maxD) * 8192 + Math.min(n, s - offset + m + maxD + 1))
    })
    from = to
  }
  if (pieces > 1) spans.sort((a, b) => a - b)
  const merged: number[] = []
  for (const sp of spans) {
    const s = Math.floor(sp / 8192)
    const e = sp % 8192
    const last = merged.length - 1
    if (last > 0 && s <= merged[last]) merged[last] = Math.max(merged[last], e)
    else merged.push(s, e)
  }
  return merged
}

/**
 * For every end position e (1..n), the smallest edit distance between the keyword and any stretch
 * text[s..e): Myers' bit-parallel algorithm (search variant: row 0 of the DP is all zeros, a match
 * may start anywhere), in blocks of 32 rows for keywords longer than 32 code points (Hyyrö's
 * carry of the horizontal delta between blocks). Over text[from..to) only (stretches starting
 * before `from` are not counted). Appends the ends where it is ≤ maxD to t.ends/t.dists after the
 * first `found` and returns the new count.
 */
function scanLowerBounds(t: FuzzyText, k: Int32Array, maxD: number, from: number, to: number, found: number): number {
  const m = k.length
  const blocks = Math.ceil(m / 32)
  const A = t.alphabet.size
  const peq = t.peq
  const touched: number[] = []
  for (let p = 0; p < m; p++) {
    const id = t.alphabet.get(k[p])
    if (id === undefined) continue
    const at = (p >> 5) * A + id
    peq[at] |= 1 << (p & 31)
    touched.push(at)
  }
  const ids = t.ids
  const ends = t.ends
  const dists = t.dists
  const lastBits = m - (blocks - 1) * 32
  const lastHb = 1 << (lastBits - 1)
  let score = m
  if (blocks === 1) {
    let pv = m === 32 ? -1 : (1 << m) - 1
    let mv = 0
    for (let j = from; j < to; j++) {
      const eq = peq[ids[j]]
      const xv = eq | mv
      // `| 0` wraps the sum to 32 bits, as the algorithm's machine-word addition does.
      const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq
      let ph = mv | ~(xh | pv)
      let mh = pv & xh
      if (ph & lastHb) score++
      else if (mh & lastHb) score--
      ph <<= 1
      mh <<= 1
      pv = mh | ~(xv | ph)
      mv = ph & xv
      if (score <= maxD) {
        ends[found] = j + 1
        dists[found++] = score
      }
    }
  } else {
    const pvs = new Int32Array(blocks).fill(-1)
    const mvs = new Int32Array(blocks)
    for (let j = from; j < to; j++) {
      const id = ids[j]
      let hin = 0 // row 0 is all zeros: no horizontal change enters the first block
      for (let b = 0; b < blocks; b++) {
        const pv = pvs[b]
        const mv = mvs[b]
        let eq = peq[b * A + id]
        const xv = eq | mv
        if (hin < 0) eq |= 1
        const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq
        let ph = mv | ~(xh | pv)
        let mh = pv & xh
        const hb = b === blocks - 1 ? lastHb : 1 << 31
        const hout = ph & hb ? 1 : mh & hb ? -1 : 0
        ph <<= 1
        mh <<= 1
        if (hin < 0) mh |= 1
        else if (hin > 0) ph |= 1
        pvs[b] = mh | ~(xv | ph)
        mvs[b] = ph & xv
        hin = hout
      }
      score += hin
      if (score <= maxD) {
        ends[found] = j + 1
        dists[found++] = score
      }
    }
  }
  for (const at of touched) peq[at] = 0
  return found
}

/**
 * The old windows' best score among those ending at `end`: windows of length k-1, k and k+1 (at
 * least 1), found in one DP over the characters before `end`, read backwards. Only distances up to
 * maxD matter (more cannot reach the threshold), so only the diagonal band |row - col| ≤ maxD + 1
 * is computed (Ukkonen); outside it a cell counts as "too far". Exact whenever the result reaches
 * the threshold, never above the true score otherwise.
 */
function bestWindowEndingAt(cps: Int32Array, end: number, k: Int32Array, maxD: number, rows: [Int32Array, Int32Array]): number {
  const m = k.length
  const minLen = Math.max(1, m - 1)
  const maxLen = Math.min(m + 1, end)
  const band = maxD + 1
  const FAR = m + maxLen + 2
  let [prev, cur] = rows
  for (let c = 0; c <= m; c++) prev[c] = c
  let best = 0
  for (let r = 1; r <= maxLen; r++) {
    const lo = Math.max(1, r - band)
    const hi = Math.min(m, r + band)
    cur[lo - 1] = lo === 1 ? r : FAR
    const ch = cps[end - r]
    for (let c = lo; c <= hi; c++) {
      const sub = prev[c - 1] + (k[m - c] === ch ? 0 : 1)
      const del = prev[c] + 1
      const ins = cur[c - 1] + 1
      cur[c] = sub < del ? (sub < ins ? sub : ins) : del < ins ? del : ins
    }
    if (hi < m) cur[hi + 1] = FAR
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
export function fuzzyScore(t: FuzzyText, k: Int32Array, threshold: number): number {
  const m = k.length
  if (!m) return 0
  if (containsKeyword(t, k)) return 1
  const n = t.cps.length
  if (n <= m + 1) return 1 - editDistanceCp(t.cps, k) / Math.max(n, m)
  // A window scores at most 1 - d / (m + 1) when d edits separate it from the keyword.
  const maxD = Math.max(0, Math.floor((1 - threshold) * (m + 1) + 1e-9))
  // Below the threshold the answer only has to stay below it: say "at least maxD + 1 edits".
  const below = Math.max(0, 1 - (maxD + 1) / (m + 1))
  const regions = candidateRegions(t, k, maxD) ?? [0, n]
  if (!regions.length) return below
  let found = 0
  for (let r = 0; r < regions.length; r += 2) found = scanLowerBounds(t, k, maxD, regions[r], regions[r + 1], found)
  // Most promising first (counting sort on the bound), stop once nothing left can do better.
  const buckets: number[][] = Array.from({ length: maxD + 1 }, () => [])
  const minEnd = Math.max(1, m - 1)
  for (let i = 0; i < found; i++) if (t.ends[i] >= minEnd) buckets[t.dists[i]].push(t.ends[i])
  const rows: [Int32Array, Int32Array] = [new Int32Array(m + 1), new Int32Array(m + 1)]
  let best = 0
  let evaluated = 0
  for (let d = 0; d <= maxD; d++) {
    if (best >= 1 - d / (m + 1)) break
    for (const end of buckets[d]) {
      const s = bestWindowEndingAt(t.cps, end, k, maxD, rows)
      if (s > best) best = s
      if (++evaluated >= FUZZY_CANDIDATE_CAP || best >= 1 - d / (m + 1)) break
    }
    if (evaluated >= FUZZY_CANDIDATE_CAP) break
  }
  return evaluated ? best : below
}

/**
 * A fuzzy rule's score: 1 when the keyword is in the text, else the best similarity (0..1) of the
 * keyword to any stretch of the text of about its length, so a typo inside a longer sentence
 * ("ขอส่วนลดหนอย", "discout pls") still matches. Exact at or above `threshold` (0.5 is the lowest
 * a rule accepts).
 */
export function fuzzySimilarity(text: string, keyword: string, threshold = 0.5): number {
  return fuzzyScore(prepareFuzzyText(text), keywordCodePoints(keyword), threshold)
}
