import { RFM_SEGMENTS, fmScore, quintileCutPoints, quintileScores, rfmGridCells, rfmSegment, rfmSlug, rfmTag, scoreWithCutPoints } from "../rfm"

/** A small deterministic PRNG so the property checks are repeatable. */
function rng(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed / 2147483648
  }
}

describe("quintile scores", () => {
  it("ten distinct values: two per score, lowest value scores 1", () => {
    expect(quintileScores([10, 1, 9, 2, 8, 3, 7, 4, 6, 5])).toEqual([5, 1, 5, 1, 4, 2, 4, 2, 3, 3])
  })

  it("five values: one per score; one value: score 1", () => {
    expect(quintileScores([50, 40, 30, 20, 10])).toEqual([5, 4, 3, 2, 1])
    expect(quintileScores([42])).toEqual([1])
  })

  it("ties always share a score — the score of the first of the tie group", () => {
    // 6 of 10 bought once: all score 1; the rest start at rank 7 → 1 + floor(5·6/10) = 4.
    const counts = [1, 1, 1, 1, 1, 1, 2, 2, 3, 9]
    expect(quintileScores(counts)).toEqual([1, 1, 1, 1, 1, 1, 4, 4, 5, 5])
    expect(quintileScores([7, 7, 7, 7])).toEqual([1, 1, 1, 1])
  })

  it("does not depend on input order", () => {
    const r = rng(7)
    const xs = Array.from({ length: 200 }, () => Math.floor(r() * 30))
    const scores = quintileScores(xs)
    const shuffled = xs.map((x, i) => ({ x, s: scores[i], k: r() })).sort((a, b) => a.k - b.k)
    const again = quintileScores(shuffled.map((e) => e.x))
    shuffled.forEach((e, i) => expect(again[i]).toBe(e.s))
  })

  it("with distinct values each score holds a fifth of the customers", () => {
    const xs = Array.from({ length: 1000 }, (_, i) => i * 3.5)
    const scores = quintileScores(xs)
    for (let s = 1; s <= 5; s++) expect(scores.filter((x) => x === s)).toHaveLength(200)
  })
})

describe("cut-points (what an incremental recompute scores one customer against)", () => {
  it("scoring every member against the cut-points equals the full ranking, ties and all", () => {
    const r = rng(11)
    for (let trial = 0; trial < 200; trial++) {
      const n = 1 + Math.floor(r() * 60)
      const spread = 1 + Math.floor(r() * 20)
      const xs = Array.from({ length: n }, () => Math.floor(r() * spread))
      const cuts = quintileCutPoints(xs)
      expect(xs.map((x) => scoreWithCutPoints(x, cuts))).toEqual(quintileScores(xs))
    }
  })

  it("ten distinct values → cuts at the 3rd, 5th, 7th, 9th", () => {
    expect(quintileCutPoints([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])).toEqual([3, 5, 7, 9])
  })

  it("all equal → no cut is reached; empty → all null", () => {
    expect(quintileCutPoints([4, 4, 4])).toEqual([null, null, null, null])
    expect(quintileCutPoints([])).toEqual([null, null, null, null])
    expect(scoreWithCutPoints(1000, [null, null, null, null])).toBe(1)
  })

  it("a newcomer scores by where they fall between the stored cuts", () => {
    const cuts = quintileCutPoints([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect(scoreWithCutPoints(0, cuts)).toBe(1)
    expect(scoreWithCutPoints(4.5, cuts)).toBe(2)
    expect(scoreWithCutPoints(5, cuts)).toBe(3)
    expect(scoreWithCutPoints(100, cuts)).toBe(5)
  })
})

describe("named segments", () => {
  it("the grid assigns all 25 (R, FM) cells and uses each of the 11 segments", () => {
    const cells = rfmGridCells()
    expect(cells).toHaveLength(25)
    expect(new Set(cells.map((c) => c.segment))).toEqual(new Set(RFM_SEGMENTS))
    expect(RFM_SEGMENTS).toHaveLength(11)
  })

  // Published ranges (R; FM) each segment's cells must fall in.
  const ranges: Record<string, [number, number, number, number]> = {
    Champions: [4, 5, 4, 5],
    Loyal: [2, 5, 3, 5],
    "Potential Loyalist": [3, 5, 1, 3],
    New: [4, 5, 1, 1],
    Promising: [3, 4, 1, 1],
    "Need Attention": [2, 3, 2, 3],
    "About to Sleep": [2, 3, 1, 2],
    "At Risk": [1, 2, 2, 5],
    "Can't Lose": [1, 1, 4, 5],
    Hibernating: [1, 2, 1, 2],
    Lost: [1, 2, 1, 2],
  }
  it.each(rfmGridCells())("R=$r FM=$fm → $segment lies within that segment's published ranges", ({ r, fm, segment }) => {
    const [rLo, rHi, fLo, fHi] = ranges[segment]
    expect(r >= rLo && r <= rHi && fm >= fLo && fm <= fHi).toBe(true)
  })

  it.each([
    [5, 5, 5, "Champions"],
    [4, 4, 5, "Champions"],
    [5, 1, 1, "New"],
    [4, 1, 1, "Promising"],
    [5, 1, 4, "Potential Loyalist"], // FM = ⌊5/2⌋ = 2
    [5, 1, 5, "Loyal"], // FM = 3
    [3, 3, 3, "Need Attention"],
    [3, 1, 2, "About to Sleep"],
    [2, 5, 5, "At Risk"],
    [1, 5, 4, "Can't Lose"],
    [1, 2, 3, "Hibernating"],
    [2, 1, 1, "Hibernating"],
    [1, 1, 1, "Lost"],
  ])("R=%i F=%i M=%i → %s", (r, f, m, seg) => {
    expect(rfmSegment(r, f, m)).toBe(seg)
  })

  it("FM rounds down and scores outside 1–5 are refused", () => {
    expect(fmScore(1, 2)).toBe(1)
    expect(fmScore(4, 5)).toBe(4)
    expect(() => rfmSegment(0, 1, 1)).toThrow(/R score/)
    expect(() => rfmSegment(1, 6, 1)).toThrow(/F score/)
    expect(() => rfmSegment(1, 1, 2.5)).toThrow(/M score/)
  })

  it("tags are stable slugs", () => {
    expect(rfmSlug("Can't Lose")).toBe("cant-lose")
    expect(rfmTag("Potential Loyalist")).toBe("rfm:potential-loyalist")
    expect(new Set(RFM_SEGMENTS.map(rfmTag)).size).toBe(11)
  })
})
