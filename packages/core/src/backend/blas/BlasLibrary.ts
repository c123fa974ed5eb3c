import { dlopen, FFIType } from "bun:ffi"

/**
 * A system BLAS opened through `bun:ffi`: single-precision GEMM (row-major) and, where the library has it, a
 * thread-count setter. Float32Array arguments are passed as pointers; Bun passes a subarray's byteOffset, so
 * views into a larger buffer work without copies.
 */
export interface BlasLibrary {
  readonly path: string
  /** C[m×n] = alpha · op(A)[m×k] · op(B)[k×n] + beta · C, row-major, with leading dimensions lda, ldb, ldc. */
  readonly sgemm: (
    transA: boolean, transB: boolean, m: number, n: number, k: number, alpha: number,
    a: Float32Array, lda: number, b: Float32Array, ldb: number, beta: number, c: Float32Array, ldc: number,
  ) => void
  /** y += alpha·x over n floats (cblas_saxpy), or undefined when the library lacks it. */
  readonly saxpy: ((n: number, alpha: number, x: Float32Array, y: Float32Array) => void) | undefined
  /** x *= alpha over n floats (cblas_sscal), or undefined when the library lacks it. */
  readonly sscal: ((n: number, alpha: number, x: Float32Array) => void) | undefined
  /**
   * LAPACK dsyevd (symmetric eigendecomposition, float64, column-major, Fortran ABI), or undefined when the library
   * has no LAPACK (OpenBLAS ships it; Accelerate too).
   */
  readonly dsyevd: ((jobz: Uint8Array, uplo: Uint8Array, n: Int32Array, a: Float64Array, lda: Int32Array, w: Float64Array,
    work: Float64Array, lwork: Int32Array, iwork: Int32Array, liwork: Int32Array, info: Int32Array) => void) | undefined
  /** Sets the library's thread count; returns false when the library has no such call (e.g. Accelerate). */
  readonly setThreads: (n: number) => boolean
  /** Threads as the library reports them, or the last value set. */
  readonly threads: () => number
}

const CblasRowMajor = 101
const CblasNoTrans = 111
const CblasTrans = 112

const sgemmSignature = {
  args: [FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.i32, FFIType.f32, FFIType.ptr,
    FFIType.i32, FFIType.ptr, FFIType.i32, FFIType.f32, FFIType.ptr, FFIType.i32],
  returns: FFIType.void,
} as const

const level1Signatures = {
  cblas_saxpy: { args: [FFIType.i32, FFIType.f32, FFIType.ptr, FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.void },
  cblas_sscal: { args: [FFIType.i32, FFIType.f32, FFIType.ptr, FFIType.i32], returns: FFIType.void },
} as const

/**
 * Opens `path` and binds cblas_sgemm (required), the level-1 saxpy/sscal and openblas_set/get_num_threads
 * (optional). Throws if unusable.
 */
export const openBlasLibrary = (path: string): BlasLibrary => {
  let level1: { saxpy: BlasLibrary["saxpy"]; sscal: BlasLibrary["sscal"] } = { saxpy: undefined, sscal: undefined }
  try {
    const l1 = dlopen(path, level1Signatures).symbols
    level1 = {
      saxpy: (n, alpha, x, y) => l1.cblas_saxpy(n, alpha, x, 1, y, 1),
      sscal: (n, alpha, x) => l1.cblas_sscal(n, alpha, x, 1),
    }
  } catch {
    // A BLAS without them still serves GEMM; the element-wise kernels fall back to JS loops.
  }
  let dsyevd: BlasLibrary["dsyevd"]
  try {
    const p = FFIType.ptr
    const lapack = dlopen(path, { dsyevd_: { args: [p, p, p, p, p, p, p, p, p, p, p, FFIType.u64, FFIType.u64], returns: FFIType.void } }).symbols
    // The two trailing arguments are the hidden lengths of the CHARACTER arguments (gfortran ABI).
    dsyevd = (jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info) =>
      lapack.dsyevd_(jobz, uplo, n, a, lda, w, work, lwork, iwork, liwork, info, 1n, 1n)
  } catch {
    dsyevd = undefined
  }
  let setNum: ((n: number) => void) | undefined
  let getNum: (() => number) | undefined
  let sgemmRaw: (...args: Array<number | Float32Array>) => void
  try {
    const lib = dlopen(path, {
      cblas_sgemm: sgemmSignature,
      openblas_set_num_threads: { args: [FFIType.i32], returns: FFIType.void },
      openblas_get_num_threads: { args: [], returns: FFIType.i32 },
    })
    sgemmRaw = lib.symbols.cblas_sgemm as never
    setNum = lib.symbols.openblas_set_num_threads
    getNum = lib.symbols.openblas_get_num_threads
  } catch {
    // Not OpenBLAS (Accelerate, reference BLAS): GEMM alone is enough; threads follow the library's own env var.
    const lib = dlopen(path, { cblas_sgemm: sgemmSignature })
    sgemmRaw = lib.symbols.cblas_sgemm as never
  }
  let lastSet = 1
  return {
    path,
    ...level1,
    dsyevd,
    sgemm: (transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc) => {
      if (m === 0 || n === 0) return
      sgemmRaw(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k, alpha,
        a, Math.max(lda, 1), b, Math.max(ldb, 1), beta, c, Math.max(ldc, 1))
    },
    setThreads: (n) => {
      if (setNum === undefined) return false
      setNum(n)
      lastSet = n
      return true
    },
    threads: () => (getNum !== undefined ? getNum() : lastSet),
  }
}
