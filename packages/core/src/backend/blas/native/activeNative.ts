import type { NativeKernels } from "./NativeKernels.ts"

// The native kernels the `blas` element-wise kernels call, or undefined for their JavaScript loops. Like the BLAS
// library (activeBlas.ts) it is swappable without re-registering the kernels (tfjs' kernel registry is global):
// tests run the same kernels on both paths by swapping it.
let active: NativeKernels | undefined

export const setActiveNative = (kernels: NativeKernels | undefined): void => {
  active = kernels
}

/** The loaded native kernels, or undefined when the blas backend runs its JavaScript kernels. */
export const activeNative = (): NativeKernels | undefined => active
