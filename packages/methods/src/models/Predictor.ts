/**
 * Predictor heads on the projector output f ∈ R^d:
 * - "linear": p = W_p f (PyTorch nn.Linear(d, d), no bias by default, as the DirectPred runs);
 * - "mlp2": Linear(d, h) → BatchNorm(no affine) → ReLU → Linear(h, d), with biases (the original's default
 *   2-layer predictor).
 * `matrix()` gives the d×d matrix the eigen-metrics use: W_p itself, or for mlp2 the [Re] linearisation
 * W_out·W_hidden (ignoring BN and ReLU; PyTorch layout, so p ≈ W_out W_hidden f).
 */
import { tf, type Rng } from "@ssl/core"
import { BatchNorm } from "./BatchNorm.ts"
import { Linear } from "./Linear.ts"
import type { ParamStore } from "./ParamStore.ts"
import type { Mode } from "./Mode.ts"
import { readFloat32 } from "../readTensor.ts"

export type PredictorHeadSpec =
  | { readonly kind: "linear"; readonly bias?: boolean }
  | { readonly kind: "mlp2"; readonly hidden: number }

export class Predictor {
  readonly layers: ReadonlyArray<Linear>
  readonly bn: BatchNorm | undefined

  constructor(store: ParamStore, name: string, readonly dim: number, readonly spec: PredictorHeadSpec, rng: Rng) {
    if (spec.kind === "linear") {
      this.layers = [new Linear(store, `${name}.fc`, dim, dim, rng, { bias: spec.bias ?? false })]
      this.bn = undefined
    } else {
      this.layers = [new Linear(store, `${name}.fc1`, dim, spec.hidden, rng), new Linear(store, `${name}.fc2`, spec.hidden, dim, rng)]
      this.bn = new BatchNorm(store, `${name}.bn`, spec.hidden, { affine: false })
    }
  }

  /** [B, d] → [B, d]. */
  apply(f: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    const [first, second] = this.layers
    if (second === undefined || this.bn === undefined) return first!.apply(f)
    return second.apply(tf.relu(this.bn.apply(first!.apply(f), mode)))
  }

  /** The d×d matrix W_p (row-major, float64): the weight, or W_out·W_hidden for mlp2. */
  matrix(): Float64Array {
    const [first, second] = this.layers
    const w = readFloat32(() => (second === undefined ? first!.weight.clone() : tf.matMul(second.weight, first!.weight)))
    return Float64Array.from(w)
  }
}
