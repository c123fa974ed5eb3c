/**
 * The time left of a batch of work whose items carry estimated costs: the estimated work still to do, scaled by the
 * pace measured so far (wall seconds per estimated second of the work done); before any is done, the estimate at face
 * value. Work of different kinds keeps separate paces (pools): the claims that train runs (estimated by the cost
 * model) and the others (simulations, runs already trained; a fixed estimate each), so that slow simulations do not
 * stretch the estimate of the training still to come, nor the reverse.
 */

export interface Pace {
  /** Estimated seconds of the whole batch. */
  readonly estimated: number
  /** Estimated seconds of the items finished. */
  readonly estimatedDone: number
  /** Wall seconds since the batch started. */
  readonly elapsed: number
}

/** The estimate of a claim with nothing to train (a simulation, or runs another claim trained first), before its pool's pace corrects it. */
export const CLAIM_BASE_SECONDS = 1

/** Wall seconds per estimated second, from the work done (1 before any). */
export const paceOf = (p: Pace): number => (p.estimatedDone > 0 ? p.elapsed / p.estimatedDone : 1)

/** Seconds left: the estimated work remaining × the measured pace (≥ 0; 0 once everything is done). */
export const etaSeconds = (p: Pace): number => {
  const remaining = Math.max(0, p.estimated - p.estimatedDone)
  return remaining === 0 ? 0 : remaining * paceOf(p)
}

/** The time left of several pools of work, each at its own pace. */
export const poolsEtaSeconds = (pools: ReadonlyArray<Pace>): number => pools.reduce((s, p) => s + etaSeconds(p), 0)

/** A duration for people: "4.2 s", "42 s", "3m05s", "1h07m" ("?" when unknown). */
export const formatDuration = (seconds: number): string => {
  if (!Number.isFinite(seconds) || seconds < 0) return "?"
  if (seconds < 10) return `${seconds.toFixed(1)} s`
  const s = Math.round(seconds)
  if (s < 60) return `${s} s`
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, "0")}s`
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
}
