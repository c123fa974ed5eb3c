import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "@ssl/core"
import * as dense from "../../src/linear/dense.ts"
import { decoupledRhs, packDecoupled } from "../../src/linear/eigenDynamics.ts"
import { fullModel } from "../../src/linear/fullDynamics.ts"
import { integrate } from "../../src/linear/integrate.ts"
import { alignmentK } from "../../src/linear/quantities.ts"
import { reducedModel, type ReducedParams } from "../../src/linear/reducedDynamics.ts"

const params = fc.record({
  d: fc.integer({ min: 1, max: 6 }),
  seed: fc.integer(),
  sigma2: fc.double({ min: 0, max: 2, noNaN: true }),
  tau: fc.double({ min: 0, max: 1.5, noNaN: true }),
  alphaP: fc.double({ min: 0.2, max: 5, noNaN: true }),
  eta: fc.double({ min: 0, max: 0.3, noNaN: true }),
})

const derivative = (p: ReducedParams, Wp: dense.Mat, F: dense.Mat) => {
  const m = reducedModel(p)
  const dy = new Float64Array(m.size)
  m.rhs(0, m.pack({ Wp, F }), dy)
  const v = m.view(dy)
  return { Wp: dense.clone(v.Wp), F: dense.clone(v.F) }
}

describe("reduced dynamics in (W_p, F)", () => {
  test("Eqn. 62 is exactly the full flow under W_a = τW, X = I, X' = σ²I (Ḟ = ẆWᵀ + WẆᵀ)", () => {
    fc.assert(fc.property(params, fc.integer({ min: 1, max: 4 }), ({ d, seed, sigma2, tau, alphaP, eta }, extra) => {
      const rng = new Rng(seed)
      const n1 = d + extra
      const Wp = dense.gaussian(d, d, 0.7, rng), W = dense.gaussian(d, n1, 0.7, rng)
      const full = fullModel({ X: dense.identity(n1), Xp: dense.lincomb([sigma2, dense.identity(n1)]), n2: d, alphaP, eta, beta: 0, target: "frozen", stopGradient: true, predictor: "trained" })
      const dy = new Float64Array(full.size)
      full.rhs(0, full.pack({ Wp, W, Wa: dense.lincomb([tau, W]) }), dy)
      const dW = full.view(dy).W
      const dF = dense.add(dense.matmulNT(dW, W), dense.matmulNT(W, dW))
      const red = derivative({ d, sigma2, tau, alphaP, eta, form: "nonsymmetric" }, Wp, dense.matmulNT(W, W))
      expect(dense.maxAbs(dense.sub(red.Wp, full.view(dy).Wp))).toBeLessThan(1e-12)
      expect(dense.maxAbs(dense.sub(red.F, dF))).toBeLessThan(1e-12)
    }), { numRuns: 30 })
  })

  test("for symmetric W_p, Eqn. 7 is the symmetrised Eqn. 62", () => {
    fc.assert(fc.property(params, ({ d, seed, sigma2, tau, alphaP, eta }) => {
      const rng = new Rng(seed)
      const Wp = dense.symmetricPart(dense.gaussian(d, d, 1, rng)), F = dense.randomPsd(d, rng)
      const sym = derivative({ d, sigma2, tau, alphaP, eta, form: "symmetric" }, Wp, F)
      const non = derivative({ d, sigma2, tau, alphaP, eta, form: "nonsymmetric" }, Wp, F)
      expect(dense.maxAbs(dense.sub(sym.Wp, dense.symmetricPart(non.Wp)))).toBeLessThan(1e-12)
      expect(dense.maxAbs(dense.sub(sym.F, non.F))).toBeLessThan(1e-12)
    }), { numRuns: 30 })
  })

  test("Theorem 3, Eqn. 8: d/dt[F, W_p] = −[F, W_p]K − K[F, W_p] along Eqn. 7; a wrong K (η instead of 3η/2) breaks it", () => {
    fc.assert(fc.property(params, ({ d, seed, sigma2, tau, alphaP, eta }) => {
      fc.pre(eta > 1e-3 && d > 1)
      const rng = new Rng(seed)
      const Wp = dense.symmetricPart(dense.gaussian(d, d, 1, rng)), F = dense.randomPsd(d, rng)
      const dv = derivative({ d, sigma2, tau, alphaP, eta, form: "symmetric" }, Wp, F)
      const C = dense.commutator(F, Wp)
      const lhs = dense.add(dense.commutator(dv.F, Wp), dense.commutator(F, dv.Wp))
      const K = alignmentK(Wp, F, { sigma2, tau, alphaP, eta })
      const rhs = (k: dense.Mat) => dense.lincomb([-1, dense.matmul(C, k)], [-1, dense.matmul(k, C)])
      const scale = dense.frobenius(lhs) + dense.frobenius(rhs(K)) + 1e-300
      expect(dense.frobenius(dense.sub(lhs, rhs(K))) / scale).toBeLessThan(1e-12)
      const wrongK = dense.lincomb([1, K], [-0.5 * eta, dense.identity(d)])
      expect(dense.frobenius(dense.sub(lhs, rhs(wrongK)))).toBeGreaterThan(1e-3 * eta * dense.frobenius(C))
    }), { numRuns: 30 })
  })

  test("started aligned, Eqn. 7 keeps its eigenvectors and its eigenvalues follow Eqns. 11–12 (fixed τ)", () => {
    fc.assert(fc.property(params, ({ d, seed, sigma2, tau, alphaP, eta }) => {
      const rng = new Rng(seed)
      const U = dense.randomOrthogonal(d, rng)
      const p0 = Array.from({ length: d }, () => rng.uniform(-0.3, 1)), s0 = Array.from({ length: d }, () => rng.uniform(0.05, 1))
      const rot = (v: ReadonlyArray<number>) => dense.matmul(dense.matmul(U, dense.diag(v)), dense.transpose(U))
      const m = reducedModel({ d, sigma2, tau, alphaP, eta, form: "symmetric" })
      const y = m.view(integrate(m.rhs, m.pack({ Wp: rot(p0), F: rot(s0) }), { method: "rk4", dt: 0.01, steps: 1000 }))
      const mode = { kind: "fixed", tau } as const
      const ref = integrate(decoupledRhs(d, { sigma2, alphaP, eta, tau: mode }), packDecoupled(p0, s0, mode), { method: "rk4", dt: 0.01, steps: 1000 })
      const P = dense.matmul(dense.matmulTN(U, y.Wp), U), F = dense.matmul(dense.matmulTN(U, y.F), U)
      for (let i = 0; i < d; i++) {
        for (let j = 0; j < d; j++) {
          const wantP = i === j ? ref[i]! : 0, wantF = i === j ? ref[d + i]! : 0
          expect(Math.abs(P.data[i * d + j]! - wantP)).toBeLessThan(1e-9)
          expect(Math.abs(F.data[i * d + j]! - wantF)).toBeLessThan(1e-9)
        }
      }
    }), { numRuns: 10 })
  })
})
