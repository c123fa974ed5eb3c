/**
 * Intervals that stay valid when seeds are added in rounds and the verdict is looked at after each round
 * (`ssl repro --budget / --max-seeds`). The design: ALPHA SPENDING over looks with a Bonferroni combination.
 *
 * With a cap of N seeds per arm, look k (after n_k seeds per arm) may spend
 *     α_k = A(n_k / N) − A(n_{k−1} / N),   A(f) = α · min(f, 1)^ρ   (the Kim–DeMets power family; ρ = 1 here),
 * and reports the usual Welch t interval (statistics/summarize.ts) at level 1 − α_k. By the union bound, the
 * chance that ANY look's interval misses the true difference is ≤ Σ α_k = A(n_K / N) ≤ α, whatever the data-
 * dependent decision to stop or to continue — so a comparison decided at any look is decided at error ≤ α.
 * The looks' sizes must not depend on the data beyond "stop or go on" (rounds add a fixed number of seeds).
 * This is conservative: exact group-sequential boundaries (which use the correlation between looks) would be
 * tighter; what it buys is validity for any number and spacing of looks, with no joint-distribution tables.
 * Coverage is checked by simulation in packages/claims/test/execution/sequential.test.ts.
 *
 * The hook for the verdict rules (sequentialVerdicts.ts): at look k, a check's interval is recomputed at
 * `look.level` instead of the fixed 95%; its decision rule is unchanged.
 */
import { differenceInterval, type DifferenceInterval } from "../statistics/summarize.ts"
import { studentTQuantile } from "../statistics/studentT.ts"

export interface SpendingDesign {
  /** Total error across every look (two-sided), e.g. 0.05. */
  readonly alpha: number
  /** The seed cap per arm: the look at N seeds has spent all of α. */
  readonly maxSeeds: number
  /** Exponent of the spending function (1: spend in proportion to the seeds used). */
  readonly rho: number
}

export interface Look {
  /** 1-based look number. */
  readonly index: number
  /** Seeds per arm at this look. */
  readonly seeds: number
  /** Error spent at this look. */
  readonly alpha: number
  /** Confidence level of this look's interval (1 − alpha). */
  readonly level: number
  /** Error spent up to and including this look. */
  readonly spent: number
}

/** A(f) = α · min(f, 1)^ρ. */
export const spentBy = (design: SpendingDesign, seeds: number): number =>
  design.alpha * Math.min(1, Math.max(0, seeds / design.maxSeeds)) ** design.rho

/** The looks at these seed counts (strictly increasing, each ≤ maxSeeds): each one's error and level. */
export const looksAt = (design: SpendingDesign, seedCounts: ReadonlyArray<number>): ReadonlyArray<Look> => {
  if (!(design.alpha > 0 && design.alpha < 1)) throw new RangeError(`alpha must be in (0, 1) (was ${design.alpha})`)
  if (!(Number.isInteger(design.maxSeeds) && design.maxSeeds >= 2)) throw new RangeError(`the seed cap must be an integer ≥ 2 (was ${design.maxSeeds})`)
  let previous = 0
  return seedCounts.map((seeds, i) => {
    if (!(Number.isInteger(seeds) && seeds > previous && seeds <= design.maxSeeds)) {
      throw new RangeError(`looks must be at strictly increasing seed counts ≤ ${design.maxSeeds} (got ${seedCounts.join(", ")})`)
    }
    const alpha = spentBy(design, seeds) - spentBy(design, previous)
    previous = seeds
    return { index: i + 1, seeds, alpha, level: 1 - alpha, spent: spentBy(design, seeds) }
  })
}

/** The look's interval for mean(a) − mean(b): Welch's t at the look's level. */
export const lookInterval = (look: Look, a: ReadonlyArray<number>, b: ReadonlyArray<number>): DifferenceInterval =>
  differenceInterval(a, b, look.level)

/**
 * How many seeds per group an interval would need to exclude `threshold`, if the estimate and the spread stayed
 * as measured: the smallest n with t(1 − α_n/2, df_n) · se_n < |estimate − threshold|, where α_n is what a look
 * at n seeds (right after a look at `m.n`) may spend, se_n = se·√(m.n/n) and df_n = df·(n − 1)/(m.n − 1) (exact
 * for equal groups, Welch–Satterthwaite's proportion otherwise; statistics/power.ts scales the same way).
 * Infinity when not even the cap does it. Rounds go to the checks with the smallest need first: the most
 * decision-relevant.
 */
export const seedsToDecideMeasure = (
  design: SpendingDesign,
  m: { readonly estimate: number; readonly se: number; readonly df: number; readonly n: number },
  threshold: number,
): number => {
  const gap = Math.abs(m.estimate - threshold)
  if (!(gap > 0) || !(m.se >= 0)) return Infinity
  if (m.se === 0) return m.n
  const dfPerSeed = Number.isFinite(m.df) ? m.df / Math.max(1, m.n - 1) : 1e9
  for (let n = m.n + 1; n <= design.maxSeeds; n++) {
    const alpha = spentBy(design, n) - spentBy(design, m.n)
    if (studentTQuantile(1 - alpha / 2, Math.max(1, dfPerSeed * (n - 1))) * m.se * Math.sqrt(m.n / n) < gap) return n
  }
  return Infinity
}

/** The same for mean(a) − mean(b) (a Welch interval): seeds per arm. */
export const seedsToDecide = (design: SpendingDesign, interval: DifferenceInterval, threshold: number): number => {
  const se = Math.sqrt(interval.a.std ** 2 / interval.a.n + interval.b.std ** 2 / interval.b.n)
  return seedsToDecideMeasure(design, { estimate: interval.difference, se, df: interval.df, n: Math.min(interval.a.n, interval.b.n) }, threshold)
}

/** The same for a one-sample interval (a per-seed quantity against a fixed bound): n − 1 degrees of freedom. */
export const seedsToDecideMean = (design: SpendingDesign, stats: { readonly mean: number; readonly std: number; readonly n: number }, threshold: number): number =>
  seedsToDecideMeasure(design, { estimate: stats.mean, se: stats.std / Math.sqrt(stats.n), df: stats.n - 1, n: stats.n }, threshold)
