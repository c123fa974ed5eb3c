/**
 * The plug-in "optimal" linear predictor of Table 1 (docs/paper/claims.md#c17): the ridge regression of the
 * targets f_a on the features f, argmin_W E‖f_a − W f‖² + λ‖W‖²_F = M2 (M + λI)⁻¹, with M2 symmetrised:
 *   W_p = M2sym (M + λI)⁻¹,   M = E[f fᵀ] [D, D] (PSD),   M2sym = ½(M2 + M2ᵀ),   M2 = E[f_a fᵀ] [D, D],
 *   λ = lambda·tr(M)/D        (the ridge relative to M's mean eigenvalue, so W_p is unchanged by f → cf),
 * with (M + λI)⁻¹ through eigh(M) and M's negative eigenvalues (rounding of a PSD estimate) clamped to 0.
 * With lambda = 0 and a singular M the inverse is infinite: W_p holds ±Infinity/NaN, which the trainer reports
 * as a divergence.
 */
import { eigh } from "../linalg/eigh.ts"
import { InvalidOption, ShapeMismatch } from "../linalg/errors.ts"

export interface OptimalPredictorOptions {
  /** The ridge relative to tr(M)/D (≥ 0). */
  readonly lambda: number
}

/** W_p [D, D] row-major from M [D, D] (symmetric PSD) and M2 [D, D] (row-major). See the module comment. */
export const optimalPredictor = (m: Float64Array, m2: Float64Array, dim: number, options: OptimalPredictorOptions): Float64Array => {
  const d = dim
  if (!Number.isInteger(d) || d < 1 || m.length !== d * d || m2.length !== d * d) {
    throw new ShapeMismatch({ kernel: "optimalPredictor", expected: `M and M2 of dim·dim entries, dim ≥ 1`, actual: `dim = ${d}, lengths ${m.length}, ${m2.length}` })
  }
  if (!(options.lambda >= 0 && Number.isFinite(options.lambda))) {
    throw new InvalidOption({ kernel: "optimalPredictor", option: "lambda", expected: "a finite number ≥ 0", actual: String(options.lambda) })
  }
  let tr = 0
  for (let i = 0; i < d; i++) tr += m[i * d + i]!
  const lambda = (options.lambda * tr) / d
  const { values, vectors } = eigh(m, d)
  const inv = new Float64Array(d * d) // Q diag(1/(max(s,0)+λ)) Qᵀ
  for (let k = 0; k < d; k++) {
    const w = 1 / (Math.max(values[k]!, 0) + lambda)
    for (let i = 0; i < d; i++) {
      const a = vectors[i * d + k]! * w
      for (let j = 0; j < d; j++) inv[i * d + j] = inv[i * d + j]! + a * vectors[j * d + k]!
    }
  }
  const out = new Float64Array(d * d)
  for (let i = 0; i < d; i++) {
    for (let k = 0; k < d; k++) {
      const s = 0.5 * (m2[i * d + k]! + m2[k * d + i]!)
      for (let j = 0; j < d; j++) out[i * d + j] = out[i * d + j]! + s * inv[k * d + j]!
    }
  }
  return out
}
