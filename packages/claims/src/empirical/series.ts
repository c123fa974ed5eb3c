/**
 * Reading a run's metrics series (metrics.jsonl: step 0 = the initial model, then every `logEvery` steps).
 * The mechanistic claims compare a quantity early in the run with its value at the end; the end value is the
 * mean of the last few records because one record is measured on ONE batch (zStd, F̂'s EMA), so single
 * records carry batch noise.
 */
import type { TrainMetricsRecord } from "@ssl/methods"
import type { ArmRun } from "./trainArm.ts"

export type ScalarMetric = "loss" | "zStd" | "effectiveRank" | "alignment" | "asymmetry" | "asymmetryL1" | "significant"

const records = (run: ArmRun): ReadonlyArray<TrainMetricsRecord> => {
  if (run.series.length === 0) throw new RangeError(`run ${run.runId} (${run.arm}, seed ${run.seed}) has no metrics records`)
  return run.series
}

/** [step, value] pairs of one scalar metric. */
export const seriesOf = (run: ArmRun, metric: ScalarMetric): Array<[number, number]> =>
  records(run).map((r) => [r.step, r[metric]])

/** The first record at or after `step` (the last record if the run is shorter). */
export const recordAtStep = (run: ArmRun, step: number): TrainMetricsRecord => {
  const rs = records(run)
  return rs.find((r) => r.step >= step) ?? rs[rs.length - 1]!
}

/** The record at (or just after) a fraction of the run's last step: 0 = initial model, 1 = end. */
export const recordAtFraction = (run: ArmRun, fraction: number): TrainMetricsRecord => {
  const rs = records(run)
  return recordAtStep(run, fraction * rs[rs.length - 1]!.step)
}

export const initialRecord = (run: ArmRun): TrainMetricsRecord => records(run)[0]!
export const finalRecord = (run: ArmRun): TrainMetricsRecord => { const rs = records(run); return rs[rs.length - 1]! }

/** Mean of a metric over the last `n` records (default 3): the end-of-run value, less batch noise. */
export const tailMean = (run: ArmRun, metric: ScalarMetric, n = 3): number => {
  const tail = records(run).slice(-n)
  return tail.reduce((s, r) => s + r[metric], 0) / tail.length
}

/** Per-seed values of `f`. */
export const perSeed = (runs: ReadonlyArray<ArmRun>, f: (r: ArmRun) => number): Array<number> => runs.map(f)

export const mean = (xs: ReadonlyArray<number>): number => xs.reduce((s, x) => s + x, 0) / xs.length
export const median = (xs: ReadonlyArray<number>): number => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

/** Rounds for the evidence's info values (significant digits). */
export const sig = (x: number, digits = 4): number => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : x)
