/**
 * Summaries of per-seed measurements and the confidence interval of a difference of means, the evidence
 * behind every comparison verdict (several seeds and a confidence interval on the difference).
 */
import { studentTQuantile } from "./studentT.ts"

export interface Summary {
  readonly n: number
  readonly mean: number
  /** Sample standard deviation (n − 1 in the denominator); 0 for a single value. */
  readonly std: number
  readonly values: ReadonlyArray<number>
}

export const summarize = (values: ReadonlyArray<number>): Summary => {
  const n = values.length
  if (n === 0) throw new RangeError("summarize needs at least one value")
  if (values.some((v) => !Number.isFinite(v))) throw new RangeError(`summarize needs finite values (got ${values.join(", ")})`)
  const mean = values.reduce((s, v) => s + v, 0) / n
  const ss = values.reduce((s, v) => s + (v - mean) ** 2, 0)
  return { n, mean, std: n > 1 ? Math.sqrt(ss / (n - 1)) : 0, values: [...values] }
}

export interface DifferenceInterval {
  /** mean(a) − mean(b). */
  readonly difference: number
  readonly lower: number
  readonly upper: number
  readonly level: number
  /** Welch–Satterthwaite degrees of freedom. */
  readonly df: number
  readonly a: Summary
  readonly b: Summary
}

/**
 * Welch's t interval for mean(a) − mean(b): no equal-variance assumption, exact coverage for normal
 * measurements, and honest (wide) with 3 seeds. Needs at least 2 values on each side. When both samples have
 * zero variance the interval collapses to the point difference.
 */
export const differenceInterval = (a: ReadonlyArray<number>, b: ReadonlyArray<number>, level = 0.95): DifferenceInterval => {
  if (a.length < 2 || b.length < 2) {
    throw new RangeError(`a difference interval needs at least 2 seeds per arm (got ${a.length} and ${b.length}); run more seeds`)
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be in (0, 1) (was ${level})`)
  const sa = summarize(a)
  const sb = summarize(b)
  const va = sa.std ** 2 / sa.n
  const vb = sb.std ** 2 / sb.n
  const se = Math.sqrt(va + vb)
  const difference = sa.mean - sb.mean
  if (se === 0) return { difference, lower: difference, upper: difference, level, df: Infinity, a: sa, b: sb }
  // Welch–Satterthwaite in terms of variance shares, so tiny variances cannot underflow to 0/0.
  const ra = va / (va + vb)
  const rb = vb / (va + vb)
  const df = 1 / ((ra * ra) / (sa.n - 1) + (rb * rb) / (sb.n - 1))
  const half = studentTQuantile(1 - (1 - level) / 2, df) * se
  return { difference, lower: difference - half, upper: difference + half, level, df, a: sa, b: sb }
}
