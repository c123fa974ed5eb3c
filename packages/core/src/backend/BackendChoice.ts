import type { BackendName } from "./BackendName.ts"

/**
 * What `initBackend` chose and why: plain data, recorded in every run's provenance.
 * `skipped` lists the backends `auto` tried before `name`, each with the reason it could not be used.
 */
export interface BackendChoice {
  readonly name: BackendName
  readonly requested: BackendName | "auto"
  readonly reason: string
  readonly skipped: ReadonlyArray<{ readonly name: BackendName; readonly why: string }>
  /** Threads the backend computes with (BLAS threads for `blas`; 1 for wasm/cpu in Bun). */
  readonly threads: number
  /** The processor (or GPU) the backend runs on, e.g. "AMD EPYC (2 cores)". */
  readonly device: string
  /** Path of the BLAS library, for `blas`. */
  readonly blasLibrary?: string
  /**
   * For `blas`: which element-wise kernels run — the native library (its path) or the JavaScript fallback (why the
   * native one is not used: SSL_NATIVE=0, no C compiler, ...).
   */
  readonly elementwiseKernels?: { readonly native: true; readonly path: string } | { readonly native: false; readonly why: string }
}
