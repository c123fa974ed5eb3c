import type { KernelConfig, KernelFunc, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core"
import { tf } from "../../tf.ts"
import type { BlasBackend } from "./BlasBackend.ts"

export type { BlasBackend }

/** The kernel-function argument shape, typed for our backend. */
export interface KernelArgs<I extends Record<string, TensorInfo | undefined>, A = NamedAttrMap> {
  readonly inputs: I
  readonly backend: BlasBackend
  readonly attrs: A
}

/** The stored values of a float32 tensor, without copying. */
export const readF32 = (backend: BlasBackend, t: TensorInfo): Float32Array => {
  const v = backend.data.get(t.dataId).values
  return v instanceof Float32Array ? v : Float32Array.from(v as ArrayLike<number>)
}

/** The stock cpu kernel, for inputs our fast paths do not cover (other dtypes, NCHW, ...). */
export const cpuKernel = (name: string): KernelFunc => {
  const k = tf.getKernel(name, "cpu")
  if (k === undefined) throw new Error(`cpu kernel ${name} is not registered`)
  return k.kernelFunc
}

/** Casts our typed kernel function to tfjs' KernelConfig for the `blas` backend. */
export const blasKernel = <I extends Record<string, TensorInfo | undefined>, A>(
  kernelName: string,
  kernelFunc: (args: KernelArgs<I, A>) => TensorInfo | TensorInfo[],
): KernelConfig => ({ kernelName, backendName: "blas", kernelFunc: kernelFunc as unknown as KernelFunc })
