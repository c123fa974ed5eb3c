/**
 * Two results.json of the same tier side by side: does every claim get the same verdict, and are its measured
 * values the same? The question `--executor slurm` vs `--executor local` must answer "identical" (the same runs,
 * keyed by config and seed, trained by deterministic code), and the one to ask of two code versions or two
 * machines, where measurements may move within a tolerance while the verdicts should not. The arms' training
 * speeds (steps/s) are the machines' and are not compared.
 */
import { SPEED_KEY } from "../empirical/armEvidence.ts"
import type { Info } from "../harness/Claim.ts"
import type { ReproResults } from "./ReproResults.ts"

/** One measured value that differs: its value in each report (null: NaN, or absent from that report). */
export interface MeasuredDifference {
  readonly key: string
  readonly a: Info | null
  readonly b: Info | null
}

/** A claim whose verdict or measurements differ, or that only one report has (its verdict there, null elsewhere). */
export interface ClaimDifference {
  readonly id: string
  readonly verdicts: readonly [string | null, string | null]
  readonly measured: ReadonlyArray<MeasuredDifference>
}

export interface ReportComparison {
  /** Claims in either report. */
  readonly claims: number
  readonly sameVerdicts: boolean
  /** Every measured value equal within the tolerance (numbers: |a − b| ≤ tolerance × max(1, |a|, |b|); the rest exactly). */
  readonly sameMeasurements: boolean
  /** The largest |a − b| over the numbers both reports measured (0 when identical). */
  readonly largestDifference: number
  readonly differences: ReadonlyArray<ClaimDifference>
}

const numbers = (v: Info | null | undefined): ReadonlyArray<number | null> | undefined =>
  typeof v === "number" ? [v] : Array.isArray(v) ? v : v === null ? [null] : undefined

/** |a − b| for two numbers (or equal-length number lists); NaN stored as null equals null; otherwise undefined (not comparable numerically). */
const numericGap = (a: Info | null | undefined, b: Info | null | undefined): number | undefined => {
  const x = numbers(a)
  const y = numbers(b)
  if (x === undefined || y === undefined || x.length !== y.length) return undefined
  let gap = 0
  for (let i = 0; i < x.length; i++) {
    const p = x[i] ?? null
    const q = y[i] ?? null
    if (p === null || q === null) {
      if (p !== q) return Infinity
      continue
    }
    const d = Math.abs(p - q) / Math.max(1, Math.abs(p), Math.abs(q))
    if (!(d <= gap)) gap = Number.isNaN(d) ? Infinity : d
  }
  return gap
}

const largestAbs = (a: Info | null | undefined, b: Info | null | undefined): number => {
  const x = numbers(a)
  const y = numbers(b)
  if (x === undefined || y === undefined || x.length !== y.length) return 0
  let m = 0
  for (let i = 0; i < x.length; i++) {
    const p = x[i]
    const q = y[i]
    if (typeof p === "number" && typeof q === "number") m = Math.max(m, Math.abs(p - q))
  }
  return m
}

/** Compares the claims of `a` and `b` by id (in a's order, then b's extra claims). */
export const compareReports = (a: ReproResults, b: ReproResults, tolerance = 0): ReportComparison => {
  const inB = new Map(b.claims.map((c) => [c.id, c]))
  const ids = [...a.claims.map((c) => c.id), ...b.claims.filter((c) => !a.claims.some((x) => x.id === c.id)).map((c) => c.id)]
  const inA = new Map(a.claims.map((c) => [c.id, c]))
  const differences: ClaimDifference[] = []
  let sameVerdicts = true
  let sameMeasurements = true
  let largestDifference = 0
  for (const id of ids) {
    const x = inA.get(id)
    const y = inB.get(id)
    const verdicts = [x?.verdict ?? null, y?.verdict ?? null] as const
    const keys = [...new Set([...Object.keys(x?.measured ?? {}), ...Object.keys(y?.measured ?? {})])].filter((k) => !k.endsWith(SPEED_KEY))
    const measured: MeasuredDifference[] = []
    for (const key of keys) {
      const p = x?.measured[key] ?? null
      const q = y?.measured[key] ?? null
      largestDifference = Math.max(largestDifference, largestAbs(p, q))
      const gap = numericGap(p, q)
      const same = gap === undefined ? JSON.stringify(p) === JSON.stringify(q) : gap <= tolerance
      if (!same) measured.push({ key, a: p, b: q })
    }
    const verdictDiffers = verdicts[0] !== verdicts[1]
    if (verdictDiffers) sameVerdicts = false
    if (measured.length > 0 || x === undefined || y === undefined) sameMeasurements = false
    if (verdictDiffers || measured.length > 0) differences.push({ id, verdicts, measured })
  }
  return { claims: ids.length, sameVerdicts, sameMeasurements, largestDifference, differences }
}
