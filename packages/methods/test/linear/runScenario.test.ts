import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "@ssl/core"
import * as dense from "../../src/linear/dense.ts"
import { asymmetry, conservationMatrix, conservationResidual, targetCorrelation, tauEstimate } from "../../src/linear/quantities.ts"
import { runScenario } from "../../src/linear/runScenario.ts"
import type { FullScenario } from "../../src/linear/scenario.ts"

const full: FullScenario = {
  model: "full", n1: 6, n2: 3, data: { kind: "isotropic", sigma2: 0.5 }, target: "simsiam", stopGradient: true, predictor: "identity",
  alphaP: 1, eta: 0.05, beta: 0, init: { seed: 2, wStd: 0.4, wpStd: 0.5, wa: "copy" },
  integrator: { method: "rk4", dt: 0.01, tEnd: 10, logEvery: 1 },
}

describe("runScenario", () => {
  test("no predictor: ‖W(t)‖ = e^{−(σ²+η)t}‖W(0)‖ exactly, and the trace has one row per logged time", () => {
    const tr = runScenario(full)
    expect(tr.t.length).toBe(11)
    const w = tr.series["normW"]!
    tr.t.forEach((t, i) => expect(Math.abs(w[i]! / (Math.exp(-0.55 * t) * w[0]!) - 1)).toBeLessThan(1e-9))
    expect(tr.spectra["F"]!.length).toBe(11)
    expect(tr.series["conservationResidual"]!.every(Number.isNaN)).toBe(true) // W_p = I does not follow Eqn. 2
  })

  test("BYOL logs a conservation residual at integration accuracy and τ̂ rising from 0", () => {
    const tr = runScenario({ ...full, target: "ema", beta: 0.4, predictor: "trained", init: { ...full.init, wa: "zero" } })
    expect(Math.max(...tr.series["conservationResidual"]!)).toBeLessThan(1e-8)
    expect(tr.series["tau"]![0]).toBe(0)
    expect(tr.series["tau"]!.at(-1)!).toBeGreaterThan(0.5)
  })

  test("reduced, decoupled, parabola and Appendix D scenarios log their quantities", () => {
    const integrator = { method: "rk4", dt: 0.01, tEnd: 5, logEvery: 1 } as const
    const reduced = runScenario({ model: "reduced", form: "symmetric", d: 4, sigma2: 0.5, tau: 1, alphaP: 1, eta: 0.13, init: { seed: 1, kind: "generic", wpStd: 0.5 }, integrator })
    expect(reduced.series["commutator"]!.at(-1)!).toBeLessThan(reduced.series["commutator"]![0]!)
    const aligned = runScenario({ model: "reduced", form: "symmetric", d: 4, sigma2: 0.5, tau: 1, alphaP: 1, eta: 0.13, init: { seed: 1, kind: "aligned", wpStd: 0.5 }, integrator })
    expect(Math.max(...aligned.series["commutator"]!)).toBeLessThan(1e-12)
    const dec = runScenario({ model: "decoupled", p0: [0.1, 0.5], s0: [0.2, 0.3], sigma2: 0.5, alphaP: 2, eta: 0.03, tau: { kind: "ema", beta: 0.4, tau0: 0 }, integrator })
    expect(Math.max(...dec.series["integral0"]!.map(Math.abs), ...dec.series["integral1"]!.map(Math.abs))).toBeLessThan(1e-9)
    const par = runScenario({ model: "parabola", p0: [0.3], sigma2: 0.5, eta: 0.05, tau: { kind: "fixed", tau: 1 }, integrator })
    expect(par.series["p0"]!.at(-1)!).toBeGreaterThan(0.3)
    const d = runScenario({ model: "appendix-d-scalar", lambdaS: 1, lambdaD: 0.5, alphaP: 1, beta: 1, predictor: "trained", w0: { wp: 0.1, w: 0.1, wa: 0 }, integrator })
    expect(Object.keys(d.series)).toEqual(["wp", "w", "wa"])
  })
})

describe("quantities", () => {
  test("asymmetry, τ̂ and the W_a–W correlation: bounds and known values", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 6 }), fc.integer(), fc.double({ min: -3, max: 3, noNaN: true }), (n, seed, c) => {
      fc.pre(Math.abs(c) > 1e-6)
      const rng = new Rng(seed)
      const A = dense.gaussian(n, n, 1, rng), W = dense.gaussian(n, n + 1, 1, rng)
      expect(asymmetry(dense.symmetricPart(A))).toBeLessThan(1e-15)
      if (n > 1) expect(asymmetry(dense.antisymmetricPart(A))).toBeCloseTo(2, 12)
      expect(tauEstimate(W, dense.lincomb([c, W]))).toBeCloseTo(c, 12)
      expect(targetCorrelation(W, dense.lincomb([c, W]))).toBeCloseTo(Math.sign(c), 12)
      const r = targetCorrelation(W, dense.gaussian(n, n + 1, 1, rng))
      expect(Math.abs(r)).toBeLessThanOrEqual(1 + 1e-12)
      const Wp = dense.gaussian(n, n, 1, rng)
      expect(conservationResidual(W, Wp, conservationMatrix(W, Wp, 1.7), 1.7, 0.1, 0)).toBeLessThan(1e-14)
    }), { numRuns: 50 })
    expect(targetCorrelation(dense.zeros(2, 2), dense.identity(2))).toBe(0)
  })
})
