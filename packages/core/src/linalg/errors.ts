/**
 * Typed failures of the float64 linear algebra and the SSL kernels. They are thrown (the kernels are
 * synchronous hot-path code); each is a tagged `Error` whose message says what to do.
 */
import { Data } from "effect"

/** An input holds NaN or ±Infinity, usually a diverged training run upstream. */
export class NonFiniteInput extends Data.TaggedError("NonFiniteInput")<{
  /** The kernel that rejected the input, e.g. "eigh". */
  readonly kernel: string
  /** Flat index of the first non-finite entry. */
  readonly index: number
  readonly value: number
}> {
  override get message(): string {
    return `${this.kernel}: input entry ${this.index} is ${this.value}; every entry must be finite. ` +
      "Check the producer of this matrix for divergence (NaN/Inf) before calling it."
  }
}

/** The data length does not match the dimensions it was passed with. */
export class ShapeMismatch extends Data.TaggedError("ShapeMismatch")<{
  readonly kernel: string
  /** What was required, e.g. "n*n = 16 entries, n a positive integer". */
  readonly expected: string
  readonly actual: string
}> {
  override get message(): string {
    return `${this.kernel}: expected ${this.expected}, got ${this.actual}. ` +
      "Pass a row-major Float64Array together with the dimensions it was built with."
  }
}

/** An option is outside its domain (e.g. a moving-average rate outside [0, 1]). */
export class InvalidOption extends Data.TaggedError("InvalidOption")<{
  readonly kernel: string
  readonly option: string
  readonly expected: string
  readonly actual: string
}> {
  override get message(): string {
    return `${this.kernel}: option '${this.option}' must be ${this.expected} (was ${this.actual}).`
  }
}

/** The tridiagonal QR iteration did not converge (should not happen for finite input; report it). */
export class EighNoConvergence extends Data.TaggedError("EighNoConvergence")<{
  readonly n: number
  readonly iterations: number
}> {
  override get message(): string {
    return `eigh: the implicit QR iteration did not converge after ${this.iterations} sweeps (n = ${this.n}). ` +
      "This indicates a bug or pathological input; please report the matrix."
  }
}
