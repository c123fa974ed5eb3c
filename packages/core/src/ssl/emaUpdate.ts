/**
 * EMA of parameters, the target-network update (docs/paper/original-code.md#directpred-algorithm step 7): θ_t ← γ θ_t + (1−γ) θ_o.
 * γ = 0 copies the online parameters (the "no EMA" setting, the code's m = 0); γ = 1 freezes the target.
 */
import { InvalidOption, NonFiniteInput, ShapeMismatch } from "../linalg/errors.ts"
import { emaSteps } from "../backend/blas/fusedUpdates.ts"
import { tf } from "../tf.ts"

const checkGamma = (kernel: string, gamma: number): void => {
  if (!(gamma >= 0 && gamma <= 1)) throw new InvalidOption({ kernel, option: "gamma", expected: "a number in [0, 1]", actual: String(gamma) })
}

/**
 * In place, for each i: target[i] ← γ·target[i] + (1−γ)·online[i] (same shapes). Allocates no lasting tensors.
 * Written as γ·a + (1−γ)·b rather than a + (1−γ)(b − a) so that γ = 0 and γ = 1 are exact copies.
 */
export const emaUpdate = (target: ReadonlyArray<tf.Variable>, online: ReadonlyArray<tf.Tensor>, gamma: number): void => {
  checkGamma("emaUpdate", gamma)
  if (target.length !== online.length) {
    throw new ShapeMismatch({ kernel: "emaUpdate", expected: `as many online tensors as targets (${target.length})`, actual: `${online.length}` })
  }
  target.forEach((t, i) => {
    const o = online[i]!
    if (!tf.util.arraysEqual(t.shape, o.shape)) {
      throw new ShapeMismatch({ kernel: "emaUpdate", expected: `online[${i}] of shape [${t.shape}]`, actual: `[${o.shape}]` })
    }
  })
  tf.tidy(() => {
    // γ·t + (1−γ)·o for every pair in one fused kernel call where the backend has it
    const next = emaSteps(target, online, gamma)
    target.forEach((t, i) => t.assign(next[i]!))
  })
}

/** Float64 version, in place on `target`: target ← γ·target + (1−γ)·online. Returns `target`. */
export const emaUpdateF64 = (target: Float64Array, online: ArrayLike<number>, gamma: number): Float64Array => {
  checkGamma("emaUpdateF64", gamma)
  if (target.length !== online.length) throw new ShapeMismatch({ kernel: "emaUpdateF64", expected: `${target.length} entries`, actual: `${online.length}` })
  const rest = 1 - gamma
  for (let i = 0; i < target.length; i++) {
    const o = online[i]!
    if (!Number.isFinite(o)) throw new NonFiniteInput({ kernel: "emaUpdateF64", index: i, value: o })
    target[i] = gamma * target[i]! + rest * o
  }
  return target
}
