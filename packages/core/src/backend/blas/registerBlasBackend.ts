import { tf } from "../../tf.ts"
import { setActiveBlas } from "./activeBlas.ts"
import { registerBatchNormGradient } from "./batchNorm.ts"
import { BlasBackend } from "./BlasBackend.ts"
import { blasKernels } from "./blasKernels.ts"
import type { BlasLibrary } from "./BlasLibrary.ts"
import { setActiveNative } from "./native/activeNative.ts"
import type { NativeKernels } from "./native/NativeKernels.ts"
import { registerLinearLayerGradient } from "./linearLayer.ts"
import { registerReluGradient } from "./reluGrad.ts"
import { registerSymmetricCosineLossGradient } from "./symmetricCosineLoss.ts"

export const BLAS_BACKEND = "blas"

let registered = false

/**
 * Registers the `blas` backend: tfjs's CPU backend class (BlasBackend) under a new name, every cpu kernel re-registered for it,
 * and our BLAS kernels on top (their element-wise loops in `native` when given, else in JavaScript), plus a ReLU gradient that uses our fused ReluGrad kernel where it exists (and
 * tfjs' own formula on every other backend). Idempotent; a second call only swaps the libraries the kernels use.
 * Priority 0 (below cpu's 1): tfjs never picks it on its own; `initBackend` selects it explicitly.
 */
export const registerBlasBackend = (lib: BlasLibrary, native?: NativeKernels): void => {
  setActiveBlas(lib)
  setActiveNative(native)
  if (registered) return
  const ours = new Set(blasKernels.map((k) => k.kernelName))
  for (const k of tf.getKernelsForBackend("cpu")) {
    if (!ours.has(k.kernelName)) tf.registerKernel({ ...k, backendName: BLAS_BACKEND })
  }
  for (const k of blasKernels) tf.registerKernel(k)
  registerReluGradient()
  registerBatchNormGradient()
  registerLinearLayerGradient()
  registerSymmetricCosineLossGradient()
  tf.registerBackend(BLAS_BACKEND, () => new BlasBackend(), 0)
  registered = true
}
