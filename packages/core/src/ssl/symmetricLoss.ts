/**
 * The two symmetrised BYOL/SimSiam losses the trainer offers (`loss = "cosine" | "mse"`).
 *
 * Pairing, as in the original code (docs/paper/original-code.md#directpred-algorithm step 4): p1 = predictor(online(view1)) is compared with
 * t1 = target(view2), and p2 = predictor(online(view2)) with t2 = target(view1). All four are [B, D].
 * By default the targets go through {@link stopGradient}; `{ stopGradient: false }` is the
 * no-stop-gradient ablation (Theorem 2, docs/paper/model.md#theorem-2).
 */
import { fusedSymmetricCosineLoss } from "../backend/blas/symmetricCosineLoss.ts"
import { ShapeMismatch } from "../linalg/errors.ts"
import { tf } from "../tf.ts"
import { l2Normalize } from "./l2Normalize.ts"
import { stopGradient } from "./stopGradient.ts"

export type SslLossKind = "cosine" | "mse"

export interface SymmetricLossOptions {
  /** Apply StopGrad to the targets (default true). false = the no-stop-gradient ablation. */
  readonly stopGradient?: boolean
  /** Cosine loss only: the norm floor of the row normalisation, ‖x‖ ← max(‖x‖, eps) (default 1e-12, as F.normalize). */
  readonly eps?: number
}

const checkShapes = (kernel: string, p1: tf.Tensor2D, t1: tf.Tensor2D, p2: tf.Tensor2D, t2: tf.Tensor2D): void => {
  const s = p1.shape
  for (const [name, x] of [["t1", t1], ["p2", p2], ["t2", t2]] as const) {
    if (x.rank !== 2 || x.shape[0] !== s[0] || x.shape[1] !== s[1]) {
      throw new ShapeMismatch({ kernel, expected: `${name} of shape [${s}] like p1 (all four [B, D])`, actual: `[${x.shape}]` })
    }
  }
}

/** cos(a_b, b_b) per row → [B]. */
const rowCosine = (a: tf.Tensor2D, b: tf.Tensor2D, eps: number): tf.Tensor1D =>
  tf.sum(tf.mul(l2Normalize(a, eps), l2Normalize(b, eps)), 1)

/**
 * Symmetric negative-cosine loss of the original code (byol_trainer.py, `use_l2_normalization=true`):
 *   L = mean_b[ −2 cos(p1_b, t1_b) − 2 cos(p2_b, t2_b) ] ∈ [−4, 4], a scalar.
 * Invariant to positive rescaling of any row. Zero rows are handled by the eps floor (cos = 0 there).
 */
export const symmetricNegativeCosineLoss = (
  p1: tf.Tensor2D, t1: tf.Tensor2D, p2: tf.Tensor2D, t2: tf.Tensor2D, options: SymmetricLossOptions = {},
): tf.Scalar => {
  checkShapes("symmetricNegativeCosineLoss", p1, t1, p2, t2)
  const eps = options.eps ?? 1e-12
  const stop = options.stopGradient ?? true
  // one kernel and its gradient where the backend has them (blas), within float32 rounding of the op sequence
  const fused = fusedSymmetricCosineLoss(p1, t1, p2, t2, { eps, stopTargets: stop })
  if (fused !== undefined) return fused
  return tf.tidy(() => {
    const a = stop ? stopGradient(t1) : t1
    const b = stop ? stopGradient(t2) : t2
    return tf.mul(tf.mean(tf.add(rowCosine(p1, a, eps), rowCosine(p2, b, eps))), -2) as tf.Scalar
  })
}

/**
 * Symmetric squared-error loss, each view term in the form of the paper's Eqn. 1, ½‖W_p f1 − StopGrad(f2a)‖²:
 *   L = mean_b[ ½‖p1_b − t1_b‖² + ½‖p2_b − t2_b‖² ] ≥ 0, a scalar.
 * This is twice the Appendix-A symmetrised J = ¼E[‖·‖² + ‖·‖²] (so, like the cosine loss, it sums the two
 * views). For unit-norm rows it equals (cosine loss + 4)/2.
 */
export const symmetricMseLoss = (
  p1: tf.Tensor2D, t1: tf.Tensor2D, p2: tf.Tensor2D, t2: tf.Tensor2D, options: SymmetricLossOptions = {},
): tf.Scalar => {
  checkShapes("symmetricMseLoss", p1, t1, p2, t2)
  const stop = options.stopGradient ?? true
  return tf.tidy(() => {
    const a = stop ? stopGradient(t1) : t1
    const b = stop ? stopGradient(t2) : t2
    const sq = tf.add(tf.sum(tf.squaredDifference(p1, a), 1), tf.sum(tf.squaredDifference(p2, b), 1))
    return tf.mul(tf.mean(sq), 0.5) as tf.Scalar
  })
}

/** The loss selected by name: "cosine" → {@link symmetricNegativeCosineLoss}, "mse" → {@link symmetricMseLoss}. */
export const symmetricLoss = (
  kind: SslLossKind, p1: tf.Tensor2D, t1: tf.Tensor2D, p2: tf.Tensor2D, t2: tf.Tensor2D, options: SymmetricLossOptions = {},
): tf.Scalar =>
  kind === "cosine" ? symmetricNegativeCosineLoss(p1, t1, p2, t2, options) : symmetricMseLoss(p1, t1, p2, t2, options)
