/**
 * A/B test winner selection, pure. The leader (highest rate, or revenue per message) is compared
 * with every other variant by a two-sided z-test at `alpha`, Bonferroni-corrected for the k − 1
 * comparisons (each at alpha / (k − 1)):
 *   - read / reply / order: two-proportion z-test with the pooled proportion;
 *   - revenue: Welch's z on revenue per message (large samples, unequal variances).
 * The leader wins only when it beats every other variant significantly and every variant has at
 * least `min_sample` messages sent; otherwise "too_few" or "no_clear_winner" (the caller then uses
 * the control, variant 0, unless the merchant picks one).
 */

export const AB_METRICS = ["read", "reply", "order", "revenue"] as const
export type AbMetric = (typeof AB_METRICS)[number]

export interface VariantOutcome {
  key: string
  /** Messages sent to this variant's test recipients. */
  n: number
  /** Recipients who read / replied / ordered (for revenue: who ordered). */
  successes: number
  /** Revenue metric: total attributed revenue and the sum of each recipient's revenue squared. */
  sum?: number
  sum_sq?: number
}

export interface AbTestRule {
  metric: AbMetric
  alpha: number
  min_sample: number
}

export interface AbComparison {
  against: string
  z: number
  p_value: number
  significant: boolean
}

export interface AbVerdict {
  outcome: "winner" | "no_clear_winner" | "too_few"
  winner: string | null
  leader: string | null
  method: string
  alpha: number
  /** alpha / (k − 1): what each comparison is held to. */
  alpha_per_comparison: number
  min_sample: number
  variants: { key: string; n: number; successes: number; value: number }[]
  comparisons: AbComparison[]
  explanation: string
}

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 for erf; absolute error < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2
  const t = 1 / (1 + 0.3275911 * x)
  const y = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x)
  return z >= 0 ? 0.5 * (1 + y) : 0.5 * (1 - y)
}

const twoSided = (z: number) => Math.min(1, 2 * (1 - normalCdf(Math.abs(z))))

/** The metric's value for a variant: a rate, or revenue per message. */
export function variantValue(v: VariantOutcome, metric: AbMetric): number {
  if (!v.n) return 0
  return metric === "revenue" ? (v.sum ?? 0) / v.n : v.successes / v.n
}

/** z of a − b: pooled two-proportion test, or Welch's for revenue. 0 when there is no variance. */
export function zStatistic(a: VariantOutcome, b: VariantOutcome, metric: AbMetric): number {
  if (!a.n || !b.n) return 0
  const diff = variantValue(a, metric) - variantValue(b, metric)
  let se: number
  if (metric === "revenue") {
    const variance = (v: VariantOutcome) => {
      if (v.n < 2) return 0
      const mean = (v.sum ?? 0) / v.n
      return Math.max(0, ((v.sum_sq ?? 0) - v.n * mean * mean) / (v.n - 1))
    }
    se = Math.sqrt(variance(a) / a.n + variance(b) / b.n)
  } else {
    const p = (a.successes + b.successes) / (a.n + b.n)
    se = Math.sqrt(p * (1 - p) * (1 / a.n + 1 / b.n))
  }
  return se > 0 ? diff / se : 0
}

const fmt = (x: number) => (Math.round(x * 1000) / 10).toFixed(1) + "%"

export function pickAbWinner(outcomes: VariantOutcome[], rule: AbTestRule): AbVerdict {
  const method =
    rule.metric === "revenue"
      ? "Welch z-test on revenue per message, two-sided, Bonferroni-corrected"
      : "two-proportion z-test (pooled), two-sided, Bonferroni-corrected"
  const k = outcomes.length
  const perComparison = k > 1 ? rule.alpha / (k - 1) : rule.alpha
  const variants = outcomes.map((v) => ({ key: v.key, n: v.n, successes: v.successes, value: variantValue(v, rule.metric) }))
  const base = { method, alpha: rule.alpha, alpha_per_comparison: perComparison, min_sample: rule.min_sample, variants }
  if (k < 2)
    return { ...base, outcome: "no_clear_winner", winner: null, leader: outcomes[0]?.key ?? null, comparisons: [], explanation: "fewer than two variants" }
  // The leader: highest value; on equal values the earlier variant (the control comes first).
  let leader = outcomes[0]
  for (const v of outcomes) if (variantValue(v, rule.metric) > variantValue(leader, rule.metric)) leader = v
  const comparisons = outcomes
    .filter((v) => v !== leader)
    .map((v) => {
      const z = zStatistic(leader, v, rule.metric)
      const p = twoSided(z)
      return { against: v.key, z: Math.round(z * 1000) / 1000, p_value: Math.round(p * 10000) / 10000, significant: z > 0 && p < perComparison }
    })
  const small = outcomes.filter((v) => v.n < rule.min_sample)
  if (small.length) {
    return {
      ...base,
      outcome: "too_few",
      winner: null,
      leader: leader.key,
      comparisons,
      explanation: `too few messages: ${small.map((v) => `${v.key} has ${v.n}`).join(", ")}; at least ${rule.min_sample} per variant are needed`,
    }
  }
  const lv = variantValue(leader, rule.metric)
  const shown = rule.metric === "revenue" ? lv.toFixed(2) : fmt(lv)
  if (comparisons.every((c) => c.significant)) {
    return {
      ...base,
      outcome: "winner",
      winner: leader.key,
      leader: leader.key,
      comparisons,
      explanation: `${leader.key} (${shown}) beats every other variant at p < ${perComparison.toFixed(4)}`,
    }
  }
  const weak = comparisons.filter((c) => !c.significant).map((c) => `${c.against} (p = ${c.p_value})`)
  return {
    ...base,
    outcome: "no_clear_winner",
    winner: null,
    leader: leader.key,
    comparisons,
    explanation: `${leader.key} leads (${shown}) but is not significantly better than ${weak.join(", ")} at p < ${perComparison.toFixed(4)}`,
  }
}
