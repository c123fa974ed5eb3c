/**
 * Fixed-step ODE integration in float64: classical RK4 (the default for every theory claim, docs/paper/claims.md:
 * "Use RK4, or Euler with dt ≤ 1e-3") and the plain explicit step y ← y + dt·f(t, y), which is also the
 * *discrete training* form of Figs. 5 and 7 (dt = learning rate α).
 *
 * The state is one flat Float64Array; each model packs its matrices into it (see the model files).
 */

/** dy/dt = f(t, y), written into `dy` (no allocation in the caller's hot loop). */
export type Rhs = (t: number, y: Float64Array, dy: Float64Array) => void

export type Method = "rk4" | "euler"

export interface IntegrateOptions {
  readonly method: Method
  /** Step size (> 0). */
  readonly dt: number
  /** Number of steps; the final time is steps·dt. */
  readonly steps: number
  /** Call `observe` every this many steps (and always at step 0 and at the last step). */
  readonly every?: number
  /** Called at observed steps with the current time and state (do not keep `y`: it is reused). */
  readonly observe?: (t: number, y: Float64Array, step: number) => void
  /** Called after every step (for per-step quantities such as inf_t λ_min(K)); keep it cheap. */
  readonly onStep?: (t: number, y: Float64Array, step: number) => void
}

/** A trajectory left the finite numbers: the parameters are outside the model's stable range or dt is too big. */
export class SimulationDiverged extends Error {
  readonly _tag = "SimulationDiverged"
  constructor(readonly t: number, readonly step: number) {
    super(`the simulation diverged (non-finite state) at t = ${t} (step ${step}); reduce dt or check the parameters`)
  }
}

const isFinite = (y: Float64Array): boolean => {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i]!)) return false
  return true
}

/** Number of steps of size dt that reach tEnd (tEnd/dt rounded to the nearest integer, at least 1). */
export const stepsFor = (tEnd: number, dt: number): number => Math.max(1, Math.round(tEnd / dt))

/** Integrates from t = 0; returns the final state (a new array; y0 is not modified). */
export const integrate = (rhs: Rhs, y0: Float64Array, options: IntegrateOptions): Float64Array => {
  const { method, dt, steps } = options
  if (!(dt > 0) || !Number.isFinite(dt)) throw new RangeError(`integrate: dt must be a finite number > 0 (was ${dt})`)
  if (!(Number.isInteger(steps) && steps >= 0)) throw new RangeError(`integrate: steps must be an integer ≥ 0 (was ${steps})`)
  const every = options.every ?? steps
  const n = y0.length
  const y = y0.slice()
  const k1 = new Float64Array(n), k2 = new Float64Array(n), k3 = new Float64Array(n), k4 = new Float64Array(n)
  const tmp = new Float64Array(n)
  options.observe?.(0, y, 0)
  for (let step = 1; step <= steps; step++) {
    const t = (step - 1) * dt
    if (method === "euler") {
      rhs(t, y, k1)
      for (let i = 0; i < n; i++) y[i]! += dt * k1[i]!
    } else {
      rhs(t, y, k1)
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * dt * k1[i]!
      rhs(t + 0.5 * dt, tmp, k2)
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * dt * k2[i]!
      rhs(t + 0.5 * dt, tmp, k3)
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + dt * k3[i]!
      rhs(t + dt, tmp, k4)
      for (let i = 0; i < n; i++) y[i]! += (dt / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!)
    }
    const tNow = step * dt
    options.onStep?.(tNow, y, step)
    if ((every > 0 && step % every === 0) || step === steps) {
      if (!isFinite(y)) throw new SimulationDiverged(tNow, step)
      options.observe?.(tNow, y, step)
    }
  }
  if (!isFinite(y)) throw new SimulationDiverged(steps * dt, steps)
  return y
}
