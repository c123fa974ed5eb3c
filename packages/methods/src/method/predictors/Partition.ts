/**
 * The feature-dependent DirectPred of C21 (the original code's `predictor_reg="partition"`; docs/paper/claims.md#c21,
 * docs/paper/original-code.md#predictor-modes): `n` random partitions of the predictor's input space, each splitting a batch in two by the sign of
 * f·w_i against the batch mean (w_i ~ N(0, I), fixed), each side with its own F̂ and its own DirectPred matrix;
 * a sample's prediction averages, over the partitions, the matrix of the side it falls on:
 *   p(f) = (1/n) Σ_i W_{i, side_i(f)} f,     side_i(f) = [f·w_i ≥ mean_batch(f·w_i)].
 * docs/paper/claims.md gives the mechanism, not every detail; what we chose where it is silent [INFERRED]:
 *   - a side's F̂ is the same uncentred moving average as DirectPred's (ρ, first batch taken whole), fed with
 *     the rows of both views that fall on that side (each view split by its own batch mean, as its forward is);
 *     a side with no rows in a batch keeps its estimate;
 *   - each W is DirectPred's construction (docs/paper/original-code.md#directpred-algorithm: p_j = sqrt(max(s_j, 0)/max s) + ε), set after every
 *     step — there is no SGD on the matrices in between (freq 1);
 *   - before the first update every W is the linear predictor's seeded initial weight (what DirectPred starts
 *     from), and the directions come from the run's seed, so a run is reproducible and resumable;
 *   - for the metrics (alignment, asymmetry), W_p is the mean of the 2n matrices.
 * Gradients reach f through the matrices (constants); the side assignment is data, not differentiated.
 */
import { CorrelationEstimator, type CorrelationOptions, type CorrelationState, directPredPredictor, type Rng, tf } from "@ssl/core"
import type { PredictorConfig } from "@ssl/configs"
import { uniformFanIn } from "../../models/init.ts"
import { type PredictorContext, type PredictorRule, type PredictorState, stateEntry, type StepObservation } from "./PredictorRule.ts"

export type PartitionConfig = Extract<PredictorConfig, { readonly kind: "partition" }>

/** n = `partitions` (the paper: 6); ρ of each side's F̂; ε of each side's DirectPred matrix. */
export type PartitionPredictorSpec = Omit<PartitionConfig, "kind"> & { readonly dim: number }

/** Checkpoint state: every side's F̂ and the current matrices (the directions are re-drawn from the seed). */
export interface PartitionPredictorState {
  readonly estimators: ReadonlyArray<CorrelationState>
  /** The 2n matrices [2n·d, d] row-major: block 2i is partition i's positive side, 2i+1 its negative side. */
  readonly weights: ReadonlyArray<number>
}

/**
 * The partition rule of a model: directions from the model's seed, and every side's matrix starting from the
 * linear predictor's seeded initial weight (the draw DirectPred starts from).
 */
export const partitionPredictor = (context: PredictorContext, config: PartitionConfig): PartitionPredictor => {
  const d = context.dim
  const initial = Float64Array.from(uniformFanIn(context.rng.fork("predictor"), d * d, d)) // nn.Linear(d, d)'s draw
  return new PartitionPredictor({ dim: d, partitions: config.partitions, rho: config.rho, eps: config.eps }, context.rng.fork("partition"), initial)
}

export class PartitionPredictor implements PredictorRule {
  readonly fHatOptions: CorrelationOptions
  readonly dim: number
  readonly partitions: number
  /** w_i as columns: [d, n] row-major. */
  readonly directions: Float64Array
  private readonly estimators: ReadonlyArray<CorrelationEstimator>
  /** The 2n matrices stacked [2n·d, d]: p = f @ stackedᵀ gives every side's prediction at once. */
  private stacked: tf.Tensor2D

  /** `initial` [d, d] row-major (p = W f): every side's matrix before its first estimate. */
  constructor(readonly spec: PartitionPredictorSpec, rng: Rng, initial: Float64Array) {
    const d = spec.dim
    const n = spec.partitions
    if (!Number.isInteger(n) || n < 1) throw new RangeError(`partitions must be a positive integer (was ${n})`)
    if (initial.length !== d * d) throw new RangeError(`the initial matrix must have ${d * d} entries (was ${initial.length})`)
    this.dim = d
    this.partitions = n
    this.fHatOptions = { rho: spec.rho, zeroMean: false }
    this.directions = rng.normals(d * n)
    this.estimators = Array.from({ length: 2 * n }, () => new CorrelationEstimator(d, { rho: spec.rho }))
    const all = new Float32Array(2 * n * d * d)
    for (let k = 0; k < 2 * n; k++) all.set(initial, k * d * d)
    this.stacked = tf.tensor2d(all, [2 * n * d, d])
  }

  /**
   * The side of every row for every partition: positive[b·n + i] = 1 when f_b·w_i ≥ the batch mean of f·w_i.
   * `rows` is [B, d] row-major.
   */
  sides(rows: ArrayLike<number>, batch: number): Uint8Array {
    const d = this.dim
    const n = this.partitions
    const scores = new Float64Array(batch * n) // [B, n]
    const mean = new Float64Array(n)
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++) {
        let s = 0
        for (let j = 0; j < d; j++) s += rows[b * d + j]! * this.directions[j * n + i]!
        scores[b * n + i] = s
        mean[i] = mean[i]! + s / batch
      }
    }
    const positive = new Uint8Array(batch * n)
    for (let k = 0; k < batch * n; k++) positive[k] = scores[k]! >= mean[k % n]! ? 1 : 0
    return positive
  }

  /** p = (1/n) Σ_i W_{i, side_i(f)} f for every row of f [B, d] → [B, d] (no BatchNorm: every mode alike). */
  apply(f: tf.Tensor2D): tf.Tensor2D {
    const [batch, d] = f.shape
    const n = this.partitions
    const positive = this.sides(f.dataSync(), batch)
    const weights = new Float32Array(batch * 2 * n) // [B, 2n]: 1/n on the side each row falls on
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++) weights[b * 2 * n + 2 * i + (positive[b * n + i] === 1 ? 0 : 1)] = 1 / n
    }
    return tf.tidy(() => {
      const all = tf.reshape(tf.matMul(f, this.stacked, false, true), [batch, 2 * n, d]) // [B, 2n, d]
      const w = tf.expandDims(tf.tensor2d(weights, [batch, 2 * n]), 2) // [B, 2n, 1]
      return tf.sum(tf.mul(all, w), 1) as tf.Tensor2D // [B, d]
    })
  }

  /** Feeds every side's F̂ with this step's rows of both views, then sets every side's matrix. */
  afterStep(observed: StepObservation): void {
    this.update([observed.f1, observed.f2].map((f) => ({ rows: f.dataSync(), batch: f.shape[0] })))
    this.regulate()
  }

  /** Feeds every side's F̂ with the rows (of all the views, each [B, d] row-major) that fall on it. */
  update(views: ReadonlyArray<{ readonly rows: ArrayLike<number>; readonly batch: number }>): void {
    const d = this.dim
    const n = this.partitions
    const sides = views.map((v) => this.sides(v.rows, v.batch))
    for (let k = 0; k < 2 * n; k++) {
      const i = k >> 1
      const wanted = k % 2 === 0 ? 1 : 0
      const onSide = (vi: number, b: number): boolean => sides[vi]![b * n + i] === wanted
      let count = 0
      views.forEach((v, vi) => { for (let b = 0; b < v.batch; b++) if (onSide(vi, b)) count++ })
      if (count === 0) continue
      const rows = new Float64Array(count * d) // [count, d]
      let r = 0
      views.forEach((v, vi) => {
        for (let b = 0; b < v.batch; b++) {
          if (!onSide(vi, b)) continue
          for (let j = 0; j < d; j++) rows[r * d + j] = v.rows[b * d + j]!
          r++
        }
      })
      this.estimators[k]!.updateRows(rows, count)
    }
  }

  /** Sets every side's matrix by DirectPred's construction from its F̂ (sides never fed keep theirs). */
  regulate(): void {
    const d = this.dim
    const all = this.stacked.dataSync().slice() as Float32Array
    this.estimators.forEach((est, k) => {
      if (est.steps === 0) return
      const { weight } = directPredPredictor(est.estimate(), d, { eps: this.spec.eps, epsInside: false, convert: 2 })
      all.set(Float32Array.from(weight), k * d * d)
    })
    this.replace(all)
  }

  /** The mean of the 2n matrices [d, d] row-major float64 (the metrics' W_p). */
  matrix(): Float64Array {
    const d = this.dim
    const all = this.stacked.dataSync()
    const out = new Float64Array(d * d)
    const count = 2 * this.partitions
    for (let k = 0; k < count; k++) for (let e = 0; e < d * d; e++) out[e] = out[e]! + all[k * d * d + e]! / count
    return out
  }

  /** Side k's matrix [d, d] row-major float64 (k = 2i: partition i positive, 2i + 1: negative). */
  sideMatrix(k: number): Float64Array {
    const d = this.dim
    return Float64Array.from(this.stacked.dataSync().subarray(k * d * d, (k + 1) * d * d))
  }

  state(): PredictorState {
    const partition: PartitionPredictorState = { estimators: this.estimators.map((e) => e.state()), weights: Array.from(this.stacked.dataSync()) }
    return { partition }
  }

  restore(saved: PredictorState): void {
    const state = stateEntry<PartitionPredictorState>(saved, "partition", "partition predictor's statistics")
    const d = this.dim
    if (state.estimators.length !== 2 * this.partitions || state.weights.length !== 2 * this.partitions * d * d) {
      throw new RangeError(`the checkpoint's partition predictor has ${state.estimators.length / 2} partitions, this run ${this.partitions}`)
    }
    this.estimators.forEach((estimator, k) => estimator.restore(state.estimators[k]!))
    this.replace(Float32Array.from(state.weights))
  }

  private replace(all: Float32Array): void {
    const next = tf.tensor2d(all, [2 * this.partitions * this.dim, this.dim])
    this.stacked.dispose()
    this.stacked = next
  }

  dispose(): void {
    this.stacked.dispose()
  }
}
