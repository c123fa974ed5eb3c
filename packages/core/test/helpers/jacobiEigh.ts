/**
 * Naive reference eigensolver for tests: cyclic Jacobi in float64 (Golub & Van Loan §8.5), O(n³) per sweep,
 * obviously correct and slow. Returns ascending eigenvalues and eigenvectors as COLUMNS of a row-major [n, n].
 * No sign convention: compare eigenvectors up to sign (or compare projectors).
 */
export const jacobiEigh = (a: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } => {
  const w = Float64Array.from(a)
  const v = new Float64Array(n * n)
  for (let i = 0; i < n; i++) v[i * n + i] = 1
  let total = 0
  for (let i = 0; i < n * n; i++) total += w[i]! * w[i]!
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0
    for (let p = 0; p < n; p++) for (let q = 0; q < n; q++) if (p !== q) off += w[p * n + q]! * w[p * n + q]!
    if (off <= 1e-30 * total || off === 0) break
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = w[p * n + q]!
        if (apq === 0) continue
        // rotation that zeroes w[p][q]: tan(2θ) = 2 apq / (aqq − app)
        const theta = (w[q * n + q]! - w[p * n + p]!) / (2 * apq)
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1))
        const c = 1 / Math.sqrt(t * t + 1)
        const s = t * c
        for (let k = 0; k < n; k++) { // columns p, q
          const wkp = w[k * n + p]!, wkq = w[k * n + q]!
          w[k * n + p] = c * wkp - s * wkq
          w[k * n + q] = s * wkp + c * wkq
        }
        for (let k = 0; k < n; k++) { // rows p, q
          const wpk = w[p * n + k]!, wqk = w[q * n + k]!
          w[p * n + k] = c * wpk - s * wqk
          w[q * n + k] = s * wpk + c * wqk
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!, vkq = v[k * n + q]!
          v[k * n + p] = c * vkp - s * vkq
          v[k * n + q] = s * vkp + c * vkq
        }
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => w[i * n + i]! - w[j * n + j]!)
  const values = new Float64Array(n)
  const vectors = new Float64Array(n * n)
  order.forEach((src, j) => {
    values[j] = w[src * n + src]!
    for (let i = 0; i < n; i++) vectors[i * n + j] = v[i * n + src]!
  })
  return { values, vectors }
}
