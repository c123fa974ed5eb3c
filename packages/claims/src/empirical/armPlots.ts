/**
 * Plots of arm comparisons, as the report's PlotSpec data (report/PlotSpec.ts): accuracies per arm with their
 * 95% intervals against the random-encoder floor, a per-record quantity over training per arm (the mean over
 * seeds, with the band from the lowest to the highest seed), and the whole spectrum of F̂ or W_p over training
 * for one run.
 */
import type { TrainMetricsRecord } from "@ssl/methods"
import { type HeatmapPlot, type IntervalsPlot, type LinePlot, series, thin } from "../report/PlotSpec.ts"
import { floorPoints, knnPoints, probePoints } from "./accuracyGate.ts"
import { meanMeasure } from "./intervals.ts"
import { mean } from "./series.ts"
import type { ArmRun } from "./trainArm.ts"

/** Probe (or kNN) accuracy per arm: mean over seeds with its one-sample 95% t interval; the floor as a line. */
export const accuracyPlot = (
  id: string,
  title: string,
  arms: ReadonlyArray<ReadonlyArray<ArmRun>>,
  what: "probe" | "knn" = "probe",
): IntervalsPlot => {
  const value = what === "probe" ? probePoints : knnPoints
  const items = arms.filter((runs) => runs.length >= 2).map((runs) => {
    const m = meanMeasure(runs[0]!.arm, runs.map(value))
    return { label: runs[0]!.arm, estimate: m.estimate, lower: m.lower, upper: m.upper }
  })
  const floorRuns = arms.find((runs) => runs.length > 0) ?? []
  return {
    kind: "intervals", id, title,
    caption: `${what === "probe" ? "Linear-probe" : "kNN"} accuracy per arm (mean over seeds, 95% t interval); the line is the random-encoder floor's probe.`,
    y: { label: `${what === "probe" ? "probe" : "kNN"} accuracy (points)` },
    items, level: 0.95,
    references: floorRuns.length === 0 ? [] : [{ label: "random-encoder floor (probe)", y: mean(floorRuns.map(floorPoints)) }],
  }
}

/** Mean, min and max over seeds, record by record (runs of one arm share their logging steps). */
export const seedBand = (runs: ReadonlyArray<ArmRun>, f: (r: TrainMetricsRecord) => number): { x: Array<number>; y: Array<number>; lower: Array<number>; upper: Array<number> } => {
  const n = Math.min(...runs.map((r) => r.series.length))
  const x: Array<number> = [], y: Array<number> = [], lower: Array<number> = [], upper: Array<number> = []
  for (let i = 0; i < n; i++) {
    const values = runs.map((r) => f(r.series[i]!))
    x.push(runs[0]!.series[i]!.step)
    y.push(mean(values))
    lower.push(Math.min(...values))
    upper.push(Math.max(...values))
  }
  return { x, y, lower, upper }
}

/** A per-record quantity over training, one line per arm (mean over its seeds) in the band its seeds span. */
export const overTimePlot = (
  id: string,
  title: string,
  yLabel: string,
  arms: ReadonlyArray<ReadonlyArray<ArmRun>>,
  f: (r: TrainMetricsRecord) => number,
  options: { readonly caption?: string; readonly log?: boolean } = {},
): LinePlot => ({
  kind: "line", id, title,
  ...(options.caption === undefined ? {} : { caption: options.caption }),
  x: { label: "training step" },
  y: { label: yLabel, ...(options.log === true ? { scale: "log" as const } : {}) },
  series: arms.filter((runs) => runs.length > 0 && runs.every((r) => r.series.length > 0)).map((runs) => {
    const s = seedBand(runs, f)
    return series(runs[0]!.arm, s.x, s.y, { band: s })
  }),
})

/**
 * Every eigenvalue of F̂ or of W_p's symmetric part over training, for one run, as a heatmap (step × rank,
 * signed colour): W_p's negative eigenvalues and the whole spectrum, not only the largest few on a log axis.
 */
export const eigenvaluesPlot = (id: string, title: string, run: ArmRun, which: "fEigenvalues" | "wpEigenvalues"): HeatmapPlot => {
  const records = thin(run.series, 200)
  const round = (v: number) => (Number.isFinite(v) ? Number(v.toPrecision(5)) : null)
  const name = which === "fEigenvalues" ? "F̂" : "W_p (symmetric part)"
  return {
    kind: "heatmap", id, title,
    caption: `Every eigenvalue of ${name} over training (rank 1 = the largest), colour = the signed value on a symmetric-log scale (blue negative, red positive); ${run.arm}, seed ${run.seed}.`,
    xLabel: "training step", valueLabel: which === "fEigenvalues" ? "eigenvalue of F̂" : "eigenvalue of W_p",
    x: records.map((r) => r.step),
    values: records.map((r) => r[which].map(round)),
  }
}

/**
 * Eigenspace alignment per eigenvector: cos(u_j, W_p u_j) for the j-th eigenvector u_j of F̂ (largest eigenvalue
 * first) at the run's first and last record, for one run; 1 when u_j is an eigenvector of W_p with a positive
 * eigenvalue (docs/paper/claims.md#c13's alignment, per eigenvector instead of the median).
 */
export const alignmentPerEigenvectorPlot = (id: string, title: string, run: ArmRun, k = 32): LinePlot => {
  const withCos = run.series.filter((r) => r.alignmentCos !== undefined && r.alignmentCos.length > 0)
  const first = withCos[0]
  const last = withCos[withCos.length - 1]
  const line = (label: string, cos: ReadonlyArray<number> | undefined) => {
    const ys = (cos ?? []).slice(0, k)
    return series(label, ys.map((_, j) => j + 1), ys)
  }
  return {
    kind: "line", id, title,
    caption: `cos(u_j, W_p u_j) for the eigenvectors u_j of F̂ (largest eigenvalue first), at the start and the end; ${run.arm}, seed ${run.seed}.`,
    x: { label: "eigenvector j of F̂" },
    y: { label: "cos(u_j, W_p u_j)" },
    series: [line(`start (step ${first?.step ?? 0})`, first?.alignmentCos), line(`end (step ${last?.step ?? 0})`, last?.alignmentCos)],
  }
}
