/**
 * What every predictor kind provides to the training step (one rule per kind, one file each in this folder):
 * its prediction p = W_p f, what it does after the optimiser step (observe the step's features, set W_p from
 * its estimates when due), the d×d matrix the metrics read, and its checkpoint state beyond the variables.
 * Variables trained by SGD live in the model's predictor ParamStore (the optimiser's predictor group), which the
 * model snapshots and restores itself.
 */
import type { CorrelationOptions, Rng, tf } from "@ssl/core"
import type { ParamStore } from "../../models/ParamStore.ts"
import type { Mode } from "../../models/Mode.ts"

/** What a rule is built from besides its own config. */
export interface PredictorContext {
  /** d, the projector's output dimension. */
  readonly dim: number
  /** Where SGD-trained predictor variables go (the optimiser's predictor group). */
  readonly store: ParamStore
  /** The model's root stream; a rule forks its own labels from it. */
  readonly rng: Rng
  /** Symmetrise an SGD-trained W_p after every optimiser step (method.symmetrize). */
  readonly symmetrize: boolean
}

/** One training step, seen after its optimiser step. */
export interface StepObservation {
  /** 0-based iteration (the original code's niter). */
  readonly step: number
  /** Both views' online projector outputs [B, d]. */
  readonly f1: tf.Tensor2D
  readonly f2: tf.Tensor2D
  /** What p1 = W_p f1 and p2 = W_p f2 were compared with [B, d]. */
  readonly t1: tf.Tensor2D
  readonly t2: tf.Tensor2D
  /** F̂ [d, d] including this step's batch (a fresh copy). */
  fHat(): Float64Array
}

/** A rule's checkpoint state: JSON, its own keys. */
export type PredictorState = Readonly<Record<string, unknown>>

export interface PredictorRule {
  /** How F̂ (read by the rule and by the metrics) averages. */
  readonly fHatOptions: CorrelationOptions
  /** p = W_p f: [B, d] → [B, d]. */
  apply(f: tf.Tensor2D, mode: Mode): tf.Tensor2D
  afterStep(observed: StepObservation): void
  /** W_p [d, d] row-major float64 for the metrics. */
  matrix(): Float64Array
  state(): PredictorState
  /** Restores `state()`; fails with a clear error when the checkpoint lacks this rule's keys. */
  restore(state: PredictorState): void
  dispose(): void
}

/** ρ of the F̂ kept for the metrics when the predictor itself does not estimate one ([Re] uses 0.3). */
export const METRICS_RHO = 0.3

/** F̂ options of a rule that does not estimate F̂ itself. */
export const METRICS_FHAT: CorrelationOptions = { rho: METRICS_RHO, zeroMean: false }

/** The checkpoint entry `key` of a rule, or an error saying the checkpoint was written by another predictor. */
export const stateEntry = <T>(state: PredictorState, key: string, what: string): T => {
  const value = state[key]
  if (value === undefined) throw new Error(`checkpoint lacks the ${what} (was it written with another predictor kind?)`)
  return value as T
}
