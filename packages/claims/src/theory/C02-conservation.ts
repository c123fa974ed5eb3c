/**
 * C2 — Theorem 1: W Wᵀ − α_p⁻¹ W_pᵀ W_p = e^{−2ηt} C for the flow of Eqns. 2–3, whatever W_a does, for any
 * X and X' (corrected form with α_p⁻¹, docs/paper/model.md#typos item 2).
 */
import { Rng } from "@ssl/core"
import { conservationMatrix, conservationResidual, dense, type Target } from "@ssl/methods"
import { Effect } from "effect"
import { defineClaim, measure } from "../harness/Claim.ts"
import { series, type SeriesSpec } from "../report/PlotSpec.ts"
import { report } from "../harness/Progress.ts"
import { corrections, genericInit, maxOf, minOf, randomData, runFull, sig } from "./common.ts"

export interface C2Config {
  readonly n1: number
  readonly n2: number
  readonly alphaP: number
  readonly beta: number
  readonly eta: number
  /** X' = xpScale · BBᵀ/n1. */
  readonly xpScale: number
  readonly dt: number
  readonly tEnd: number
  /** Log every this many steps. */
  readonly every: number
}

const SOURCE_RK4 = "docs/paper/claims.md#c2: < 1e-6 with RK4 at dt = 1e-3 ([V-sim] 6e-12)"
const SOURCE_EULER = "docs/paper/claims.md#c2: Euler's error is O(dt), ≤ 1e-2 at dt = 1e-3"
const targets: ReadonlyArray<Target> = ["ema", "simsiam", "frozen"]

export const C02 = defineClaim<C2Config, "rk4Residual" | "eulerResidual" | "movement">({
  id: "C2",
  title: "Theorem 1: conservation law (Eqn. 5)",
  statement: "W Wᵀ − α_p⁻¹ W_pᵀW_p = e^{−2ηt} C, C = W(0)W(0)ᵀ − α_p⁻¹W_p(0)ᵀW_p(0), whatever W_a does (EMA, W_a = W, frozen), for any PSD X, X'.",
  where: "Sec. 2, Theorem 1; Appendix A (docs/paper/model.md#theorem-1)",
  quantity: "max over logged t of ‖W Wᵀ − α_p⁻¹W_pᵀW_p − e^{−2ηt}C‖_F / ‖W Wᵀ‖_F along Eqns. 2–4, for random non-isotropic X, X'",
  corrections: [corrections.alphaP],
  reported: "exact (Theorem 1, Eqn. 5, for any X, X' and any W_a); docs/paper/model.md#theorem-1 (numerical check): residual 6e-12 (RK4, dt = 1e-3)",
  criteria: {
    rk4Residual: { description: "max relative residual of Eqn. 5 over t ∈ [0, T], all three W_a dynamics, RK4", op: "<", value: 1e-6, source: SOURCE_RK4 },
    eulerResidual: { description: "max relative residual of Eqn. 5 over t ∈ [0, T], all three W_a dynamics, Euler at the same dt", op: "<=", value: 1e-2, source: SOURCE_EULER },
    movement: {
      description: "min over runs of ‖W Wᵀ(T) − W Wᵀ(0)‖_F / ‖W Wᵀ(0)‖_F (the trajectory moved, so the identity is not satisfied trivially)",
      op: ">", value: 0.05, source: "sanity gate (ours): a conservation check on a trajectory that barely moves would be vacuous", role: "precondition",
    },
  },
  tiers: {
    smoke: { config: { n1: 12, n2: 6, alphaP: 2, beta: 0.1, eta: 0.02, xpScale: 0.5, dt: 1e-3, tEnd: 5, every: 100 }, seeds: [1] },
    ci: { config: { n1: 12, n2: 6, alphaP: 2, beta: 0.1, eta: 0.02, xpScale: 0.5, dt: 1e-3, tEnd: 30, every: 100 }, seeds: [1] },
    nightly: { config: { n1: 12, n2: 6, alphaP: 2, beta: 0.1, eta: 0.02, xpScale: 0.5, dt: 1e-3, tEnd: 30, every: 100 }, seeds: [1, 2, 3, 4, 5], timeoutMs: 300_000 },
  },
  run: (plan) =>
    Effect.gen(function*() {
      const c = plan.config
      const rk4: Record<string, number> = {}, euler: Record<string, number> = {}
      const moved: Array<number> = []
      let noStopGradient = 0
      // The first seed's residual over time, per target and integrator, and the control's (the plot).
      const curves: Array<SeriesSpec> = []
      for (const seed of plan.seeds) {
        const shown = seed === plan.seeds[0]
        const rng = new Rng(seed)
        const { X, Xp } = randomData(c.n1, rng, c.xpScale)
        const init = genericInit(c.n1, c.n2, rng)
        const frozenWa = dense.gaussian(c.n2, c.n1, 1 / Math.sqrt(c.n1), rng)
        const C0 = conservationMatrix(init.W, init.Wp, c.alphaP)
        const WW0 = dense.matmulNT(init.W, init.W)
        const trajectory = (target: Target, method: "rk4" | "euler", stopGradient = true) =>
          measure("C2", () => {
            const res: Array<number> = [], ts: Array<number> = []
            const end = runFull(
              { X, Xp, n2: c.n2, alphaP: c.alphaP, eta: c.eta, beta: c.beta, target, stopGradient, predictor: "trained" },
              target === "frozen" ? { ...init, Wa: frozenWa } : init,
              { method, dt: c.dt, tEnd: c.tEnd, every: c.every },
              (t, s) => { ts.push(t); res.push(conservationResidual(s.W, s.Wp, C0, c.alphaP, c.eta, t)) },
            )
            if (shown) {
              // t = 0 has no residual to show (exactly 0): a log axis starts after it.
              const name = stopGradient ? `W_a ${target}, ${method}` : "control: no stop-gradient (the law breaks)"
              curves.push(series(name, ts.slice(1), res.slice(1), { dashed: method === "euler" }))
            }
            const WWT = dense.matmulNT(end.W, end.W)
            return { residual: maxOf(res), moved: dense.frobenius(dense.sub(WWT, WW0)) / dense.frobenius(WW0) }
          })
        for (const target of targets) {
          const a = yield* trajectory(target, "rk4")
          const b = yield* trajectory(target, "euler")
          rk4[target] = Math.max(rk4[target] ?? 0, a.residual)
          euler[target] = Math.max(euler[target] ?? 0, b.residual)
          moved.push(a.moved)
          yield* report("C2", target, { seed, rk4: a.residual, euler: b.residual })
        }
        // Control: without the stop-gradient (Eqn. 6) W no longer follows Eqn. 3, and the law must break.
        noStopGradient = Math.max(noStopGradient, (yield* trajectory("simsiam", "rk4", false)).residual)
      }
      return {
        measured: {
          rk4Residual: Math.max(...Object.values(rk4)),
          eulerResidual: Math.max(...Object.values(euler)),
          movement: minOf(moved),
        },
        info: {
          rk4ResidualEma: sig(rk4["ema"]!), rk4ResidualSimSiam: sig(rk4["simsiam"]!), rk4ResidualFrozen: sig(rk4["frozen"]!),
          eulerResidualEma: sig(euler["ema"]!), eulerResidualSimSiam: sig(euler["simsiam"]!), eulerResidualFrozen: sig(euler["frozen"]!),
          controlNoStopGradientResidual: sig(noStopGradient),
        },
        plots: [{
          kind: "line" as const, id: "C2-residual", title: "C2: the conservation law's residual over time (Theorem 1)",
          caption: `‖W Wᵀ − α_p⁻¹W_pᵀW_p − exp(−2ηt)C‖_F / ‖W Wᵀ‖_F along Eqns. 2–4 (random PSD X, X'; α_p = ${c.alphaP}, η = ${c.eta}), seed ${plan.seeds[0]}: at the integrator's error for every W_a (RK4 solid, Euler dashed), of order 1 without the stop-gradient.`,
          x: { label: "t" }, y: { label: "relative residual", scale: "log" as const },
          series: curves,
        }],
      }
    }),
})
