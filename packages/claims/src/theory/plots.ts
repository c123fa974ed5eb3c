/**
 * Plot data of the theory claims (report/PlotSpec.ts): the fixed points on the invariant parabola, (p, s)
 * trajectories of the decoupled flow (Eqns. 11–12), and time series collected while a claim integrates.
 * Plots are evidence for the reader, never part of a verdict.
 */
import { decoupledRhs, integrate, packDecoupled, parabolaFixedPoints, stepsFor } from "@ssl/methods"
import { type FixedPointSpec, series, type SeriesSpec } from "../report/PlotSpec.ts"

/**
 * The fixed points of Eqn. 16 at fixed τ, placed on s = p²/α_p: 0 (stable for η > 0, a saddle at η = 0),
 * p*₋ (unstable) and p*₊ (stable) when η ≤ η_crit (docs/paper/model.md#fixed-points).
 */
export const parabolaFixedPointSpecs = (tau: number, sigma2: number, eta: number, alphaP: number): Array<FixedPointSpec> => {
  const out: Array<FixedPointSpec> = [{ label: eta > 0 ? "0" : "0 (saddle)", p: 0, s: 0, stable: eta > 0 }]
  const fp = parabolaFixedPoints(tau, sigma2, eta)
  if (fp !== undefined) {
    out.push({ label: "p*₋", p: fp.pMinus, s: fp.pMinus ** 2 / alphaP, stable: false })
    out.push({ label: "p*₊", p: fp.pPlus, s: fp.pPlus ** 2 / alphaP, stable: true })
  }
  return out
}

export interface PlotWindow {
  readonly x: readonly [number, number]
  readonly y: readonly [number, number]
}

/**
 * Indices of at most `maxPoints` points of a planar curve, evenly spaced in arc length (measured in units of
 * the window, or of the curve's own range), first and last kept: a fast transient keeps as many points as a
 * slow drift, unlike thinning by time. Outside the window the curve is clamped to it (costs no points).
 */
export const arcLengthIndices = (xs: ReadonlyArray<number>, ys: ReadonlyArray<number>, maxPoints: number, window?: PlotWindow): Array<number> => {
  const n = Math.min(xs.length, ys.length)
  if (n <= maxPoints) return Array.from({ length: n }, (_, i) => i)
  const range = (v: ReadonlyArray<number>) => Math.max(...v) - Math.min(...v) || 1
  const [x0, x1] = window?.x ?? [-Infinity, Infinity], [y0, y1] = window?.y ?? [-Infinity, Infinity]
  const sx = window === undefined ? range(xs) : x1 - x0, sy = window === undefined ? range(ys) : y1 - y0
  const cx = (v: number) => Math.min(x1, Math.max(x0, v)) / sx, cy = (v: number) => Math.min(y1, Math.max(y0, v)) / sy
  const arc = [0]
  for (let i = 1; i < n; i++) arc.push(arc[i - 1]! + Math.hypot(cx(xs[i]!) - cx(xs[i - 1]!), cy(ys[i]!) - cy(ys[i - 1]!)))
  const total = arc[n - 1]!
  const out = [0]
  for (let i = 1, k = 1; i < n - 1; i++) {
    if (arc[i]! >= (k * total) / (maxPoints - 1)) {
      out.push(i)
      while (arc[i]! >= (k * total) / (maxPoints - 1)) k++
    }
  }
  out.push(n - 1)
  return out
}

/** (p_j(t), s_j(t)) of Eqns. 11–12 at fixed τ from each start, one series per start (≤ `points` points each, by arc length). */
export const decoupledTrajectories = (
  starts: ReadonlyArray<readonly [number, number]>,
  params: { readonly sigma2: number; readonly alphaP: number; readonly eta: number; readonly tau: number; readonly dt: number; readonly tEnd: number },
  options: { readonly points?: number; readonly window?: PlotWindow; readonly names?: ReadonlyArray<string> } = {},
): Array<SeriesSpec> => {
  const d = starts.length
  const tau = { kind: "fixed", tau: params.tau } as const
  const ps: Array<Array<number>> = starts.map(() => []), ss: Array<Array<number>> = starts.map(() => [])
  integrate(decoupledRhs(d, { sigma2: params.sigma2, alphaP: params.alphaP, eta: params.eta, tau }), packDecoupled(starts.map((s) => s[0]), starts.map((s) => s[1]), tau), {
    method: "rk4", dt: params.dt, steps: stepsFor(params.tEnd, params.dt), every: 1,
    observe: (_t, y) => {
      for (let j = 0; j < d; j++) { ps[j]!.push(y[j]!); ss[j]!.push(y[d + j]!) }
    },
  })
  return starts.map(([p0, s0], j) => phaseSeries(options.names?.[j] ?? `(p₀, s₀) = (${p0}, ${s0})`, ps[j]!, ss[j]!, options))
}

/** A (p, s) trajectory as a series, thinned by arc length. */
export const phaseSeries = (name: string, ps: ReadonlyArray<number>, ss: ReadonlyArray<number>, options: { readonly points?: number; readonly window?: PlotWindow } = {}): SeriesSpec => {
  const idx = arcLengthIndices(ps, ss, options.points ?? 200, options.window)
  return series(name, idx.map((i) => ps[i]!), idx.map((i) => ss[i]!), { maxPoints: idx.length })
}

/** Collects named time series sample by sample (t, then one value per name). */
export class SeriesRecorder {
  private readonly t: Array<number> = []
  private readonly values = new Map<string, Array<number>>()

  push(t: number, named: Readonly<Record<string, number>>): void {
    this.t.push(t)
    for (const [k, v] of Object.entries(named)) {
      const xs = this.values.get(k) ?? Array<number>(this.t.length - 1).fill(Number.NaN)
      xs.push(v)
      this.values.set(k, xs)
    }
  }

  /** One series per name, over the recorded times (thinned to `maxPoints`). */
  series(options: { dashed?: (name: string) => boolean; maxPoints?: number } = {}): Array<SeriesSpec> {
    return [...this.values.entries()].map(([name, ys]) =>
      series(name, this.t.slice(0, ys.length), ys, { dashed: options.dashed?.(name) ?? false, maxPoints: options.maxPoints ?? 200 }))
  }
}
