/**
 * A small fixed set of claims for the report tests: every verdict (pass, fail, inconclusive, not run), every
 * plot kind (line on log axes with NaN gaps, a seed band, scatter, phase, intervals, a signed heatmap), interval checks, informational values
 * with NaN, the paper's numbers as a string and as named values, and run ids from the evidence and from
 * progress events. Their "measurements" are fixed data: the harness still decides the verdicts.
 */
import { Effect } from "effect"
import { defineClaim, type Claim } from "../src/harness/Claim.ts"
import { report } from "../src/harness/Progress.ts"
import { greaterThan, lessThan } from "../src/harness/Rule.ts"
import type { IntervalMeasure } from "../src/harness/Verdict.ts"
import { series } from "../src/report/PlotSpec.ts"

/** The same plan at the smoke and ci tiers. */
const both = (seeds: ReadonlyArray<number>) => ({ smoke: { config: null, seeds }, ci: { config: null, seeds } })

const t = Array.from({ length: 101 }, (_, i) => i * 0.5)
const interval = (estimate: number, half: number, groups?: IntervalMeasure["groups"]): IntervalMeasure => ({
  kind: "interval", estimate, lower: estimate - half, upper: estimate + half, level: 0.95, se: half / 4.303, df: 2, n: 3, ...(groups === undefined ? {} : { groups }),
})

const pass = defineClaim<null, "ratio">({
  id: "C91", title: "Fixture: a commutator decays under its bound", statement: "‖[F, W_p]‖ ≤ e^{−2λ₀t}‖[F, W_p](0)‖.",
  where: "Fixture §1", quantity: "final / initial commutator", corrections: [],
  reported: "exact; [V-sim] 4.1 → 2e-7",
  criteria: { ratio: { description: "final/initial", op: "<", value: 1e-4, source: "fixture threshold" } },
  tiers: both([1]),
  run: () => Effect.succeed({
    measured: { ratio: 3e-8 },
    info: { broken: Number.NaN, perSeed: [1, Number.POSITIVE_INFINITY] },
    plots: [{
      kind: "line", id: "fx-commutator", title: "commutator vs bound (log, with gaps)", x: { label: "t" }, y: { label: "‖[F, W_p]‖", scale: "log" },
      series: [
        series("measured", t, t.map((x, i) => (i === 40 ? Number.NaN : i === 41 ? 0 : 2 * Math.exp(-0.4 * x)))),
        series("bound", t, t.map((x) => 2 * Math.exp(-0.1 * x)), { dashed: true }),
      ],
      references: [{ label: "1e-4 × initial", y: 2e-4 }],
      caption: "NaN at t = 20 and a zero at t = 20.5 (not placeable on a log axis) break the line.",
    }],
  }),
})

const fail = defineClaim<null, "gain" | "gate">({
  id: "C92", title: "Fixture: DirectPred vs SGD, accuracy with intervals", statement: "DirectPred is within 0.5 points of SGD.",
  where: "Fixture §2, Table 6", quantity: "probe accuracy difference (points)", corrections: [],
  reported: { DirectPred: 77.86, "SGD linear": 75.25 },
  criteria: {
    gate: { description: "reference beats the floor", op: ">", value: 0, source: "sanity gate", role: "precondition" },
    gain: greaterThan(-0.5, { description: "DirectPred − SGD (points)", source: "fixture rule" }),
  },
  tiers: both([1, 2, 3]),
  run: () => Effect.gen(function*() {
    yield* report("C92", "run done", { runId: "run-from-progress", arm: "sgd", seed: 1 })
    return {
      measured: { gate: 2, gain: interval(-3, 1, { directpred: { mean: 72, std: 0.5, n: 3 }, sgd: { mean: 75, std: 0.6, n: 3 } }) },
      runIds: ["run-a", "run-b"],
      plots: [{
        kind: "intervals", id: "fx-accuracy", title: "probe accuracy per method", y: { label: "accuracy (%)" }, level: 0.95,
        items: [
          { label: "DirectPred", estimate: 72, lower: 71.2, upper: 72.8, group: "ours" },
          { label: "SGD linear", estimate: 75, lower: 74.1, upper: 75.9, group: "ours" },
          { label: "paper DirectPred", estimate: 77.86, lower: 77.7, upper: 78.02, group: "paper" },
        ],
        references: [{ label: "random-encoder floor", y: 70 }],
      }, {
        kind: "scatter", id: "fx-alignment", title: "alignment cos_j per eigenvector, start and end", x: { label: "eigenvector index j" }, y: { label: "cos(u_j, W_p u_j)", min: -1, max: 1 },
        series: [
          series("start", [1, 2, 3, 4, 5, 6], [0.1, -0.2, 0.05, 0.3, Number.NaN, -0.1]),
          series("end", [1, 2, 3, 4, 5, 6], [0.99, 0.98, 0.97, 0.9, 0.85, 0.6]),
        ],
      }],
    }
  }),
})

const inconclusive = defineClaim<null, "asym">({
  id: "C93", title: "Fixture: asymmetry ratio straddles its threshold", statement: "The asymmetry halves.",
  where: "Fixture §3", quantity: "end / start asymmetry", corrections: ["docs/paper/model.md#typos item 0: fixture"],
  criteria: { asym: lessThan(0.5, { description: "end/start", source: "fixture rule" }) },
  tiers: both([1, 2, 3]),
  run: () => Effect.succeed({
    measured: { asym: interval(0.5, 0.2) },
    plots: [{
      kind: "line", id: "fx-eigenvalues", title: "eigenvalues of F̂ over training (18 series: legend overflow)", x: { label: "step" }, y: { label: "λ_j" },
      series: Array.from({ length: 18 }, (_, j) => series(`λ${j + 1}`, t, t.map((x) => Math.exp(-j / 4) * (1 - Math.exp(-x / 10))), { dashed: j % 2 === 1 })),
    }, {
      kind: "heatmap", id: "fx-spectrum", title: "every eigenvalue of W_p over training (signed; a NaN cell)", xLabel: "step", valueLabel: "eigenvalue of W_p",
      x: [0, 20, 40, 60], values: [[1, 0.5, 0, -0.5], [1.1, 0.4, Number.NaN, -0.6], [1.2, 0.3, -0.1, -0.7], [1.3, 0.2, -0.2, -0.8]],
    }, {
      kind: "line", id: "fx-band", title: "z-std over training: mean over seeds in the band the seeds span", x: { label: "step" }, y: { label: "zStd" },
      series: [series("arm", [0, 20, 40, 60], [0.9, 0.5, 0.4, 0.4], { band: { lower: [0.9, 0.4, 0.3, 0.35], upper: [0.9, 0.6, 0.5, 0.45] } })],
    }],
  }),
})

const notRun = defineClaim<null, never>({
  id: "C94", title: "Fixture: ImageNet (recorded, not run)", statement: "ResNet-50 on ImageNet.", where: "Fixture Table 9",
  quantity: "not measured", corrections: [], reported: { "DirectPred top-1": 64.4 }, criteria: {}, tiers: {},
  notRun: { smoke: "ImageNet is beyond every tier", ci: "ImageNet is beyond every tier" },
  run: () => Effect.die("not run"),
})

const phase = defineClaim<null, "dist">({
  id: "C95", title: "Fixture: phase portrait", statement: "Modes converge onto s = p²/α_p.", where: "Fixture §4", quantity: "distance",
  corrections: [], criteria: { dist: { description: "max |s − p²/α_p|", op: "<", value: 1e-4, source: "fixture" } },
  tiers: both([1]),
  run: () => Effect.succeed({
    measured: { dist: 1e-9 },
    plots: [{
      kind: "phase", id: "fx-phase", title: "(p, s) with the parabola and p*±", alphaP: 1,
      trajectories: [series("mode 1", [0.1, 0.3, 0.5, 0.6], [0.6, 0.5, 0.4, 0.375]), series("mode 2", [0.9, 0.7, 0.62], [0.1, 0.3, 0.38])],
      fixedPoints: [{ label: "0", p: 0, s: 0, stable: true }, { label: "p*₋", p: 0.054, s: 0.003, stable: false }, { label: "p*₊", p: 0.612, s: 0.375, stable: true }],
    }],
  }),
})

export const fixtureClaims: ReadonlyArray<Claim> = [pass, fail, inconclusive, notRun, phase]

/** The verdicts the harness must reach on the fixture. */
export const fixtureVerdicts = { C91: "pass", C92: "fail", C93: "inconclusive", C94: "not run", C95: "pass" } as const
