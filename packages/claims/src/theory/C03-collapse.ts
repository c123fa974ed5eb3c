/**
 * C3 — Theorem 2 and its remark: without the stop-gradient (W_a = W, Eqn. 6) W collapses at rate ≥ λ0 =
 * inf λ_min(H) ≥ σ² + η (isotropic data); with W_p = I, W collapses with or without the stop-gradient; the
 * control (stop-gradient + trainable W_p, η below η_crit) does not collapse.
 */
import { Rng } from "@ssl/core"
import { dense, lambdaMin, symmetricEigen, type FullParams, type Mat } from "@ssl/methods"
import { Effect } from "effect"
import { defineClaim, measure } from "../harness/Claim.ts"
import { report } from "../harness/Progress.ts"
import { series, type SeriesSpec } from "../report/PlotSpec.ts"
import { corrections, genericInit, isotropic, maxOf, minOf, runFull, sig } from "./common.ts"

export interface C3Config {
  readonly n1: number
  readonly n2: number
  readonly sigma2: number
  readonly eta: number
  readonly alphaP: number
  readonly dt: number
  readonly tEnd: number
  /** X' for the order check of the W_p = I flow: diag(xpDiag) (non-isotropic on purpose). */
  readonly xpDiag: ReadonlyArray<number>
}

const S = "docs/paper/claims.md#c3 pass criterion"

/** λ_min(H) for X = I, X' = σ²I: H = I ⊗ [σ²(W_pᵀW_p + I) + W̃_pᵀW̃_p] + ηI, W̃_p = W_p − I (Eqn. 6). */
const lambdaMinH = (Wp: Mat, sigma2: number, eta: number): number => {
  const n2 = Wp.rows
  const I = dense.identity(n2)
  const Wt = dense.sub(Wp, I)
  return lambdaMin(dense.lincomb([sigma2, dense.matmulTN(Wp, Wp)], [sigma2 + eta, I], [1, dense.matmulTN(Wt, Wt)]))
}

export const C03 = defineClaim<C3Config, "aRatio" | "aBoundExcess" | "aLambda0Excess" | "bRatio" | "bExactFlow" | "bNoStopGradientRatio" | "cNorm">({
  id: "C3",
  title: "Theorem 2: no stop-gradient or no predictor ⇒ collapse",
  statement:
    "With W_a = W and no stop-gradient, d vec(W)/dt = −H vec(W) (Eqn. 6) and ‖W(t)‖ ≤ e^{−λ0 t}‖W(0)‖ with λ0 = inf λ_min(H) ≥ σ²+η " +
    "under Assumption 2. With W_p = I, W → 0 with or without the stop-gradient (Ẇ = −W(X'+ηI) with it). " +
    "With the stop-gradient and a trainable W_p, collapse is not forced.",
  where: "Sec. 2, Theorem 2; Appendix A, Lemma 2 and remark (docs/paper/model.md#theorem-2)",
  quantity: "‖W(t)‖_F along Eqns. 2–3 (and Eqn. 6) with X = I, X' = σ²I; λ_min(H(t)) at every step",
  corrections: [corrections.noPredictorOrder],
  reported: "exact (Theorem 2: ‖W(t)‖ ≤ e^{−λ0 t}‖W(0)‖ without stop-gradient; W → 0 with W_p = I); no numbers in the paper",
  criteria: {
    aRatio: { description: "(a) no stop-gradient: ‖W(T)‖_F / ‖W(0)‖_F", op: "<", value: 1e-3, source: `${S} ((a) ends below 1e-3·‖W(0)‖ by t = 50)` },
    aBoundExcess: {
      description: "(a) max over t > 0 of ‖W(t)‖_F / (e^{−λ0 t}‖W(0)‖_F) − 1, λ0 = min over all steps of λ_min(H(t)) (≤ 0 ⇔ the bound holds)",
      op: "<=", value: 1e-6, source: "Theorem 2's bound (docs/paper/model.md#theorem-2, Eqn. 6); 1e-6 allows for RK4 error",
    },
    aLambda0Excess: {
      description: "(a) λ0 − (σ² + η): the bound's rate is at least σ² + η since H ⪰ (σ²+η)I under Assumption 2",
      op: ">=", value: -1e-9, source: "docs/paper/model.md#theorem-2 (ours) H ⪰ (σ²+η)I; docs/paper/claims.md#c3 \"check decay at rate ≥ σ² + η\"",
    },
    bRatio: { description: "(b) W_p = I with stop-gradient: ‖W(T)‖_F / ‖W(0)‖_F", op: "<", value: 1e-3, source: `${S} ((b) ends below 1e-3·‖W(0)‖ by t = 50)` },
    bExactFlow: {
      description: "(b) with non-isotropic X' = diag(xpDiag): max over t of ‖W(t) − W(0)·exp(−(X'+ηI)t)‖_F / ‖W(0)‖_F (the corrected order W(X'+ηI))",
      op: "<", value: 1e-8, source: "docs/paper/model.md#theorem-2 remark with docs/paper/model.md#typos item 4 (exact linear flow; 1e-8 allows for RK4 error)",
    },
    bNoStopGradientRatio: { description: "(b') W_p = I without stop-gradient: ‖W(T)‖_F / ‖W(0)‖_F", op: "<", value: 1e-3, source: `${S} ("with or without a stop-gradient")` },
    cNorm: { description: "(c) control, stop-gradient + trainable W_p, η < η_crit: ‖W(T)‖_F", op: ">", value: 0.1, source: `${S} ((c) stays > 0.1)` },
  },
  tiers: {
    smoke: { config: { n1: 20, n2: 8, sigma2: 0.5, eta: 0.05, alphaP: 1, dt: 0.01, tEnd: 50, xpDiag: [0.1, 0.3, 0.5, 1, 2] }, seeds: [1] },
    ci: { config: { n1: 20, n2: 8, sigma2: 0.5, eta: 0.05, alphaP: 1, dt: 0.01, tEnd: 50, xpDiag: [0.1, 0.3, 0.5, 1, 2] }, seeds: [1, 2] },
    nightly: { config: { n1: 20, n2: 8, sigma2: 0.5, eta: 0.05, alphaP: 1, dt: 0.005, tEnd: 50, xpDiag: [0.1, 0.3, 0.5, 1, 2] }, seeds: [1, 2, 3, 4, 5, 6, 7, 8], timeoutMs: 300_000 },
  },
  run: (plan) =>
    Effect.gen(function*() {
      const c = plan.config
      const { X, Xp } = isotropic(c.n1, c.sigma2)
      const base: FullParams = { X, Xp, n2: c.n2, alphaP: c.alphaP, eta: c.eta, beta: 0, target: "simsiam", stopGradient: true, predictor: "trained" }
      const opts = { method: "rk4" as const, dt: c.dt, tEnd: c.tEnd }
      const aRatio: Array<number> = [], aBound: Array<number> = [], aExcess: Array<number> = []
      const bRatio: Array<number> = [], bExact: Array<number> = [], bNoSg: Array<number> = [], cNorm: Array<number> = [], cRatio: Array<number> = []
      // ‖W(t)‖_F/‖W(0)‖_F of the first seed, per case, and Theorem 2's bound (the plot).
      const curves: Array<SeriesSpec> = []
      const curve = (name: string, points: ReadonlyArray<readonly [number, number]>, dashed = false) =>
        series(name, points.map(([t]) => t), points.map(([, v]) => v), { dashed })
      for (const seed of plan.seeds) {
        const plotted = seed === plan.seeds[0]
        const init = genericInit(c.n1, c.n2, new Rng(seed))
        const W0 = dense.frobenius(init.W)
        // (a) Eqn. 6, λ_min(H) at every step.
        yield* measure("C3", () => {
          const norms: Array<[number, number]> = []
          let lambda0 = Infinity
          runFull({ ...base, stopGradient: false }, init, { ...opts, every: 1 }, (t, s) => {
            lambda0 = Math.min(lambda0, lambdaMinH(s.Wp, c.sigma2, c.eta))
            norms.push([t, dense.frobenius(s.W)])
          })
          aRatio.push(norms.at(-1)![1] / W0)
          aBound.push(maxOf(norms.slice(1).map(([t, n]) => n / (Math.exp(-lambda0 * t) * W0))) - 1) // t > 0
          aExcess.push(lambda0 - (c.sigma2 + c.eta))
          if (plotted) {
            curves.push(curve("(a) no stop-gradient (W_a = W)", norms.map(([t, n]) => [t, n / W0] as const)))
            curves.push(curve(`(a) bound exp(−λ0 t), λ0 = ${sig(lambda0, 3)}`, norms.map(([t]) => [t, Math.exp(-lambda0 * t)] as const), true))
          }
        })
        // (b) W_p = I with stop-gradient, isotropic, and the exact flow for a non-isotropic X'.
        yield* measure("C3", () => {
          const identity: Array<readonly [number, number]> = []
          const end = runFull({ ...base, predictor: "identity" }, init, { ...opts, every: 100 }, (t, s) => identity.push([t, dense.frobenius(s.W) / W0]))
          bRatio.push(dense.frobenius(end.W) / W0)
          if (plotted) curves.push(curve("(b) W_p = I, stop-gradient", identity))
          const n1 = c.xpDiag.length
          const Xd = dense.identity(n1), Xpd = dense.diag(c.xpDiag)
          const W0d = dense.gaussian(c.n2, n1, 1, new Rng(seed).fork("C3b"))
          const { values, vectors: V } = symmetricEigen(Xpd)
          const dev: Array<number> = []
          runFull({ ...base, X: Xd, Xp: Xpd, predictor: "identity" }, { W: W0d, Wp: dense.identity(c.n2), Wa: W0d }, { ...opts, every: 100 }, (t, s) => {
            // W(0)·V·exp(−(Λ+η)t)·Vᵀ
            const E = dense.diag(Array.from(values, (l) => Math.exp(-(l + c.eta) * t)))
            const exact = dense.matmul(dense.matmul(W0d, dense.matmul(V, E)), dense.transpose(V))
            dev.push(dense.frobenius(dense.sub(s.W, exact)) / dense.frobenius(W0d))
          })
          bExact.push(maxOf(dev))
          const endNoSg = runFull({ ...base, predictor: "identity", stopGradient: false }, init, { ...opts, every: 100 }, () => {})
          bNoSg.push(dense.frobenius(endNoSg.W) / W0)
        })
        // (c) control
        yield* measure("C3", () => {
          const control: Array<readonly [number, number]> = []
          const end = runFull(base, init, { ...opts, every: 100 }, (t, s) => control.push([t, dense.frobenius(s.W) / W0]))
          if (plotted) curves.push(curve("(c) control: stop-gradient, trained W_p", control))
          cNorm.push(dense.frobenius(end.W))
          cRatio.push(dense.frobenius(end.W) / W0)
        })
        yield* report("C3", "seed done", { seed })
      }
      return {
        measured: {
          aRatio: maxOf(aRatio), aBoundExcess: maxOf(aBound), aLambda0Excess: minOf(aExcess),
          bRatio: maxOf(bRatio), bExactFlow: maxOf(bExact), bNoStopGradientRatio: maxOf(bNoSg), cNorm: minOf(cNorm),
        },
        info: {
          sigma2PlusEta: c.sigma2 + c.eta,
          lambda0: aExcess.map((e) => sig(e + c.sigma2 + c.eta)),
          controlRatio: cRatio.map((r) => sig(r)),
          etaCrit: sig(1 / (4 * (1 + c.sigma2))),
        },
        plots: [{
          kind: "line" as const, id: "C3-collapse", title: "C3: ‖W(t)‖/‖W(0)‖ without the stop-gradient, with W_p = I, and the control (Theorem 2)",
          caption: `Full Eqns. 2–4 (SimSiam, X = I, X' = σ²I, σ² = ${c.sigma2}, η = ${c.eta}, n1 = ${c.n1}, n2 = ${c.n2}), seed ${plan.seeds[0]}: without the stop-gradient W decays at least as fast as its bound (dashed); with W_p = I it collapses too; the control keeps its norm.`,
          x: { label: "t" }, y: { label: "‖W(t)‖_F / ‖W(0)‖_F", scale: "log" as const },
          series: curves,
        }],
      }
    }),
})
