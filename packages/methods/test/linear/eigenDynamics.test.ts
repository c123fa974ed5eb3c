import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "@ssl/core"
import { appendixDRhs } from "../../src/linear/appendixD.ts"
import * as dense from "../../src/linear/dense.ts"
import {
  condition17Margin, decoupledRhs, deltaJ, etaCritical, integralResidual, packDecoupled, parabolaFixedPoints, parabolaRhs,
} from "../../src/linear/eigenDynamics.ts"
import { fullModel } from "../../src/linear/fullDynamics.ts"
import { integrate } from "../../src/linear/integrate.ts"
import { alignmentK, eigenvalues } from "../../src/linear/quantities.ts"

const eigParams = fc.record({
  sigma2: fc.double({ min: 0, max: 2, noNaN: true }),
  alphaP: fc.double({ min: 0.2, max: 5, noNaN: true }),
  eta: fc.double({ min: 0, max: 0.2, noNaN: true }),
  tau: fc.double({ min: 0, max: 1.5, noNaN: true }),
})

describe("decoupled eigen-dynamics (Eqns. 11–17)", () => {
  test("Eqns. 11–13 are the scalar (n1 = n2 = 1) BYOL flow under s = W², p = W_p, τ = W_a/W", () => {
    fc.assert(fc.property(eigParams, fc.double({ min: 0.1, max: 1.5, noNaN: true }), fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1.2, noNaN: true }),
      ({ sigma2, alphaP, eta }, w, wp, tau) => {
        const beta = 0.7
        const m = fullModel({ X: dense.identity(1), Xp: dense.diag([sigma2]), n2: 1, alphaP, eta, beta, target: "ema", stopGradient: true, predictor: "trained" })
        const dy = new Float64Array(3)
        m.rhs(0, m.pack({ Wp: dense.diag([wp]), W: dense.diag([w]), Wa: dense.diag([tau * w]) }), dy)
        const [dwp, dw, dwa] = [dy[0]!, dy[1]!, dy[2]!]
        const dd = new Float64Array(3)
        decoupledRhs(1, { sigma2, alphaP, eta, tau: { kind: "ema", beta } })(0, Float64Array.of(wp, w * w, tau), dd)
        expect(dd[0]).toBeCloseTo(dwp, 12)
        expect(dd[1]).toBeCloseTo(2 * w * dw, 12) // ṡ = 2WẆ
        expect(dd[2]).toBeCloseTo(dwa / w - (tau * w * dw) / (w * w), 12) // τ̇ = d(W_a/W)/dt
      }), { numRuns: 50 })
  })

  test("the exact integral (14) with the corrected c_j holds along (11)–(12), for fixed and EMA τ", () => {
    fc.assert(fc.property(eigParams, fc.integer(), fc.boolean(), ({ sigma2, alphaP, eta, tau }, seed, ema) => {
      const rng = new Rng(seed)
      const d = 4
      const p0 = Array.from({ length: d }, () => rng.uniform(-0.5, 1)), s0 = Array.from({ length: d }, () => rng.uniform(0.01, 1))
      const mode = ema ? { kind: "ema", beta: 0.3 } as const : { kind: "fixed", tau } as const
      let worst = 0
      integrate(decoupledRhs(d, { sigma2, alphaP, eta, tau: mode }), packDecoupled(p0, s0, mode), {
        method: "rk4", dt: 0.01, steps: 2000, every: 100,
        observe: (t, y) => { for (let j = 0; j < d; j++) worst = Math.max(worst, Math.abs(integralResidual(y[j]!, y[d + j]!, t, p0[j]!, s0[j]!, alphaP, eta))) },
      })
      expect(worst).toBeLessThan(1e-7)
    }), { numRuns: 15 })
  })

  test("p*± are the zeros of Eqn. 16 and exist exactly up to η_crit = τ²/(4(1+σ²))", () => {
    fc.assert(fc.property(eigParams, ({ sigma2, tau, eta }) => {
      fc.pre(tau > 0.05)
      const crit = etaCritical(tau, sigma2)
      const fp = parabolaFixedPoints(tau, sigma2, eta)
      expect(fp === undefined).toBe(eta > crit)
      if (fp === undefined) return
      const dy = new Float64Array(2)
      for (const p of [fp.pMinus, fp.pPlus]) {
        parabolaRhs(1, { sigma2, eta, tau: { kind: "fixed", tau } })(0, Float64Array.of(p, tau), dy)
        expect(Math.abs(dy[0]!)).toBeLessThan(1e-12)
        expect(Math.abs(deltaJ(p, tau, sigma2, eta))).toBeLessThan(1e-12)
      }
      expect(fp.pMinus).toBeLessThanOrEqual(fp.pPlus)
      expect(parabolaFixedPoints(tau, sigma2, crit)!.pMinus).toBeCloseTo(tau / (2 * (1 + sigma2)), 6)
    }), { numRuns: 100 })
  })

  test("Eqn. 16 is Eqns. 11–12 restricted to the invariant parabola s = p²/α_p", () => {
    fc.assert(fc.property(eigParams, fc.double({ min: -1, max: 1, noNaN: true }), ({ sigma2, alphaP, eta, tau }, p) => {
      const a = new Float64Array(2), b = new Float64Array(3)
      parabolaRhs(1, { sigma2, eta, tau: { kind: "ema", beta: 0.2 } })(0, Float64Array.of(p, tau), a)
      decoupledRhs(1, { sigma2, alphaP, eta, tau: { kind: "ema", beta: 0.2 } })(0, Float64Array.of(p, (p * p) / alphaP, tau), b)
      expect(a[0]).toBeCloseTo(b[0]!, 12)
      expect(a[1]).toBeCloseTo(b[2]!, 12)
    }), { numRuns: 50 })
  })

  test("condition (17)'s margins are the eigenvalues of K (Eqn. 9) for aligned W_p, F", () => {
    fc.assert(fc.property(eigParams, fc.integer(), ({ sigma2, alphaP, eta, tau }, seed) => {
      const rng = new Rng(seed)
      const d = 5
      const U = dense.randomOrthogonal(d, rng)
      const p = Array.from({ length: d }, () => rng.uniform(-0.5, 1.5)), s = Array.from({ length: d }, () => rng.uniform(0, 2))
      const rot = (v: ReadonlyArray<number>) => dense.matmul(dense.matmul(U, dense.diag(v)), dense.transpose(U))
      const k = eigenvalues(alignmentK(rot(p), rot(s), { sigma2, tau, alphaP, eta }))
      const m = p.map((pj, j) => condition17Margin(pj, s[j]!, tau, { sigma2, alphaP, eta })).sort((x, y) => x - y)
      m.forEach((mj, j) => expect(Math.abs(mj - k[j]!)).toBeLessThan(1e-10))
    }), { numRuns: 30 })
  })
})

describe("Appendix D scalar system (Eqns. 104–106)", () => {
  test("it is the main-text mode system under s = w², τ = w_a/w, λ_s = 1+σ², λ_d = 1 (η = 0)", () => {
    fc.assert(fc.property(fc.double({ min: 0, max: 2, noNaN: true }), fc.double({ min: 0.2, max: 5, noNaN: true }), fc.double({ min: 0.1, max: 1.5, noNaN: true }),
      fc.double({ min: -1, max: 1, noNaN: true }), fc.double({ min: 0, max: 1.2, noNaN: true }), (sigma2, alphaP, w, wp, tau) => {
        const beta = 0.4
        const a = new Float64Array(3), b = new Float64Array(3)
        appendixDRhs({ lambdaS: 1 + sigma2, lambdaD: 1, alphaP, beta, predictor: "trained" })(0, Float64Array.of(wp, w, tau * w), a)
        decoupledRhs(1, { sigma2, alphaP, eta: 0, tau: { kind: "ema", beta } })(0, Float64Array.of(wp, w * w, tau), b)
        expect(b[0]).toBeCloseTo(a[0]!, 12)
        expect(b[1]).toBeCloseTo(2 * w * a[1]!, 12)
        expect(b[2]).toBeCloseTo(a[2]! / w - (tau * a[1]!) / w, 12)
      }), { numRuns: 50 })
  })

  test("w_p w = w_a λ_d/λ_s with w = w_a is a fixed point; predictor 'identity' pins w_p = 1", () => {
    const rhs = appendixDRhs({ lambdaS: 2, lambdaD: 0.5, alphaP: 1, beta: 1, predictor: "trained" })
    const dy = new Float64Array(3)
    rhs(0, Float64Array.of(0.25, 0.7, 0.7), dy)
    expect(Math.max(...Array.from(dy, Math.abs))).toBeLessThan(1e-15)
    appendixDRhs({ lambdaS: 1, lambdaD: 0.5, alphaP: 1, beta: 1, predictor: "identity" })(0, Float64Array.of(0.3, 0.2, 0.1), dy)
    expect(dy[0]).toBe(0)
    expect(dy[1]).toBeCloseTo(0.1 * 0.5 - 0.2, 15) // uses w_p = 1, not the stored 0.3
  })
})
