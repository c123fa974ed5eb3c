/**
 * A run's metrics.jsonl as the long-form rows Vega-Lite plots. The trace keys a record carries (one record
 * every `train.logEvery` steps, and one at step 0 before any update):
 *   step, epoch, seconds, loss                 — progress and the mean training loss since the last record
 *   alignment                                  — median cos(u_j, W_p u_j) over F̂'s significant eigenvectors
 *   asymmetry, asymmetryL1                     — ‖W_p − W_pᵀ‖/‖W_p‖ (Frobenius; [Re]'s L1 form)
 *   zStd, effectiveRank                        — collapse: std of the normalised outputs × √d; exp(entropy) of F̂'s spectrum
 *   fEigenvalues, wpEigenvalues                — F̂'s eigenvalues and those of W_p's symmetric part, DESCENDING
 * A non-finite value (stored as the string "NaN" / "Infinity") is left out of the plots.
 */
import { readMetrics } from "@ssl/core"

/** The scalar series the page plots, in its order, with their axis titles. */
export const SCALARS = [
  ["loss", "training loss"],
  ["alignment", "alignment (median cos)"],
  ["asymmetry", "asymmetry ‖W_p − W_pᵀ‖/‖W_p‖"],
  ["zStd", "z-std (× √d)"],
  ["effectiveRank", "effective rank of F̂"],
] as const

/** The spectra plotted as heatmaps (rank 1 = the largest eigenvalue). */
export const SPECTRA = [
  ["fEigenvalues", "eigenvalues of F̂"],
  ["wpEigenvalues", "eigenvalues of W_p's symmetric part"],
] as const

export interface ScalarRow { readonly run: string; readonly step: number; readonly series: string; readonly value: number }
/** One cell of a spectrum heatmap: it spans [step, stepEnd) — up to the next record — and one rank. */
export interface SpectrumRow { readonly run: string; readonly step: number; readonly stepEnd: number; readonly rank: number; readonly value: number }

export interface RunSeries {
  readonly run: string
  readonly scalars: Array<ScalarRow>
  readonly spectra: Record<(typeof SPECTRA)[number][0], Array<SpectrumRow>>
}

const finite = (x: unknown): x is number => typeof x === "number" && Number.isFinite(x)

/** Reads `metricsFile`; `run` is the name the page shows (the run id, or a shorter label). */
export const runSeries = (run: string, metricsFile: string): RunSeries => {
  const records = readMetrics(metricsFile).records as ReadonlyArray<Record<string, unknown> & { step: number }>
  const scalars: Array<ScalarRow> = []
  const spectra: RunSeries["spectra"] = { fEigenvalues: [], wpEigenvalues: [] }
  records.forEach((r, j) => {
    const next = records[j + 1]?.step ?? r.step + Math.max(1, r.step - (records[j - 1]?.step ?? r.step - 1))
    for (const [key] of SCALARS) {
      const v = r[key]
      if (finite(v)) scalars.push({ run, step: r.step, series: key, value: v })
    }
    for (const [key] of SPECTRA) {
      const values = r[key]
      if (!Array.isArray(values)) continue
      values.forEach((v, i) => { if (finite(v)) spectra[key].push({ run, step: r.step, stepEnd: next, rank: i + 1, value: v }) })
    }
  })
  return { run, scalars, spectra }
}
