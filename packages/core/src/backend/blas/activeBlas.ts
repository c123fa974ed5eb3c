import type { BlasLibrary } from "./BlasLibrary.ts"

// The library the `blas` kernels call. Kernels are registered once (the registry is global); the library they use
// can be swapped (tests, a different SSL_BLAS_LIB) without re-registering.
let active: BlasLibrary | undefined

export const setActiveBlas = (lib: BlasLibrary): void => {
  active = lib
}

export const activeBlas = (): BlasLibrary => {
  if (active === undefined) throw new Error("blas backend used before a BLAS library was loaded (call initBackend('blas'))")
  return active
}

/** The loaded library, or undefined before the blas backend is initialised. */
export const activeBlasOrUndefined = (): BlasLibrary | undefined => active
