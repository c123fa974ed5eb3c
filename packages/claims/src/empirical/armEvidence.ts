/**
 * The informational evidence of an arm (per seed, beside a claim's checked intervals): accuracies against the
 * random-encoder floor, and the end-of-run mechanistic quantities (collapse metrics, alignment, asymmetry) —
 * what a researcher needs to read an accuracy verdict, or its absence when the accuracy gate is closed.
 * Also the interval of a mechanistic difference between two arms, reported as [estimate, lower, upper].
 */
import type { ArmSummary } from "../harness/ArmSummary.ts"
import type { Info } from "../harness/Claim.ts"
import type { IntervalMeasure } from "../harness/Verdict.ts"
import { ACCURACY_DIFFERENCE, floorKnnPoints, floorPoints, knnPoints, probePoints } from "./accuracyGate.ts"
import { differenceMeasure, type Range } from "./intervals.ts"
import { finalRecord, type ScalarMetric, sig, tailMean } from "./series.ts"
import type { ArmRun } from "./trainArm.ts"

/** The end-of-run value of a metric: the mean of the last 3 records (series.ts: one record is one batch). */
export const endOf = (metric: ScalarMetric) => (r: ArmRun): number => tailMean(r, metric)

/** The info key suffix of an arm's training speed: the machine's measurement, not the claim's evidence. */
export const SPEED_KEY = "training steps/s per seed"

/** Per-seed accuracies and end-of-run mechanisms of one arm, keyed `${arm}: ...`. */
export const armInfo = (runs: ReadonlyArray<ArmRun>, name = runs[0]?.arm ?? "arm"): Record<string, Info> => {
  const per = (f: (r: ArmRun) => number, digits = 4) => runs.map((r) => sig(f(r), digits))
  return {
    [`${name}: probe (points, final epoch) per seed`]: per(probePoints),
    [`${name}: random-encoder floor probe per seed`]: per(floorPoints),
    [`${name}: kNN (points) per seed`]: per(knnPoints),
    [`${name}: random-encoder floor kNN per seed`]: per(floorKnnPoints),
    [`${name}: zStd at the end per seed`]: per(endOf("zStd"), 3),
    [`${name}: effective rank of F̂ at the end per seed`]: per(endOf("effectiveRank"), 3),
    [`${name}: alignment (median cos) at the end per seed`]: per(endOf("alignment"), 3),
    [`${name}: asymmetry (Frobenius) at the end per seed`]: per(endOf("asymmetry"), 3),
    [`${name}: ${SPEED_KEY}`]: per((r) => r.results.training.stepsPerSecond, 3),
  }
}

/** An interval measure as an info value: [estimate, lower, upper]. */
export const intervalInfo = (m: IntervalMeasure): ReadonlyArray<number> => [sig(m.estimate), sig(m.lower), sig(m.upper)]

/** mean(a) − mean(b) of a per-run quantity, as a difference measure named by the arms. */
export const armDifference = (a: ReadonlyArray<ArmRun>, b: ReadonlyArray<ArmRun>, f: (r: ArmRun) => number, range?: Range): IntervalMeasure =>
  differenceMeasure({ name: a[0]?.arm ?? "a", values: a.map(f) }, { name: b[0]?.arm ?? "b", values: b.map(f) }, range === undefined ? {} : { range })

/** Probe accuracy (points) of a minus b: the accuracy criteria's measurement. */
export const probeDifference = (a: ReadonlyArray<ArmRun>, b: ReadonlyArray<ArmRun>): IntervalMeasure => armDifference(a, b, probePoints, ACCURACY_DIFFERENCE)

/**
 * The collapse metrics of a vs b at the end of the run, as info: differences (a − b) of zStd and of the
 * effective rank of F̂, each [estimate, lower, upper] of the 95% Welch interval.
 */
export const collapseComparison = (a: ReadonlyArray<ArmRun>, b: ReadonlyArray<ArmRun>): Record<string, Info> => {
  const an = a[0]?.arm ?? "a", bn = b[0]?.arm ?? "b"
  return {
    [`${an} − ${bn}: zStd at the end, [estimate, 95% interval]`]: intervalInfo(armDifference(a, b, endOf("zStd"))),
    [`${an} − ${bn}: effective rank at the end, [estimate, 95% interval]`]: intervalInfo(armDifference(a, b, endOf("effectiveRank"))),
  }
}

/** The last record's W_p eigenvalues (of its symmetric part, descending). */
export const finalWpEigenvalues = (r: ArmRun): ReadonlyArray<number> => finalRecord(r).wpEigenvalues

/** The run-store ids behind a claim's evidence, in order, without repeats (an arm shared by two names counts once). */
export const runIdsOf = (...arms: ReadonlyArray<ReadonlyArray<ArmRun> | undefined>): ReadonlyArray<string> =>
  [...new Set(arms.flatMap((runs) => (runs ?? []).map((r) => r.runId)))]

/** The per-arm summaries of a claim's evidence (seeds, probe final and best epoch in points), one per distinct arm. */
export const armSummaries = (...arms: ReadonlyArray<ReadonlyArray<ArmRun> | undefined>): ReadonlyArray<ArmSummary> => {
  const seen = new Set<string>()
  return arms.flatMap((runs) => {
    const name = runs?.[0]?.arm
    if (runs === undefined || name === undefined || seen.has(name)) return []
    seen.add(name)
    return [{
      arm: name,
      seeds: runs.map((r) => r.seed),
      probeFinal: runs.map((r) => sig(probePoints(r), 4)),
      probeBest: runs.map((r) => sig(100 * r.results.probe.best, 4)),
    }]
  })
}

/** "77.86 ± 0.16": a paper table entry (mean ± std over its seeds) for `reported`. */
export const pm = (mean: number, std: number): string => `${mean.toFixed(2)} ± ${std.toFixed(2)}`
