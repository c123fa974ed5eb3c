/**
 * Power of a t interval: the minimum detectable effect at the seeds a check had, and the seeds it would need
 * to resolve a given effect. Normal measurements, the interval's t distribution; a new number of seeds scales
 * the standard error by √(n/n') and the degrees of freedom by (n' − 1)/(n − 1) (exact for equal groups,
 * Welch–Satterthwaite's proportion otherwise).
 *
 * For a one-sided decision at confidence `level` (the interval's bound clears the threshold) with power 1 − β,
 * the true value must lie (t_{1−α/2} + t_{1−β})·se beyond the threshold, α = 1 − level. For an equivalence
 * test (two one-sided tests, true difference 0), the margin must be (t_{1−α/2} + t_{1−β/2})·se.
 */
import { studentTQuantile } from "./studentT.ts"

export const POWER = 0.8

export interface PowerInput {
  readonly se: number
  readonly df: number
  readonly n: number
  readonly level: number
}

const quantile = (p: number, df: number): number => (Number.isFinite(df) ? studentTQuantile(p, df) : studentTQuantile(p, 1e9))

/** The smallest distance from the bound resolved with `power` (one-sided decisions). */
export const minimumDetectable = (m: PowerInput, power = POWER, equivalence = false): number => {
  if (m.se === 0) return 0
  const alpha = 1 - m.level
  const beta = 1 - power
  return (quantile(1 - alpha / 2, m.df) + quantile(equivalence ? 1 - beta / 2 : power, m.df)) * m.se
}

/** Seeds per group at which `minimumDetectable` falls to `distance`; null when distance ≤ 0 or beyond `cap`. */
export const seedsFor = (m: PowerInput, distance: number, power = POWER, equivalence = false, cap = 10_000): number | null => {
  if (!(distance > 0) || !Number.isFinite(distance)) return null
  if (m.se === 0) return m.n
  const dfPerSeed = Number.isFinite(m.df) ? m.df / Math.max(1, m.n - 1) : 1e9
  for (let n = 2; n <= cap; n++) {
    const scaled = { se: m.se * Math.sqrt(m.n / n), df: Math.max(1, dfPerSeed * (n - 1)), n, level: m.level }
    if (minimumDetectable(scaled, power, equivalence) <= distance) return n
  }
  return null
}
