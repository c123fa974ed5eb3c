/**
 * Interval measurements for the interval rules (harness/Rule.ts), from per-seed values: the Welch t interval
 * of a difference of means (every comparison between arms), the one-sample t interval of a mean (a per-seed
 * quantity against a fixed threshold), and the interval of a trend (the least-squares slope of a per-seed
 * quantity over ordered levels, C16's "larger α_p is better"). All need ≥ 2 seeds per group.
 *
 * Bounded quantities (cosines in [−1, 1], accuracies in [0, 100], z-std ≥ 0) pass their `range`: the t
 * interval is clipped to it. Clipping never removes the true value (it lies in the range), so coverage is
 * unchanged, and a bound outside the quantity's own range can no longer decide a rule.
 */
import type { IntervalMeasure } from "../harness/Verdict.ts"
import { studentTQuantile } from "../statistics/studentT.ts"
import { differenceInterval, summarize } from "../statistics/summarize.ts"

export type Range = readonly [number, number]

const stats = (values: ReadonlyArray<number>) => {
  const s = summarize(values)
  return { mean: s.mean, std: s.std, n: s.n }
}

const clip = (m: IntervalMeasure, range: Range | undefined): IntervalMeasure =>
  range === undefined ? m : { ...m, lower: Math.max(range[0], m.lower), upper: Math.min(range[1], m.upper) }

/** The range of a difference of two quantities in `r`. */
export const differenceRange = (r: Range): Range => [r[0] - r[1], r[1] - r[0]]

/** mean(a) − mean(b), its Welch t interval, and both groups' mean/std/n under their names. */
export const differenceMeasure = (
  a: { readonly name: string; readonly values: ReadonlyArray<number> },
  b: { readonly name: string; readonly values: ReadonlyArray<number> },
  options: { readonly level?: number; readonly range?: Range } = {},
): IntervalMeasure => {
  const level = options.level ?? 0.95
  const d = differenceInterval(a.values, b.values, level)
  const se = Math.sqrt(d.a.std ** 2 / d.a.n + d.b.std ** 2 / d.b.n)
  return clip({
    kind: "interval", estimate: d.difference, lower: d.lower, upper: d.upper, level, se, df: d.df, n: Math.min(d.a.n, d.b.n),
    groups: { [a.name]: stats(a.values), [b.name]: stats(b.values) },
  }, options.range)
}

/** The mean of per-seed values and its one-sample t interval (the values' name labels the group). */
export const meanMeasure = (name: string, values: ReadonlyArray<number>, options: { readonly level?: number; readonly range?: Range } = {}): IntervalMeasure => {
  const level = options.level ?? 0.95
  if (values.length < 2) throw new RangeError(`a mean interval needs at least 2 seeds (got ${values.length}); run more seeds`)
  const s = summarize(values)
  const se = s.std / Math.sqrt(s.n)
  const half = s.std === 0 ? 0 : studentTQuantile(1 - (1 - level) / 2, s.n - 1) * se
  return clip({
    kind: "interval", estimate: s.mean, lower: s.mean - half, upper: s.mean + half, level, se, df: s.n - 1, n: s.n,
    groups: { [name]: stats(values) },
  }, options.range)
}

/**
 * The least-squares slope of y over x (one point per seed and level) with its t interval (n − 2 degrees of
 * freedom): an ordering claim is judged on this interval, never on the means alone.
 */
export const trendMeasure = (
  levels: ReadonlyArray<{ readonly name: string; readonly x: number; readonly values: ReadonlyArray<number> }>,
  level = 0.95,
): IntervalMeasure => {
  const points = levels.flatMap((l) => l.values.map((y) => [l.x, y] as const))
  const n = points.length
  if (levels.length < 2 || n < 3) throw new RangeError(`a trend needs at least 2 levels and 3 points (got ${levels.length} levels, ${n} points)`)
  const mx = points.reduce((s, [x]) => s + x, 0) / n
  const my = points.reduce((s, [, y]) => s + y, 0) / n
  const sxx = points.reduce((s, [x]) => s + (x - mx) ** 2, 0)
  const slope = points.reduce((s, [x, y]) => s + (x - mx) * (y - my), 0) / sxx
  const rss = points.reduce((s, [x, y]) => s + (y - my - slope * (x - mx)) ** 2, 0)
  const df = n - 2
  const se = Math.sqrt(rss / df / sxx)
  const half = se === 0 ? 0 : studentTQuantile(1 - (1 - level) / 2, df) * se
  return {
    kind: "interval", estimate: slope, lower: slope - half, upper: slope + half, level, se, df,
    n: Math.min(...levels.map((l) => l.values.length)),
    groups: Object.fromEntries(levels.map((l) => [l.name, stats(l.values)])),
  }
}

/**
 * A contrast Σ w_i·mean_i of independent groups (e.g. a difference of differences: (a − b) − (c − d)), with the
 * Welch–Satterthwaite t interval: se² = Σ w_i² s_i²/n_i, df = se⁴ / Σ (w_i² s_i²/n_i)² / (n_i − 1).
 */
export const contrastMeasure = (
  groups: ReadonlyArray<{ readonly name: string; readonly weight: number; readonly values: ReadonlyArray<number> }>,
  level = 0.95,
): IntervalMeasure => {
  if (groups.some((g) => g.values.length < 2)) throw new RangeError("a contrast needs at least 2 seeds per group; run more seeds")
  const s = groups.map((g) => ({ g, st: summarize(g.values) }))
  const estimate = s.reduce((acc, { g, st }) => acc + g.weight * st.mean, 0)
  const v = s.map(({ g, st }) => (g.weight ** 2 * st.std ** 2) / st.n)
  const se = Math.sqrt(v.reduce((a, b) => a + b, 0))
  const df = se === 0 ? Number.POSITIVE_INFINITY : se ** 4 / v.reduce((acc, vi, i) => acc + vi ** 2 / (s[i]!.st.n - 1), 0)
  const half = se === 0 ? 0 : studentTQuantile(1 - (1 - level) / 2, df) * se
  return {
    kind: "interval", estimate, lower: estimate - half, upper: estimate + half, level, se, df,
    n: Math.min(...s.map(({ st }) => st.n)),
    groups: Object.fromEntries(s.map(({ g, st }) => [g.name, { mean: st.mean, std: st.std, n: st.n }])),
  }
}
