import { activeNative } from "./native/activeNative.ts"

/**
 * W = Q diag(p) Qᵀ [n, n], float64, from q [n, n] row-major (column k = eigenvector k) and p [n]: how DirectPred
 * turns F̂'s eigendecomposition into the predictor. The upper triangle is summed over k in ascending order and
 * mirrored, so W is exactly symmetric. The native kernel runs the same loops in the same order (bit-identical
 * results) when the blas backend has loaded it; these JavaScript loops are the fallback.
 */
export const scaledGram = (q: Float64Array, p: Float64Array, n: number): Float64Array =>
  activeNative()?.scaledGram(q, p, n) ?? scaledGramJs(q, p, n)

/** The JavaScript loops of {@link scaledGram}. */
export const scaledGramJs = (q: Float64Array, p: Float64Array, n: number): Float64Array => {
  const qt = new Float64Array(n * n) // [n, n], row k = eigenvector k: contiguous inner loop
  for (let i = 0; i < n; i++) for (let k = 0; k < n; k++) qt[k * n + i] = q[i * n + k]!
  const scaled = new Float64Array(n * n) // row k = p_k · qt_k
  for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) scaled[k * n + i] = p[k]! * qt[k * n + i]!
  const out = new Float64Array(n * n)
  for (let k = 0; k < n; k++) {
    const rk = k * n
    for (let i = 0; i < n; i++) {
      const a = scaled[rk + i]!
      const ri = i * n
      for (let j = i; j < n; j++) out[ri + j] = out[ri + j]! + a * qt[rk + j]!
    }
  }
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) out[j * n + i] = out[i * n + j]!
  return out
}
