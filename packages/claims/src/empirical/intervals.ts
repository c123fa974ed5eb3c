/**
 * Interval measurements for the interval verdict rules (harness/Verdict.ts `intervalRule`), from per-seed
 * values: the Welch t interval of a difference of means (statistics/summarize.ts `differenceInterval`, every
 * comparison between arms) and the one-sample t interval of a mean (a per-seed quantity against a fixed
 * threshold, e.g. "final asymmetry / epoch-1 asymmetry < 0.5"). Both need ≥ 2 seeds (the claims use ≥ 3).
 */
import type { IntervalMeasure } from "../harness/Verdict.ts"
import { studentTQuantile } from "../statistics/studentT.ts"
import { differenceInterval, summarize } from "../statistics/summarize.ts"

const stats = (values: ReadonlyArray<number>) => {
  const s = summarize(values)
  return { mean: s.mean, std: s.std, n: s.n }
}

/** mean(a) − mean(b), its Welch t interval, and both groups' mean/std/n under their names. */
export const differenceMeasure = (
  a: { readonly name: string; readonly values: ReadonlyArray<number> },
  b: { readonly name: string; readonly values: ReadonlyArray<number> },
  level = 0.95,
): IntervalMeasure => {
  const d = differenceInterval(a.values, b.values, level)
  return {
    kind: "interval", estimate: d.difference, lower: d.lower, upper: d.upper, level,
    groups: { [a.name]: stats(a.values), [b.name]: stats(b.values) },
  }
}

/** The mean of per-seed values and its one-sample t interval (the values' name labels the group). */
export const meanMeasure = (name: string, values: ReadonlyArray<number>, level = 0.95): IntervalMeasure => {
  if (values.length < 2) throw new RangeError(`a mean interval needs at least 2 seeds (got ${values.length}); run more seeds`)
  const s = summarize(values)
  const half = s.std === 0 ? 0 : studentTQuantile(1 - (1 - level) / 2, s.n - 1) * s.std / Math.sqrt(s.n)
  return { kind: "interval", estimate: s.mean, lower: s.mean - half, upper: s.mean + half, level, groups: { [name]: stats(values) } }
}
