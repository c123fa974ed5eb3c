/**
 * C8 — the η > 0 regime on the invariant parabola (Eqn. 16, τ fixed): for 0 < η ≤ η_crit = τ²/(4(1+σ²)) the
 * fixed points are p*₀ = 0 (stable), p*₋ (unstable, the basin boundary) and p*₊ (stable); p*₋ grows with η and
 * shrinks with τ; above η_crit only 0 remains (Obs#4, #5, #10); at η = 0, 0 is a saddle (Fig. 4a).
 */
import { etaCritical, integrate, parabolaFixedPoints, parabolaRhs, stepsFor } from "@ssl/methods"
import { Effect } from "effect"
import { defineClaim, measure } from "../harness/Claim.ts"
import { maxOf, minOf, sig } from "./common.ts"
import { decoupledTrajectories, parabolaFixedPointSpecs } from "./plots.ts"

export interface C8Config {
  readonly tau: number
  readonly sigma2: number
  readonly etas: ReadonlyArray<number>
  /** docs/paper/model.md#fixed-points's table for τ = 1, σ² = 0.5: [η, p*₋, p*₊] (5 decimals). */
  readonly table: ReadonlyArray<readonly [number, number, number]>
  readonly dt: number
  readonly tEnd: number
  /** Starts in (0, 1] for the supercritical check at η = 1.02 η_crit. */
  readonly superGrid: ReadonlyArray<number>
  /** Root-count grid resolution on (0, 1]. */
  readonly rootGrid: number
}

const S = "docs/paper/claims.md#c8 pass criterion"

/** Eqn. 16 at fixed τ from several starts at once (one mode each); returns p(T). */
const limits = (p0: ReadonlyArray<number>, tau: number, sigma2: number, eta: number, dt: number, tEnd: number): Array<number> => {
  const d = p0.length
  const y0 = new Float64Array(2 * d)
  p0.forEach((p, j) => { y0[j] = p; y0[d + j] = tau })
  const y = integrate(parabolaRhs(d, { sigma2, eta, tau: { kind: "fixed", tau } }), y0, { method: "rk4", dt, steps: stepsFor(tEnd, dt) })
  return p0.map((_, j) => y[j]!)
}

/** The smaller positive root of Δ(p) = p(τ − (1+σ²)p) − η by bisection on (0, τ/(2(1+σ²))) — independent of the closed form. */
const pMinusNumeric = (tau: number, sigma2: number, eta: number): number => {
  const delta = (p: number) => p * (tau - (1 + sigma2) * p) - eta
  let lo = 0, hi = tau / (2 * (1 + sigma2))
  for (let i = 0; i < 200; i++) {
    const mid = (lo + hi) / 2
    if (delta(mid) < 0) lo = mid
    else hi = mid
  }
  return (lo + hi) / 2
}

/** Sign changes of ṗ/p = Δ(p) on a uniform grid of (0, 1]: the number of positive fixed points. */
const positiveRoots = (tau: number, sigma2: number, eta: number, n: number): number => {
  let count = 0
  let prev = Math.sign(1e-9 * (tau - (1 + sigma2) * 1e-9) - eta)
  for (let i = 1; i <= n; i++) {
    const p = i / n
    const s = Math.sign(p * (tau - (1 + sigma2) * p) - eta)
    if (s !== 0 && prev !== 0 && s !== prev) count++
    if (s !== 0) prev = s
  }
  return count
}

export const C08 = defineClaim<C8Config,
  "tableError" | "belowLimit" | "aboveLimitError" | "supercriticalLimit" | "dPminusDeta" | "dPminusDtau" | "rootCountMismatch" | "etaZeroEscapeError"
>({
  id: "C8",
  title: "Three fixed points, the basin boundary p*₋ and η_crit (Obs#4, #5, #10)",
  statement:
    "For 0 < η ≤ τ²/(4(1+σ²)), Eqn. 16 has p*₀ = 0 (stable), p*₋ (unstable) and p*₊ (stable), p*± = [τ ± √(τ² − 4η(1+σ²))]/(2(1+σ²)); " +
    "p*₋ increases with η and decreases with τ; for η > τ²/(4(1+σ²)) only 0 remains; for η = 0, 0 is a saddle. " +
    "(Eqn. 16 is used with its factor (1+σ²); Fig. 4's factored form −p(p − p*₋)(p − p*₊) drops it, docs/paper/model.md#decoupled-dynamics.)",
  where: "Sec. 3.2 \"Dynamics on the invariant parabola\"; Fig. 4; Appendix B.2 (docs/paper/model.md#decoupled-dynamics and docs/paper/model.md#fixed-points)",
  quantity: "limits of Eqn. 16 (τ = 1, σ² = 0.5) from (1 ± 0.1)p*₋, from (0, 1] at 1.02 η_crit, and from ±0.01 at η = 0; numeric roots",
  corrections: [],
  reported:
    "exact (Eqn. 16, Fig. 4): η_crit = τ²/(4(1+σ²)) = 1/6 at τ = 1, σ² = 0.5. docs/paper/model.md#fixed-points (numerical check) (η: p*₋, p*₊): " +
    "0.01: 0.01015, 0.65651; 0.05: 0.05445, 0.61222; 0.10: 0.12251, 0.54415; 0.16: 0.26667, 0.40000; 0.17: none",
  criteria: {
    tableError: { description: "max over the table rows of |closed-form p*± − docs/paper/model.md#fixed-points table|", op: "<=", value: 5e-6, source: "docs/paper/model.md#fixed-points (numerical check) table (5 decimals ⇒ half a unit in the last place)" },
    belowLimit: { description: "max over η of |p(T)| from p0 = 0.9·p*₋", op: "<=", value: 1e-3, source: `${S} (from 0.9·p*₋ → 0; ±1e-3 as for p*₊)` },
    aboveLimitError: { description: "max over η of |p(T) − p*₊| from p0 = 1.1·p*₋", op: "<=", value: 1e-3, source: `${S} (from 1.1·p*₋ → p*₊ ± 1e-3)` },
    supercriticalLimit: { description: "max over p0 ∈ (0, 1] of |p(T)| at η = 1.02·η_crit", op: "<=", value: 1e-3, source: `${S} (at η = 1.02·η_crit every p0 ∈ (0, 1] → 0; ±1e-3)` },
    dPminusDeta: { description: "min over η of the central difference ∂p*₋/∂η, p*₋ found by bisection", op: ">", value: 0, source: `${S} (∂p*₋/∂η > 0 numerically)` },
    dPminusDtau: { description: "max over η of the central difference ∂p*₋/∂τ, p*₋ found by bisection", op: "<", value: 0, source: `${S} (∂p*₋/∂τ < 0 numerically)` },
    rootCountMismatch: {
      description: "number of η in the sweep (below and above η_crit) whose count of positive roots of ṗ/p differs from the claim's (2 below η_crit, 0 above)",
      op: "<=", value: 0, source: "docs/paper/model.md#fixed-points table of regimes; docs/paper/claims.md#c8 \"the count of real positive roots\"",
    },
    etaZeroEscapeError: {
      description: "η = 0: |p(T) − τ/(1+σ²)| from p0 = +0.01 (0 repels from above: the saddle of Fig. 4a)",
      op: "<=", value: 1e-3, source: "docs/paper/model.md#fixed-points η = 0 row (p = 0 is a saddle; the non-collapsed branch is p = τ/(1+σ²)); ±1e-3 as C7",
    },
  },
  tiers: {
    smoke: {
      config: { tau: 1, sigma2: 0.5, etas: [0.05, 0.1], table: [[0.05, 0.05445, 0.61222], [0.1, 0.12251, 0.54415]], dt: 0.1, tEnd: 1500, superGrid: [0.1, 0.5, 1], rootGrid: 2000 },
      seeds: [0],
    },
    ci: {
      config: {
        tau: 1, sigma2: 0.5, etas: [0.01, 0.05, 0.1, 0.16],
        table: [[0.01, 0.01015, 0.65651], [0.05, 0.05445, 0.61222], [0.1, 0.12251, 0.54415], [0.16, 0.26667, 0.4]],
        dt: 0.05, tEnd: 3000, superGrid: [0.02, 0.1, 0.2, 0.3, 0.33, 0.36, 0.5, 0.7, 0.9, 1], rootGrid: 100_000,
      },
      seeds: [0],
    },
  },
  skipReason: "C8 is deterministic; the ci tier is already exhaustive at this size",
  run: (plan) =>
    Effect.gen(function*() {
      const c = plan.config
      return yield* measure("C8", () => {
        const tableErr: Array<number> = []
        for (const [eta, lo, hi] of c.table) {
          const fp = parabolaFixedPoints(c.tau, c.sigma2, eta)
          tableErr.push(fp === undefined ? Infinity : Math.max(Math.abs(fp.pMinus - lo), Math.abs(fp.pPlus - hi)))
        }
        const below: Array<number> = [], above: Array<number> = [], dEta: Array<number> = [], dTau: Array<number> = []
        for (const eta of c.etas) {
          const fp = parabolaFixedPoints(c.tau, c.sigma2, eta)
          if (fp === undefined) throw new RangeError(`C8: η = ${eta} is above η_crit; the sweep must stay below it`)
          const [pb, pa] = limits([0.9 * fp.pMinus, 1.1 * fp.pMinus], c.tau, c.sigma2, eta, c.dt, c.tEnd)
          below.push(Math.abs(pb!))
          above.push(Math.abs(pa! - fp.pPlus))
          const h = 1e-5
          dEta.push((pMinusNumeric(c.tau, c.sigma2, eta + h) - pMinusNumeric(c.tau, c.sigma2, eta - h)) / (2 * h))
          dTau.push((pMinusNumeric(c.tau + h, c.sigma2, eta) - pMinusNumeric(c.tau - h, c.sigma2, eta)) / (2 * h))
        }
        const etaCrit = etaCritical(c.tau, c.sigma2)
        const superLimits = limits(c.superGrid, c.tau, c.sigma2, 1.02 * etaCrit, c.dt, c.tEnd)
        const sweep = [...c.etas, 0.99 * etaCrit, 1.02 * etaCrit, 1.5 * etaCrit]
        const counts = sweep.map((eta) => positiveRoots(c.tau, c.sigma2, eta, c.rootGrid))
        const mismatch = sweep.filter((eta, i) => counts[i] !== (eta <= etaCrit ? 2 : 0)).length
        const [up, down] = limits([0.01, -0.01], c.tau, c.sigma2, 0, c.dt, c.tEnd)
        // Phase portrait (reported): Eqns. 11–12 off the parabola (α_p = 1) at one η of the sweep.
        const etaPlot = c.etas.includes(0.05) ? 0.05 : c.etas[0]!
        const phaseStarts = [[0.02, 0.1], [0.04, 0.002], [0.3, 0.6], [0.95, 0.25], [0.6, 0.02], [0.05, 0.4]] as const
        const fpPlot = parabolaFixedPoints(c.tau, c.sigma2, etaPlot)!
        // The basin boundary up close: from (1 ± 0.1)·p*₋ on the parabola (the claim's check) and from a few points off it.
        const pm = fpPlot.pMinus
        const zoom = { x: [0, 3 * pm], y: [0, 9 * pm * pm] } as const
        const zoomStarts = [[0.9, 0.81], [1.1, 1.21], [0.5, 4], [2.5, 0.5], [2, 0.2], [0.3, 8]] as const // (p₀/p*₋, s₀/p*₋²)
        const zoomNames = zoomStarts.map(([a, b], j) => (j < 2 ? `${a}·p*₋, on the parabola` : `(${a}·p*₋, ${b}·p*₋²)`))
        return {
          measured: {
            tableError: maxOf(tableErr),
            belowLimit: maxOf(below),
            aboveLimitError: maxOf(above),
            supercriticalLimit: maxOf(superLimits.map(Math.abs)),
            dPminusDeta: minOf(dEta),
            dPminusDtau: maxOf(dTau),
            rootCountMismatch: mismatch,
            etaZeroEscapeError: Math.abs(up! - c.tau / (1 + c.sigma2)),
          },
          info: {
            etaCrit: sig(etaCrit, 6),
            etas: [...c.etas],
            pMinus: c.etas.map((e) => sig(parabolaFixedPoints(c.tau, c.sigma2, e)!.pMinus, 6)),
            pPlus: c.etas.map((e) => sig(parabolaFixedPoints(c.tau, c.sigma2, e)!.pPlus, 6)),
            dPminusDetaByEta: dEta.map((v) => sig(v)),
            dPminusDtauByEta: dTau.map((v) => sig(v)),
            rootCounts: counts,
            rootCountEtas: sweep.map((e) => sig(e)),
            etaZeroFromBelow: sig(down!, 3),
          },
          plots: [{
            kind: "phase" as const, id: "C8-phase", title: `C8: (p, s) phase portrait at η = ${etaPlot} (τ = ${c.tau}, σ² = ${c.sigma2}, α_p = 1)`,
            alphaP: 1,
            trajectories: decoupledTrajectories(phaseStarts, { sigma2: c.sigma2, alphaP: 1, eta: etaPlot, tau: c.tau, dt: c.dt, tEnd: 400 }),
            fixedPoints: parabolaFixedPointSpecs(c.tau, c.sigma2, etaPlot, 1),
            caption: "Eqns. 11–12 at fixed τ: every start falls onto the parabola s = p²/α_p, then moves along it to p*₊ if p > p*₋, or to 0 (collapse) if p < p*₋.",
          }, {
            kind: "phase" as const, id: "C8-phase-basin", title: `C8: the basin boundary p*₋ = ${sig(pm, 4)} up close (η = ${etaPlot})`,
            alphaP: 1, x: { label: "p_j (eigenvalue of W_p)", min: zoom.x[0], max: zoom.x[1] }, y: { label: "s_j (eigenvalue of F)", min: zoom.y[0], max: zoom.y[1] },
            trajectories: decoupledTrajectories(zoomStarts.map(([a, b]) => [a * pm, b * pm * pm] as const),
              { sigma2: c.sigma2, alphaP: 1, eta: etaPlot, tau: c.tau, dt: c.dt, tEnd: 400 }, { window: zoom, names: zoomNames }),
            fixedPoints: parabolaFixedPointSpecs(c.tau, c.sigma2, etaPlot, 1),
            caption: "From 0.9·p*₋ the mode collapses to 0, from 1.1·p*₋ it leaves toward p*₊ (off the window): the claim's basin check, drawn.",
          }],
        }
      })
    }),
})
