/**
 * Computes a tensor in a tf.tidy scope and reads its values. The read happens OUTSIDE the tidy: returning a
 * typed array from tf.tidy makes tfjs walk it element by element looking for tensors (an [n, 512] read went
 * from 0.2 s to 4 s that way).
 */
import { tf } from "@ssl/core"

export const readTensor = (compute: () => tf.Tensor): Float32Array | Int32Array | Uint8Array => {
  const t = tf.tidy(compute)
  try {
    return t.dataSync() as Float32Array | Int32Array | Uint8Array
  } finally {
    t.dispose()
  }
}

/** As readTensor, for float32 results. */
export const readFloat32 = (compute: () => tf.Tensor): Float32Array => {
  const v = readTensor(compute)
  return v instanceof Float32Array ? v : Float32Array.from(v)
}
