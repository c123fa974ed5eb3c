/**
 * The running correlation estimate F̂ of DirectPred/DirectCopy (docs/paper/original-code.md#directpred-algorithm steps 2–3, Eqn. 19), in float64.
 *
 * Each update takes a batch of features f [N, D] (both views' projector outputs, rows concatenated: N = 2B)
 * and forms the UNCENTRED batch statistic d = mean_rows(f fᵀ) = fᵀf / N [D, D]. Then, as the code's
 * `Accumulator(dyn_lambda = ρ)`:
 *   first call:  F̂ = d
 *   afterwards:  F̂ ← ρ F̂ + (1−ρ) d          (ρ = null: cumulative simple average F̂ ← F̂ + (d − F̂)/t)
 * The batch mean m = mean_rows(f) is tracked the same way (μ̂). With `zeroMean` (the code's dyn_zero_mean)
 * {@link CorrelationEstimator.estimate} returns F̂ − μ̂μ̂ᵀ. Because the recursion keeps convex weights, that is
 * the covariance of a mixture of the batches, and it is accumulated as one (C ← κC + (1−κ)C_b +
 * κ(1−κ)(μ̂ − m)(μ̂ − m)ᵀ, κ the weight of the old estimate): the same matrix as F̂ − μ̂μ̂ᵀ, but PSD without
 * the cancellation of subtracting two nearly equal matrices.
 */
import { InvalidOption, NonFiniteInput, ShapeMismatch } from "../linalg/errors.ts"
import { tf } from "../tf.ts"

export interface CorrelationOptions {
  /** Moving-average rate ρ ∈ [0, 1] (weight of the OLD estimate), or null for a cumulative average. */
  readonly rho: number | null
  /** Subtract μ̂μ̂ᵀ in {@link CorrelationEstimator.estimate} (the code's dyn_zero_mean); off unless asked. */
  readonly zeroMean?: boolean
}

/** A serialisable snapshot of the estimator, for checkpoints. */
export interface CorrelationState {
  readonly dim: number
  readonly rho: number | null
  readonly zeroMean: boolean
  readonly steps: number
  /** F̂ [D, D] row-major. */
  readonly corr: ReadonlyArray<number>
  /** μ̂ [D]. */
  readonly mean: ReadonlyArray<number>
  /** F̂ − μ̂μ̂ᵀ [D, D], accumulated without cancellation (all zeros unless zeroMean). */
  readonly cov: ReadonlyArray<number>
}

export class CorrelationEstimator {
  readonly rho: number | null
  readonly zeroMean: boolean
  private readonly corr: Float64Array // F̂ [D, D]
  private readonly mu: Float64Array // μ̂ [D]
  private readonly cov: Float64Array // F̂ − μ̂μ̂ᵀ [D, D], only maintained with zeroMean
  private count = 0

  constructor(readonly dim: number, options: CorrelationOptions) {
    if (!Number.isInteger(dim) || dim < 1) throw new InvalidOption({ kernel: "CorrelationEstimator", option: "dim", expected: "a positive integer", actual: String(dim) })
    const rho = options.rho
    if (rho !== null && !(rho >= 0 && rho <= 1)) {
      throw new InvalidOption({ kernel: "CorrelationEstimator", option: "rho", expected: "a number in [0, 1] or null (cumulative average)", actual: String(rho) })
    }
    this.rho = rho
    this.zeroMean = options.zeroMean ?? false
    this.corr = new Float64Array(dim * dim)
    this.mu = new Float64Array(dim)
    this.cov = new Float64Array(this.zeroMean ? dim * dim : 0)
  }

  /** Number of batches seen. */
  get steps(): number {
    return this.count
  }

  /**
   * One update from features [N, D] (or several [N_i, D] tensors, e.g. the two views, pooled as if
   * concatenated). fᵀf runs as a tfjs matmul (BLAS on the `blas` backend); the result is read into float64.
   * Does not dispose its inputs and leaves no tensors behind.
   */
  update(features: tf.Tensor2D | ReadonlyArray<tf.Tensor2D>): void {
    const parts = Array.isArray(features) ? (features as ReadonlyArray<tf.Tensor2D>) : [features as tf.Tensor2D]
    const d = this.dim
    let rows = 0
    for (const f of parts) {
      if (f.rank !== 2 || f.shape[1] !== d) throw new ShapeMismatch({ kernel: "CorrelationEstimator.update", expected: `features [N, ${d}]`, actual: `[${f.shape}]` })
      rows += f.shape[0]
    }
    if (rows === 0) throw new ShapeMismatch({ kernel: "CorrelationEstimator.update", expected: "at least one feature row", actual: "0 rows" })
    const [gram, sums] = tf.tidy(() => {
      // Σ_parts fᵀf [D, D] and Σ_parts Σ_rows f [D], summed part by part (no zero tensors to start from)
      const g = parts.map((f) => tf.matMul(f, f, true, false)).reduce((x, y) => tf.add(x, y))
      const s = parts.map((f) => tf.sum(f, 0)).reduce((x, y) => tf.add(x, y))
      return [g, s] as const
    })
    const gramData = gram.dataSync()
    const sumData = sums.dataSync()
    gram.dispose()
    sums.dispose()
    const batchCorr = new Float64Array(d * d)
    for (let i = 0; i < d; i++) {
      for (let j = 0; j < d; j++) batchCorr[i * d + j] = 0.5 * (gramData[i * d + j]! + gramData[j * d + i]!) / rows // exact symmetry
    }
    const batchMean = new Float64Array(d)
    for (let i = 0; i < d; i++) batchMean[i] = sumData[i]! / rows
    this.updateStatistics(batchCorr, batchMean)
  }

  /** One update from float64 rows f [n, D] row-major (the float64 path, for the linear model and tests). */
  updateRows(rows: Float64Array, n: number): void {
    const d = this.dim
    if (!Number.isInteger(n) || n < 1 || rows.length !== n * d) {
      throw new ShapeMismatch({ kernel: "CorrelationEstimator.updateRows", expected: `n·${d} entries with n ≥ 1`, actual: `n = ${n}, length ${rows.length}` })
    }
    const batchCorr = new Float64Array(d * d)
    const batchMean = new Float64Array(d)
    for (let r = 0; r < n; r++) {
      const off = r * d
      for (let i = 0; i < d; i++) {
        const fi = rows[off + i]!
        batchMean[i] = batchMean[i]! + fi
        const ci = i * d
        for (let j = i; j < d; j++) batchCorr[ci + j] = batchCorr[ci + j]! + fi * rows[off + j]!
      }
    }
    for (let i = 0; i < d; i++) {
      batchMean[i] = batchMean[i]! / n
      for (let j = i; j < d; j++) {
        const v = batchCorr[i * d + j]! / n
        batchCorr[i * d + j] = v
        batchCorr[j * d + i] = v
      }
    }
    this.updateStatistics(batchCorr, batchMean)
  }

  /** One update from a precomputed batch statistic d = mean(f fᵀ) [D, D] and batch mean m [D]. */
  updateStatistics(batchCorr: Float64Array, batchMean: Float64Array): void {
    const d = this.dim
    if (batchCorr.length !== d * d || batchMean.length !== d) {
      throw new ShapeMismatch({ kernel: "CorrelationEstimator.updateStatistics", expected: `[${d}, ${d}] and [${d}]`, actual: `${batchCorr.length} and ${batchMean.length} entries` })
    }
    for (let i = 0; i < batchCorr.length; i++) {
      if (!Number.isFinite(batchCorr[i]!)) throw new NonFiniteInput({ kernel: "CorrelationEstimator", index: i, value: batchCorr[i]! })
    }
    this.count++
    // weight of the old estimate: 0 on the first call, ρ afterwards, (t−1)/t for the cumulative average
    const keep = this.count === 1 ? 0 : this.rho === null ? (this.count - 1) / this.count : this.rho
    const take = 1 - keep
    if (this.zeroMean) {
      const mix = keep * take
      for (let i = 0; i < d; i++) {
        const di = this.mu[i]! - batchMean[i]!
        for (let j = i; j < d; j++) { // upper triangle, mirrored: exactly symmetric
          const batchCov = batchCorr[i * d + j]! - batchMean[i]! * batchMean[j]!
          const v = keep * this.cov[i * d + j]! + take * batchCov + mix * (di * (this.mu[j]! - batchMean[j]!))
          this.cov[i * d + j] = v
          this.cov[j * d + i] = v
        }
      }
    }
    for (let i = 0; i < batchCorr.length; i++) this.corr[i] = keep * this.corr[i]! + take * batchCorr[i]!
    for (let i = 0; i < d; i++) this.mu[i] = keep * this.mu[i]! + take * batchMean[i]!
  }

  /** The estimate used to build the predictor, [D, D] (a fresh copy): F̂, or F̂ − μ̂μ̂ᵀ with zeroMean. Zeros before the first update. */
  estimate(): Float64Array {
    return Float64Array.from(this.zeroMean ? this.cov : this.corr)
  }

  /** The uncentred F̂ [D, D] (a copy), whatever zeroMean says. */
  correlation(): Float64Array {
    return Float64Array.from(this.corr)
  }

  /** μ̂, the running feature mean [D] (a copy). */
  mean(): Float64Array {
    return Float64Array.from(this.mu)
  }

  /** Snapshot for a checkpoint; restore with {@link CorrelationEstimator.fromState}. */
  state(): CorrelationState {
    return { dim: this.dim, rho: this.rho, zeroMean: this.zeroMean, steps: this.count, corr: Array.from(this.corr), mean: Array.from(this.mu), cov: Array.from(this.cov) }
  }

  static fromState(s: CorrelationState): CorrelationEstimator {
    const e = new CorrelationEstimator(s.dim, { rho: s.rho, zeroMean: s.zeroMean })
    e.restore(s)
    return e
  }

  /** Continues from a snapshot of an estimator with the same dim, ρ and zeroMean (a checkpoint of this run). */
  restore(s: CorrelationState): void {
    if (s.dim !== this.dim || s.rho !== this.rho || s.zeroMean !== this.zeroMean) {
      throw new InvalidOption({
        kernel: "CorrelationEstimator.restore", option: "state", expected: `a snapshot with dim ${this.dim}, rho ${this.rho}, zeroMean ${this.zeroMean}`,
        actual: `dim ${s.dim}, rho ${s.rho}, zeroMean ${s.zeroMean} (restore a checkpoint of the same config)`,
      })
    }
    if (s.corr.length !== s.dim * s.dim || s.mean.length !== s.dim || s.cov.length !== this.cov.length) {
      throw new ShapeMismatch({ kernel: "CorrelationEstimator.restore", expected: `corr, mean, cov of ${s.dim * s.dim}, ${s.dim}, ${this.cov.length} entries`, actual: `${s.corr.length}, ${s.mean.length}, ${s.cov.length}` })
    }
    this.corr.set(s.corr)
    this.mu.set(s.mean)
    this.cov.set(s.cov)
    this.count = s.steps
  }
}
