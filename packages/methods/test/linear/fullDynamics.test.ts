import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "@ssl/core"
import * as dense from "../../src/linear/dense.ts"
import { decoupledRhs, packDecoupled } from "../../src/linear/eigenDynamics.ts"
import { fullModel, lemma1Gradients, type FullParams, type FullState, type Target } from "../../src/linear/fullDynamics.ts"
import { integrate } from "../../src/linear/integrate.ts"
import { conservationMatrix, conservationResidual } from "../../src/linear/quantities.ts"

type Mat = dense.Mat

/** The large-batch loss in closed form: J = ½E‖W_pWx₁ − W_ax₂‖² = ½tr(W_pWSWᵀW_pᵀ) − tr(W_pWXW_aᵀ) + ½tr(W_aSW_aᵀ). */
const loss = (Wp: Mat, W: Mat, Wa: Mat, X: Mat, S: Mat): number => {
  const P = dense.matmul(Wp, W)
  return 0.5 * dense.trace(dense.matmul(dense.matmul(P, S), dense.transpose(P)))
    - dense.trace(dense.matmul(dense.matmul(P, X), dense.transpose(Wa)))
    + 0.5 * dense.trace(dense.matmul(dense.matmul(Wa, S), dense.transpose(Wa)))
}

/** Central finite differences of f at every entry of `at` (a naive float64 reference). */
const numericGrad = (f: (m: Mat) => number, at: Mat, h = 1e-6): Mat => {
  const g = dense.zeros(at.rows, at.cols)
  for (let i = 0; i < at.data.length; i++) {
    const plus = dense.clone(at), minus = dense.clone(at)
    plus.data[i]! += h
    minus.data[i]! -= h
    g.data[i] = (f(plus) - f(minus)) / (2 * h)
  }
  return g
}

const relErr = (a: Mat, b: Mat) => dense.frobenius(dense.sub(a, b)) / Math.max(dense.frobenius(b), 1e-300)

const setup = fc.record({
  n1: fc.integer({ min: 1, max: 7 }),
  n2: fc.integer({ min: 1, max: 5 }),
  seed: fc.integer(),
  alphaP: fc.double({ min: 0.2, max: 5, noNaN: true }),
  eta: fc.double({ min: 0, max: 0.1, noNaN: true }),
  beta: fc.double({ min: 0, max: 2, noNaN: true }),
})

const randomPoint = (n1: number, n2: number, rng: Rng) => ({
  X: dense.randomPsd(n1, rng),
  Xp: dense.lincomb([0.5, dense.randomPsd(n1, rng)]),
  Wp: dense.gaussian(n2, n2, 1 / Math.sqrt(n2), rng),
  W: dense.gaussian(n2, n1, 1 / Math.sqrt(n1), rng),
  Wa: dense.gaussian(n2, n1, 1 / Math.sqrt(n1), rng),
})

describe("full dynamics (Eqns. 2–4)", () => {
  test("Lemma 1: the closed-form gradients equal finite differences of the closed-form loss", () => {
    fc.assert(fc.property(setup, ({ n1, n2, seed }) => {
      const { X, Xp, Wp, W, Wa } = randomPoint(n1, n2, new Rng(seed))
      const S = dense.add(X, Xp)
      const g = lemma1Gradients(Wp, W, Wa, X, Xp)
      expect(relErr(g.dWp, numericGrad((m) => loss(m, W, Wa, X, S), Wp))).toBeLessThan(1e-6)
      expect(relErr(g.dW, numericGrad((m) => loss(Wp, m, Wa, X, S), W))).toBeLessThan(1e-6)
    }), { numRuns: 25 })
  })

  test("the right-hand side is −gradient (scaled by α_p for W_p) minus weight decay, and the EMA pulls W_a to W", () => {
    fc.assert(fc.property(setup, ({ n1, n2, seed, alphaP, eta, beta }) => {
      const { X, Xp, Wp, W, Wa } = randomPoint(n1, n2, new Rng(seed))
      const m = fullModel({ X, Xp, n2, alphaP, eta, beta, target: "ema", stopGradient: true, predictor: "trained" })
      const y = m.pack({ Wp, W, Wa })
      const dy = new Float64Array(m.size)
      m.rhs(0, y, dy)
      const d = m.view(dy)
      const g = lemma1Gradients(Wp, W, Wa, X, Xp)
      expect(dense.maxAbs(dense.sub(d.Wp, dense.lincomb([-alphaP, g.dWp], [-eta, Wp])))).toBeLessThan(1e-12)
      expect(dense.maxAbs(dense.sub(d.W, dense.lincomb([-1, g.dW], [-eta, W])))).toBeLessThan(1e-12)
      expect(dense.maxAbs(dense.sub(d.Wa, dense.lincomb([beta, W], [-beta, Wa])))).toBeLessThan(1e-12)
    }), { numRuns: 25 })
  })

  test("Eqn. 6 (no stop-gradient, W_a = W) is −∂/∂W of the loss with the target's W differentiated too", () => {
    fc.assert(fc.property(setup, ({ n1, n2, seed, eta }) => {
      const { X, Xp, Wp, W } = randomPoint(n1, n2, new Rng(seed))
      const S = dense.add(X, Xp)
      const m = fullModel({ X, Xp, n2, alphaP: 1, eta, beta: 0, target: "simsiam", stopGradient: false, predictor: "trained" })
      const dy = new Float64Array(m.size)
      m.rhs(0, m.pack({ Wp, W, Wa: W }), dy)
      const grad = numericGrad((w) => loss(Wp, w, w, X, S), W)
      expect(relErr(m.view(dy).W, dense.lincomb([-1, grad], [-eta, W]))).toBeLessThan(1e-6)
    }), { numRuns: 25 })
  })

  test("W_p = I stays fixed and gives Ẇ = −W(X' + ηI) with the stop-gradient (docs/paper/model.md#typos item 4)", () => {
    const rng = new Rng(4)
    const { X, Xp, W } = randomPoint(5, 3, rng)
    const m = fullModel({ X, Xp, n2: 3, alphaP: 1, eta: 0.1, beta: 0, target: "simsiam", stopGradient: true, predictor: "identity" })
    const y = m.pack({ Wp: dense.gaussian(3, 3, 1, rng), W, Wa: W })
    expect(dense.maxAbs(dense.sub(m.view(y).Wp, dense.identity(3)))).toBe(0)
    const dy = new Float64Array(m.size)
    m.rhs(0, y, dy)
    expect(dense.maxAbs(m.view(dy).Wp)).toBe(0)
    expect(dense.maxAbs(dense.sub(m.view(dy).W, dense.lincomb([-1, dense.matmul(W, Xp)], [-0.1, W])))).toBeLessThan(1e-12)
  })

  test("the isotropic fast path gives the same derivative as the general products", () => {
    const rng = new Rng(9)
    const { Wp, W, Wa } = randomPoint(6, 3, rng)
    const iso = { X: dense.identity(6), Xp: dense.lincomb([0.3, dense.identity(6)]) }
    // The same matrices with an exact zero perturbed away from the identity pattern defeat the fast path.
    const general = { X: dense.lincomb([1, dense.identity(6)]), Xp: dense.lincomb([0.3, dense.identity(6)]) }
    general.X.data[1] = 1e-300
    for (const stopGradient of [true, false]) {
      const params = { n2: 3, alphaP: 1.5, eta: 0.05, beta: 0.3, target: "simsiam" as const, stopGradient, predictor: "trained" as const }
      const a = fullModel({ ...params, ...iso }), b = fullModel({ ...params, ...general })
      const da = new Float64Array(a.size), db = new Float64Array(b.size)
      a.rhs(0, a.pack({ Wp, W, Wa }), da)
      b.rhs(0, b.pack({ Wp, W, Wa }), db)
      for (let i = 0; i < da.length; i++) expect(Math.abs(da[i]! - db[i]!)).toBeLessThan(1e-12)
    }
  })

  test("Theorem 1: the conservation law (Eqn. 5) holds to RK4 accuracy for random X, X', α_p, η, β and any W_a dynamics", () => {
    fc.assert(fc.property(setup, fc.constantFrom<Target>("ema", "simsiam", "frozen"), ({ n1, n2, seed, alphaP, eta, beta }, target) => {
      const { X, Xp, Wp, W, Wa } = randomPoint(n1, n2, new Rng(seed))
      const m = fullModel({ X, Xp, n2, alphaP, eta, beta, target, stopGradient: true, predictor: "trained" })
      const C0 = conservationMatrix(W, Wp, alphaP)
      let worst = 0
      integrate(m.rhs, m.pack({ Wp, W, Wa }), {
        method: "rk4", dt: 2e-3, steps: 2500, every: 250,
        observe: (t, y) => { const s = m.view(y); worst = Math.max(worst, conservationResidual(s.W, s.Wp, C0, alphaP, eta, t)) },
      })
      expect(worst).toBeLessThan(1e-7)
    }), { numRuns: 8 })
  })

  test("started aligned, the full SimSiam and BYOL flows follow the decoupled Eqns. 11–13 mode by mode", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 4 }), fc.integer(), fc.constantFrom<Target>("simsiam", "ema"), (d, seed, target) => {
      const rng = new Rng(seed)
      const n1 = d + 2, sigma2 = 0.5, alphaP = 1.5, eta = 0.03, beta = 0.5
      const U = dense.randomOrthogonal(d, rng)
      const Q = dense.randomOrthogonal(n1, rng)
      const R = dense.mat(n1, d, Float64Array.from({ length: n1 * d }, (_, i) => Q.data[Math.floor(i / d) * n1 + (i % d)]!))
      const p0 = Array.from({ length: d }, () => rng.uniform(0, 1)), s0 = Array.from({ length: d }, () => rng.uniform(0.1, 1))
      const rot = (v: ReadonlyArray<number>) => dense.matmul(dense.matmul(U, dense.diag(v)), dense.transpose(U))
      const init: FullState = { Wp: rot(p0), W: dense.matmulNT(dense.matmul(U, dense.diag(s0.map(Math.sqrt))), R), Wa: dense.zeros(d, n1) }
      const params: FullParams = { X: dense.identity(n1), Xp: dense.lincomb([sigma2, dense.identity(n1)]), n2: d, alphaP, eta, beta, target, stopGradient: true, predictor: "trained" }
      const m = fullModel(params)
      const tau = target === "simsiam" ? { kind: "fixed", tau: 1 } as const : { kind: "ema", beta } as const
      const full = integrate(m.rhs, m.pack(init), { method: "rk4", dt: 0.01, steps: 1000 })
      const modes = integrate(decoupledRhs(d, { sigma2, alphaP, eta, tau }), packDecoupled(p0, s0, tau, 0), { method: "rk4", dt: 0.01, steps: 1000 })
      const s = m.view(full)
      const P = dense.matmul(dense.matmulTN(U, s.Wp), U), F = dense.matmul(dense.matmulTN(U, dense.matmulNT(s.W, s.W)), U)
      for (let j = 0; j < d; j++) {
        expect(Math.abs(P.data[j * d + j]! - modes[j]!)).toBeLessThan(1e-7)
        expect(Math.abs(F.data[j * d + j]! - modes[d + j]!)).toBeLessThan(1e-7)
      }
    }), { numRuns: 8 })
  })

  test("the no-stop-gradient variant needs W_a = W", () => {
    const X = dense.identity(2)
    expect(() => fullModel({ X, Xp: X, n2: 1, alphaP: 1, eta: 0, beta: 1, target: "ema", stopGradient: false, predictor: "trained" })).toThrow("use target 'simsiam'")
  })
})
