/**
 * The collapse metric of SimSiam (docs/paper/scale.md#harness): l2-normalise each output row z_b, take the std over the
 * batch of each coordinate, average over the d coordinates, multiply by √d.
 *   zStd = √d · mean_k std_b(ẑ_bk),  ẑ_b = z_b / max(‖z_b‖, 1e-12)
 * ≈ 1 for outputs spread over the sphere, 0 for a collapsed batch (all rows equal up to positive scale).
 * Bound: Σ_k var_k = mean‖ẑ‖² − ‖mean ẑ‖² ≤ 1, so mean_k std_k ≤ √(mean_k var_k) ≤ 1/√d and zStd ∈ [0, 1].
 * The std is the population std (÷N); PyTorch's default unbiased std is larger by √(N/(N−1)).
 */
import { NonFiniteInput, ShapeMismatch } from "../linalg/errors.ts"
import type { tf } from "../tf.ts"

/** zStd of float64 rows z [n, d] (row-major). */
export const zStdRows = (z: ArrayLike<number>, n: number, d: number): number => {
  if (!Number.isInteger(n) || !Number.isInteger(d) || n < 1 || d < 1 || z.length !== n * d) {
    throw new ShapeMismatch({ kernel: "zStd", expected: "n·d entries with n, d ≥ 1", actual: `n = ${n}, d = ${d}, length ${z.length}` })
  }
  const mean = new Float64Array(d)
  const sq = new Float64Array(d)
  for (let b = 0; b < n; b++) {
    let norm2 = 0
    let maxAbs = 0
    for (let k = 0; k < d; k++) {
      const v = z[b * d + k]!
      if (!Number.isFinite(v)) throw new NonFiniteInput({ kernel: "zStd", index: b * d + k, value: v })
      maxAbs = Math.max(maxAbs, Math.abs(v))
    }
    for (let k = 0; k < d; k++) norm2 += (z[b * d + k]! / (maxAbs || 1)) ** 2
    const norm = Math.max(Math.sqrt(norm2) * maxAbs, 1e-12)
    for (let k = 0; k < d; k++) {
      const v = z[b * d + k]! / norm
      mean[k] = mean[k]! + v / n
      sq[k] = sq[k]! + (v * v) / n
    }
  }
  let s = 0
  for (let k = 0; k < d; k++) s += Math.sqrt(Math.max(sq[k]! - mean[k]! * mean[k]!, 0))
  return (s / d) * Math.sqrt(d)
}

/** zStd of a batch of outputs z [B, d] (read to the CPU, computed in float64; the tensor is not disposed). */
export const zStd = (z: tf.Tensor2D): number => zStdRows(z.dataSync(), z.shape[0], z.shape[1])
