/**
 * The running statistics of the plug-in "optimal" predictor (docs/paper/claims.md#c17), both moving averages
 * of {@link CorrelationEstimator} with the same ρ (first batch taken whole):
 *   M  ← ρM  + (1−ρ)·mean(f fᵀ)     over both views' online outputs f,
 *   M2 ← ρM2 + (1−ρ)·mean(f_a fᵀ)   over the pairs the loss compares (f_a the target of f's prediction).
 * M2 is not symmetric; {@link optimalPredictor} symmetrises it.
 */
import { ShapeMismatch } from "../linalg/errors.ts"
import { tf } from "../tf.ts"
import { CorrelationEstimator, type CorrelationState } from "./CorrelationEstimator.ts"
import { optimalPredictor } from "./optimalPredictor.ts"

/** Checkpoint state: M's estimator and M2's average with its step count. */
export type PlugInState = {
  readonly optimalM: CorrelationState
  readonly optimalM2: { readonly steps: number; readonly values: ReadonlyArray<number> }
}

export class PlugInStatistics {
  private readonly m: CorrelationEstimator
  private readonly m2: CorrelationEstimator

  /** ρ ∈ [0, 1]: the weight of the old estimate. */
  constructor(readonly dim: number, readonly rho: number) {
    this.m = new CorrelationEstimator(dim, { rho, zeroMean: false })
    this.m2 = new CorrelationEstimator(dim, { rho, zeroMean: false })
  }

  /**
   * One update from the pairs (f [B, D], f_a [B, D]) the loss compares, e.g. [(f1, t1), (f2, t2)] with t1 the
   * target of view 2 that p1 = W_p f1 is compared with. Leaves no tensors behind.
   */
  update(pairs: ReadonlyArray<readonly [tf.Tensor2D, tf.Tensor2D]>): void {
    const d = this.dim
    let rows = 0
    for (const [f, fa] of pairs) {
      if (f.shape[1] !== d || fa.shape[1] !== d || f.shape[0] !== fa.shape[0]) {
        throw new ShapeMismatch({ kernel: "PlugInStatistics.update", expected: `pairs of [B, ${d}] features and targets`, actual: `[${f.shape}] and [${fa.shape}]` })
      }
      rows += f.shape[0]
    }
    this.m.update(pairs.map(([f]) => f))
    const cross = tf.tidy(() => pairs.reduce<tf.Tensor2D>((acc, [f, fa]) => tf.add(acc, tf.matMul(fa, f, true, false)), tf.zeros([d, d]))) // Σ f_a fᵀ [D, D]
    const sum = cross.dataSync()
    cross.dispose()
    const batchCross = new Float64Array(d * d)
    for (let i = 0; i < d * d; i++) batchCross[i] = sum[i]! / rows
    this.m2.updateStatistics(batchCross, new Float64Array(d))
  }

  /** W_p = M2sym (M + λI)⁻¹ with λ = lambda·tr(M)/D. */
  predictor(lambda: number): Float64Array {
    return optimalPredictor(this.m.estimate(), this.m2.estimate(), this.dim, { lambda })
  }

  state(): PlugInState {
    return { optimalM: this.m.state(), optimalM2: { steps: this.m2.steps, values: Array.from(this.m2.correlation()) } }
  }

  static fromState(s: PlugInState): PlugInStatistics {
    const out = new PlugInStatistics(s.optimalM.dim, s.optimalM.rho ?? 0)
    out.restore(s)
    return out
  }

  /** Continues from a snapshot of statistics with the same dim and ρ. */
  restore(s: PlugInState): void {
    const d = this.dim
    this.m.restore(s.optimalM)
    this.m2.restore({ dim: d, rho: this.rho, zeroMean: false, steps: s.optimalM2.steps, corr: s.optimalM2.values, mean: new Array<number>(d).fill(0), cov: [] })
  }
}
