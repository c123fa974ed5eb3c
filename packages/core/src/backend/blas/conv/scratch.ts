// One growable scratch buffer for im2col / col2im panels. Kernels run synchronously and never nest a use of it,
// so sharing it avoids allocating (and zero-filling) a large panel on every call.
let buffer = new Float32Array(0)

export const scratch = (n: number): Float32Array => {
  if (buffer.length < n) buffer = new Float32Array(Math.max(n, buffer.length * 2))
  return buffer.subarray(0, n)
}
