/** The evidence and plot helpers of the arm-comparison claims (armEvidence.ts, armPlots.ts, C19's clamp count), on synthetic runs. */
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import type { TrainMetricsRecord } from "@ssl/methods"
import { armDifference, armInfo, armSummaries, endOf, probeDifference } from "../src/empirical/armEvidence.ts"
import { timeCompression } from "../src/empirical/decay.ts"
import { sgdLinear } from "../src/empirical/arms.ts"
import { byolCompressed } from "../src/empirical/C13-alignment-in-training.ts"
import { accuracyPlot, alignmentPerEigenvectorPlot, eigenvaluesPlot, overTimePlot } from "../src/empirical/armPlots.ts"
import { CLAMPED_P, clampedFraction } from "../src/empirical/C19-cj-constant.ts"
import type { ArmRun } from "../src/empirical/trainArm.ts"
import { differenceInterval } from "../src/statistics/summarize.ts"

const record = (step: number, v: number, wp: ReadonlyArray<number> = [1, 0.5, 0.01]): TrainMetricsRecord => ({
  step, epoch: 0, loss: -v, seconds: step, zStd: v, effectiveRank: 1 + v, alignment: v, significant: 3, asymmetry: 1 - v, asymmetryL1: 1 - v,
  fEigenvalues: [3, 2, 1], wpEigenvalues: wp,
})

/** A fake run: probe/floor/kNN in [0, 1], a series whose metrics equal `v` at every step (then `end` in the last 3). */
const fakeRun = (arm: string, seed: number, probe: number, end: number, wp?: ReadonlyArray<number>, best = probe): ArmRun => ({
  arm, seed, runId: `${arm}-${seed}`, configHash: "h", cached: true,
  results: {
    probe: { final: probe, best }, randomEncoderProbe: 0.7, knn: probe - 0.01,
    evaluation: { randomEncoder: { knn: 0.69 } }, training: { stepsPerSecond: 30 },
  } as unknown as ArmRun["results"],
  series: [0, 20, 40, 60, 80].map((s, i) => record(s, i >= 2 ? end : 0.9, wp)),
})

describe("armEvidence", () => {
  test("probeDifference is the Welch interval of the probe in points (a − b), groups named by arm", () => {
    fc.assert(fc.property(fc.array(fc.double({ min: 0.1, max: 0.9, noNaN: true }), { minLength: 3, maxLength: 3 }),
      fc.array(fc.double({ min: 0.1, max: 0.9, noNaN: true }), { minLength: 3, maxLength: 3 }), (a, b) => {
        const ra = a.map((p, i) => fakeRun("a", i, p, 0.5)), rb = b.map((p, i) => fakeRun("b", i, p, 0.5))
        const m = probeDifference(ra, rb)
        const ref = differenceInterval(a.map((x) => 100 * x), b.map((x) => 100 * x))
        expect(m.estimate).toBeCloseTo(ref.difference, 9)
        // clipped to the range of a difference of accuracies, [−100, 100] points
        expect(m.lower).toBeCloseTo(Math.max(-100, ref.lower), 9)
        expect(m.upper).toBeCloseTo(Math.min(100, ref.upper), 9)
        expect(Object.keys(m.groups ?? {})).toEqual(["a", "b"])
      }))
  })
  test("end-of-run values are the mean of the last 3 records", () => {
    const r = fakeRun("a", 0, 0.5, 0.3)
    expect(endOf("zStd")(r)).toBeCloseTo(0.3, 12)
    const d = armDifference([0.2, 0.3, 0.4].map((e, i) => fakeRun("a", i, 0.5, e)), [0.1, 0.1, 0.1].map((e, i) => fakeRun("b", i, 0.5, e)), endOf("zStd"))
    expect(d.estimate).toBeCloseTo(0.2, 12)
  })
  test("armInfo reports per-seed values under the arm's name", () => {
    const info = armInfo([fakeRun("dp", 0, 0.71, 0.3), fakeRun("dp", 1, 0.72, 0.3)])
    expect(info["dp: probe (points, final epoch) per seed"]).toEqual([71, 72])
    expect(info["dp: random-encoder floor probe per seed"]).toEqual([70, 70])
    expect(info["dp: zStd at the end per seed"]).toEqual([0.3, 0.3])
  })
  test("armSummaries: one summary per distinct arm, seeds and probe final/best in points, absent arms skipped", () => {
    const dp = [fakeRun("dp", 3, 0.71, 0.3, undefined, 0.75), fakeRun("dp", 5, 0.72, 0.3, undefined, 0.74)]
    const sgd = [fakeRun("sgd", 3, 0.6, 0.3, undefined, 0.65)]
    // Mutations caught: best read from probe.final (probeBest would equal probeFinal); a repeated arm listed twice;
    // seeds taken from the index rather than the run.
    expect(armSummaries(dp, undefined, sgd, dp)).toEqual([
      { arm: "dp", seeds: [3, 5], probeFinal: [71, 72], probeBest: [75, 74] },
      { arm: "sgd", seeds: [3], probeFinal: [60], probeBest: [65] },
    ])
  })
  test("timeCompression: ci's compressed BYOL arm integrates ≥ ln 2, the paper's η̄_p at ci does not; each says so", () => {
    const ci = timeCompression("ci", byolCompressed)
    // Mutation caught: `compressed` computed against the arm's own decay rather than the paper's (always false).
    expect(ci).toMatchObject({ compressed: true, predictorWeightDecay: 0.04, paperWeightDecay: 4e-4 })
    expect(ci.integratedDecay).toBeGreaterThanOrEqual(ci.needed)
    expect(ci.needed).toBeCloseTo(Math.LN2, 12)
    expect(ci.statement).toContain("docs/paper/scale.md#time-compression")
    const paper = timeCompression("ci", sgdLinear)
    expect(paper).toMatchObject({ compressed: false, predictorWeightDecay: 4e-4 })
    expect(paper.integratedDecay).toBeLessThan(paper.needed)
    // Mutation caught: the "too little" warning dropped (or shown for a run that reached the decay).
    expect(paper.statement).toContain("too little")
    expect(ci.statement).not.toContain("too little")
  })
  test("C19's clamp count: p_j at sqrt(1e-4) = 0.01 counts, anything ≥ 0.0105 does not (naive count)", () => {
    fc.assert(fc.property(fc.array(fc.oneof(fc.constant(0.01), fc.double({ min: 0.011, max: 1, noNaN: true })), { minLength: 1, maxLength: 64 }), (wp) => {
      const naive = wp.filter((p) => p < 0.0105).length / wp.length
      expect(clampedFraction(fakeRun("c", 0, 0.5, 0.5, wp))).toBeCloseTo(naive, 12)
    }))
    expect(CLAMPED_P).toBeGreaterThan(Math.sqrt(1e-4))
    // far below c = −0.1's smallest p_j = sqrt(0.1): that arm can never count as clamped
    expect(CLAMPED_P).toBeLessThan(Math.sqrt(0.1) / 10)
  })
})

describe("armPlots", () => {
  const a = [0.6, 0.62, 0.64].map((p, i) => fakeRun("a", i, p, 0.3))
  const b = [0.5, 0.5, 0.53].map((p, i) => fakeRun("b", i, p, 0.2))
  test("accuracy plot: one item per arm, estimate inside its interval, the floor as a reference line", () => {
    const p = accuracyPlot("T-acc", "t", [a, b])
    expect(p.items.map((i) => i.label)).toEqual(["a", "b"])
    for (const i of p.items) expect(i.lower <= i.estimate && i.estimate <= i.upper).toBe(true)
    expect(p.items[0]!.estimate).toBeCloseTo(62, 9)
    expect(p.references?.[0]?.y).toBeCloseTo(70, 9)
  })
  test("over-time plot: the mean over seeds at each logged step, one series per arm", () => {
    const p = overTimePlot("T-z", "t", "zStd", [a, b], (r) => r.zStd)
    expect(p.series.map((s) => s.name)).toEqual(["a", "b"])
    expect(p.series[0]!.x).toEqual([0, 20, 40, 60, 80])
    expect(p.series[1]!.y).toEqual([0.9, 0.9, 0.2, 0.2, 0.2])
  })
  test("over-time plot: the band spans the seeds, lowest to highest, at each logged step", () => {
    const spread = [0.2, 0.4, 0.3].map((e, i) => fakeRun("c", i, 0.5, e))
    const s = overTimePlot("T-z", "t", "zStd", [spread], (r) => r.zStd).series[0]!
    expect(s.y.map((v) => Number((v as number).toFixed(9)))).toEqual([0.9, 0.9, 0.3, 0.3, 0.3])
    // Mutation caught: a band from one seed, or the mean's interval instead of the seeds' range.
    expect(s.lower).toEqual([0.9, 0.9, 0.2, 0.2, 0.2])
    expect(s.upper).toEqual([0.9, 0.9, 0.4, 0.4, 0.4])
  })
  test("eigenvalue plot: every eigenvalue at every record, signs kept (a heatmap, not the top few on a log axis)", () => {
    const run = fakeRun("a", 0, 0.6, 0.3, [1, 0.5, -0.25, -1e-3])
    const p = eigenvaluesPlot("T-e", "t", run, "wpEigenvalues")
    expect(p.kind).toBe("heatmap")
    expect(p.x).toEqual([0, 20, 40, 60, 80])
    // Mutation caught: dropping the negative eigenvalues or keeping only the top k.
    expect(p.values).toEqual(Array.from({ length: 5 }, () => [1, 0.5, -0.25, -1e-3]))
    expect(eigenvaluesPlot("T-f", "t", run, "fEigenvalues").values[0]).toEqual([3, 2, 1])
  })
  test("alignment per eigenvector: the first and the last record that carry per-eigenvector cosines, signs kept", () => {
    const base = a[0]!
    const run: ArmRun = {
      ...base,
      series: base.series.map((r, i) => (i === 0 ? { ...r, alignmentCos: [0.1, -0.2, 0.05] } : i === 4 ? { ...r, alignmentCos: [0.99, 0.9, -0.3] } : r)),
    }
    const p = alignmentPerEigenvectorPlot("T-a", "t", run)
    expect(p.series.map((s) => s.name)).toEqual(["start (step 0)", "end (step 80)"])
    expect(p.series[0]!.x).toEqual([1, 2, 3])
    expect(p.series[0]!.y).toEqual([0.1, -0.2, 0.05])
    expect(p.series[1]!.y).toEqual([0.99, 0.9, -0.3])
    expect(alignmentPerEigenvectorPlot("T-a", "t", run, 2).series[1]!.y).toEqual([0.99, 0.9])
  })
})
