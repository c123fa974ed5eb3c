/**
 * Runs a LinearScenario and logs the quantities the claims measure (docs/paper/claims.md): ‖W‖_F, ‖[F, W_p]‖_F,
 * asymmetry, the conservation residual (Eqn. 5), τ̂, the W_a–W correlation, λ_min(K) (Eqn. 9), the
 * eigenvalues of F and of sym(W_p); for the eigen-dynamics p_j, s_j, τ_j, the integral residual (14) and the
 * margin of condition (17). Used by `bun run ssl simulate`.
 */
import { Rng } from "@ssl/core"
import { appendixDRhs } from "./appendixD.ts"
import { fromRows, gaussian, identity, lincomb, matmulTN, randomOrthogonal, randomPsd, symmetricPart, zeros, diag, matmul, transpose, frobenius, type Mat } from "./dense.ts"
import { condition17Margin, decoupledRhs, integralResidual, packDecoupled, parabolaRhs, type TauMode } from "./eigenDynamics.ts"
import { fullModel } from "./fullDynamics.ts"
import { integrate, stepsFor } from "./integrate.ts"
import {
  alignmentK, asymmetry, commutatorNorm, conservationMatrix, conservationResidual, eigenvalues, lambdaMin,
  outputCorrelation, tauEstimate, targetCorrelation,
} from "./quantities.ts"
import type {
  AppendixDScenario, DataSpec, DecoupledScenario, FullScenario, IntegratorSpec, LinearScenario, ParabolaScenario,
  ReducedScenario, Trace, TauSpec,
} from "./scenario.ts"
import { reducedModel } from "./reducedDynamics.ts"

/** X and X' of a data spec. [n1, n1] each */
export const dataMatrices = (data: DataSpec, n1: number): { readonly X: Mat; readonly Xp: Mat } => {
  switch (data.kind) {
    case "isotropic":
      return { X: identity(n1), Xp: lincomb([data.sigma2, identity(n1)]) }
    case "random": {
      const rng = new Rng(data.seed)
      return { X: randomPsd(n1, rng), Xp: lincomb([data.xpScale, randomPsd(n1, rng)]) }
    }
    case "explicit":
      return { X: fromRows(data.X), Xp: fromRows(data.Xp) }
  }
}

class Recorder {
  readonly t: Array<number> = []
  readonly series: Record<string, Array<number>> = {}
  readonly spectra: Record<string, Array<Array<number>>> = {}
  row(t: number, values: Record<string, number>, spectra: Record<string, ArrayLike<number>> = {}): void {
    this.t.push(t)
    for (const [k, v] of Object.entries(values)) (this.series[k] ??= []).push(v)
    for (const [k, v] of Object.entries(spectra)) (this.spectra[k] ??= []).push(Array.from(v))
  }
  trace(model: LinearScenario["model"]): Trace {
    return { model, t: this.t, series: this.series, spectra: this.spectra }
  }
}

const schedule = (spec: IntegratorSpec) => {
  const steps = stepsFor(spec.tEnd, spec.dt)
  return { method: spec.method, dt: spec.dt, steps, every: Math.max(1, Math.round(spec.logEvery / spec.dt)) }
}

const tauMode = (tau: TauSpec): TauMode => (tau.kind === "fixed" ? { kind: "fixed", tau: tau.tau } : { kind: "ema", beta: tau.beta })

const runFull = (sc: FullScenario): Trace => {
  const { X, Xp } = dataMatrices(sc.data, sc.n1)
  const model = fullModel({ X, Xp, n2: sc.n2, alphaP: sc.alphaP, eta: sc.eta, beta: sc.beta, target: sc.target, stopGradient: sc.stopGradient, predictor: sc.predictor })
  const rng = new Rng(sc.init.seed)
  const W = gaussian(sc.n2, sc.n1, sc.init.wStd, rng)
  const Wp = gaussian(sc.n2, sc.n2, sc.init.wpStd, rng)
  const Wa = sc.init.wa === "zero" ? zeros(sc.n2, sc.n1) : sc.init.wa === "copy" ? W : gaussian(sc.n2, sc.n1, sc.init.wStd, rng)
  const y0 = model.pack({ Wp, W, Wa })
  const start = model.view(y0)
  // Eqn. 5 holds whenever W_p and W follow Eqns. 2–3 (stop-gradient, trained predictor), whatever W_a does.
  const conserved = sc.stopGradient && sc.predictor === "trained"
  const C0 = conservationMatrix(start.W, start.Wp, sc.alphaP)
  const sigma2 = sc.data.kind === "isotropic" ? sc.data.sigma2 : Number.NaN
  const rec = new Recorder()
  integrate(model.rhs, y0, {
    ...schedule(sc.integrator),
    observe: (t, y) => {
      const s = model.view(y)
      const Wa = sc.target === "simsiam" ? s.W : s.Wa
      const F = outputCorrelation(s.W, X)
      const S = symmetricPart(s.Wp)
      const tau = sc.target === "simsiam" ? 1 : tauEstimate(s.W, Wa)
      rec.row(t, {
        normW: frobenius(s.W),
        normWp: frobenius(s.Wp),
        commutator: commutatorNorm(F, s.Wp),
        asymmetry: asymmetry(s.Wp),
        conservationResidual: conserved ? conservationResidual(s.W, s.Wp, C0, sc.alphaP, sc.eta, t) : Number.NaN,
        tau,
        corrWaW: targetCorrelation(s.W, Wa),
        // K of Eqn. 9 needs Assumptions 1–2 (isotropic data, W_a ≈ τW); evaluated with sym(W_p) and τ̂.
        lambdaMinK: Number.isNaN(sigma2) ? Number.NaN : lambdaMin(alignmentK(S, F, { sigma2, tau, alphaP: sc.alphaP, eta: sc.eta })),
      }, { F: eigenvalues(F), Wp: eigenvalues(S) })
    },
  })
  return rec.trace("full")
}

/** Initial (W_p, F) of a reduced scenario. */
export const reducedInit = (sc: Pick<ReducedScenario, "d" | "alphaP" | "form" | "init">): { readonly Wp: Mat; readonly F: Mat } => {
  const { d } = sc
  const rng = new Rng(sc.init.seed)
  switch (sc.init.kind) {
    case "generic": {
      const G = gaussian(d, d, sc.init.wpStd, rng)
      return { Wp: sc.form === "symmetric" ? symmetricPart(G) : G, F: randomPsd(d, rng) }
    }
    case "aligned": {
      const U = randomOrthogonal(d, rng)
      const p = Array.from({ length: d }, () => rng.uniform(-0.2, 1))
      const s = Array.from({ length: d }, () => rng.uniform(0.05, 1))
      const rot = (v: Array<number>) => matmul(matmul(U, diag(v)), transpose(U))
      return { Wp: rot(p), F: rot(s) }
    }
    case "parabola": {
      const G = gaussian(d, d, sc.init.wpStd, rng)
      const Wp = sc.form === "symmetric" ? symmetricPart(G) : G
      return { Wp, F: lincomb([1 / sc.alphaP, matmulTN(Wp, Wp)]) }
    }
  }
}

const runReduced = (sc: ReducedScenario): Trace => {
  const model = reducedModel({ d: sc.d, sigma2: sc.sigma2, tau: sc.tau, alphaP: sc.alphaP, eta: sc.eta, form: sc.form })
  const init = reducedInit(sc)
  const C0 = lincomb([1, init.F], [-1 / sc.alphaP, matmulTN(init.Wp, init.Wp)])
  const rec = new Recorder()
  integrate(model.rhs, model.pack(init), {
    ...schedule(sc.integrator),
    observe: (t, y) => {
      const { Wp, F } = model.view(y)
      rec.row(t, {
        normF: frobenius(F),
        normWp: frobenius(Wp),
        commutator: commutatorNorm(F, Wp),
        asymmetry: asymmetry(Wp),
        // F − α_p⁻¹W_pᵀW_p − e^{−2ηt}C₀ (exact for Eqn. 62; for Eqn. 7 only once F and W_p commute)
        conservationResidual: frobenius(lincomb([1, F], [-1 / sc.alphaP, matmulTN(Wp, Wp)], [-Math.exp(-2 * sc.eta * t), C0])) / frobenius(F),
        lambdaMinK: lambdaMin(alignmentK(symmetricPart(Wp), F, sc)),
      }, { F: eigenvalues(F), Wp: eigenvalues(symmetricPart(Wp)) })
    },
  })
  return rec.trace("reduced")
}

const runDecoupled = (sc: DecoupledScenario): Trace => {
  const d = sc.p0.length
  if (sc.s0.length !== d) throw new RangeError(`decoupled: p0 has ${d} modes but s0 has ${sc.s0.length}`)
  const mode = tauMode(sc.tau)
  const rhs = decoupledRhs(d, { sigma2: sc.sigma2, alphaP: sc.alphaP, eta: sc.eta, tau: mode })
  const rec = new Recorder()
  integrate(rhs, packDecoupled(sc.p0, sc.s0, mode, sc.tau.kind === "ema" ? sc.tau.tau0 : 0), {
    ...schedule(sc.integrator),
    observe: (t, y) => {
      const row: Record<string, number> = {}
      for (let j = 0; j < d; j++) {
        const p = y[j]!, s = y[d + j]!, tau = y[2 * d + j]!
        row[`p${j}`] = p
        row[`s${j}`] = s
        row[`tau${j}`] = tau
        row[`integral${j}`] = integralResidual(p, s, t, sc.p0[j]!, sc.s0[j]!, sc.alphaP, sc.eta)
        row[`margin17_${j}`] = condition17Margin(p, s, tau, sc)
      }
      rec.row(t, row)
    },
  })
  return rec.trace("decoupled")
}

const runParabola = (sc: ParabolaScenario): Trace => {
  const d = sc.p0.length
  const mode = tauMode(sc.tau)
  const rhs = parabolaRhs(d, { sigma2: sc.sigma2, eta: sc.eta, tau: mode })
  const y0 = new Float64Array(2 * d)
  for (let j = 0; j < d; j++) {
    y0[j] = sc.p0[j]!
    y0[d + j] = sc.tau.kind === "fixed" ? sc.tau.tau : sc.tau.tau0
  }
  const rec = new Recorder()
  integrate(rhs, y0, {
    ...schedule(sc.integrator),
    observe: (t, y) => {
      const row: Record<string, number> = {}
      for (let j = 0; j < d; j++) {
        row[`p${j}`] = y[j]!
        row[`tau${j}`] = y[d + j]!
      }
      rec.row(t, row)
    },
  })
  return rec.trace("parabola")
}

const runAppendixD = (sc: AppendixDScenario): Trace => {
  const rhs = appendixDRhs(sc)
  const rec = new Recorder()
  integrate(rhs, Float64Array.of(sc.predictor === "identity" ? 1 : sc.w0.wp, sc.w0.w, sc.w0.wa), {
    ...schedule(sc.integrator),
    observe: (t, y) => rec.row(t, { wp: y[0]!, w: y[1]!, wa: y[2]! }),
  })
  return rec.trace("appendix-d-scalar")
}

export const runScenario = (sc: LinearScenario): Trace => {
  switch (sc.model) {
    case "full": return runFull(sc)
    case "reduced": return runReduced(sc)
    case "decoupled": return runDecoupled(sc)
    case "parabola": return runParabola(sc)
    case "appendix-d-scalar": return runAppendixD(sc)
  }
}
