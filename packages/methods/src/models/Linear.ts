/**
 * A fully connected layer in PyTorch's layout: weight [out, in], y = x Wᵀ + b. Keeping PyTorch's layout
 * means a linear predictor's weight IS the paper's W_p (p = W_p f), with no transpose to remember.
 */
import { linearLayer, type Rng, type tf } from "@ssl/core"
import { uniformFanIn } from "./init.ts"
import type { ParamStore } from "./ParamStore.ts"

export interface LinearOptions {
  readonly bias?: boolean
}

export class Linear {
  readonly weight: tf.Variable // [out, in]
  readonly bias: tf.Variable | undefined // [out]

  constructor(store: ParamStore, name: string, readonly inDim: number, readonly outDim: number, rng: Rng,
    options: LinearOptions = {}) {
    this.weight = store.param(`${name}.weight`, [outDim, inDim], uniformFanIn(rng, outDim * inDim, inDim))
    this.bias = (options.bias ?? true) ? store.param(`${name}.bias`, [outDim], uniformFanIn(rng, outDim, inDim)) : undefined
  }

  /** [B, in] → [B, out], optionally with a fused ReLU (one kernel and its gradient on the blas backend). */
  apply(x: tf.Tensor2D, activation: "linear" | "relu" = "linear"): tf.Tensor2D {
    return linearLayer(x, this.weight as tf.Tensor2D, this.bias as tf.Tensor1D | undefined, activation)
  }
}
