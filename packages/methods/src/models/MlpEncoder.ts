/** An MLP backbone on flattened images: Linear → ReLU per layer (`hidden` = the layer widths). */
import { tf, type Rng } from "@ssl/core"
import type { Encoder } from "./Encoder.ts"
import { Linear } from "./Linear.ts"
import type { ParamStore } from "./ParamStore.ts"
import type { Mode } from "./Mode.ts"

export interface MlpEncoderSpec {
  readonly kind: "mlp"
  /** Layer widths, e.g. [512, 512] for 784→512→512. */
  readonly hidden: ReadonlyArray<number>
  /** ReLU after the last layer too (default true: the features are post-activation, as ResNet's are). */
  readonly finalRelu?: boolean
}

export class MlpEncoder implements Encoder {
  readonly kind = "mlp"
  readonly outDim: number
  private readonly layers: Array<Linear> = []
  private readonly finalRelu: boolean

  constructor(store: ParamStore, name: string, inputShape: readonly [number, number, number], spec: MlpEncoderSpec,
    rng: Rng) {
    if (spec.hidden.length === 0) throw new Error("MlpEncoder needs at least one layer width in `hidden`")
    let inDim = inputShape[0] * inputShape[1] * inputShape[2]
    spec.hidden.forEach((width, i) => {
      this.layers.push(new Linear(store, `${name}.fc${i}`, inDim, width, rng))
      inDim = width
    })
    this.outDim = inDim
    this.finalRelu = spec.finalRelu ?? true
  }

  apply(x: tf.Tensor4D, _mode: Mode): tf.Tensor2D {
    let h = tf.reshape(x, [x.shape[0], -1]) as tf.Tensor2D // [B, H·W·C]
    this.layers.forEach((layer, i) => {
      h = layer.apply(h, i < this.layers.length - 1 || this.finalRelu ? "relu" : "linear") // [B, width]
    })
    return h
  }
}
