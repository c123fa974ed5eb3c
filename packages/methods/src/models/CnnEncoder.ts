/**
 * A small CNN backbone: 3×3 convolutions with stride 2 (padding 1) and ReLU, then a global average pool.
 * With channels [32, 64, 128] on 28×28 inputs: 28 → 14 → 7 → 4, features [B, 128].
 */
import { tf, type Rng } from "@ssl/core"
import { Conv2d } from "./Conv2d.ts"
import type { Encoder } from "./Encoder.ts"
import type { ParamStore } from "./ParamStore.ts"
import type { Mode } from "./Mode.ts"

export interface CnnEncoderSpec {
  readonly kind: "cnn"
  /** Output channels of each conv layer (default [32, 64, 128]). */
  readonly channels?: ReadonlyArray<number>
}

export class CnnEncoder implements Encoder {
  readonly kind = "cnn"
  readonly outDim: number
  private readonly convs: Array<Conv2d> = []

  constructor(store: ParamStore, name: string, inputShape: readonly [number, number, number], spec: CnnEncoderSpec,
    rng: Rng) {
    const channels = spec.channels ?? [32, 64, 128]
    if (channels.length === 0) throw new Error("CnnEncoder needs at least one conv layer in `channels`")
    let cin = inputShape[2]
    channels.forEach((cout, i) => {
      this.convs.push(new Conv2d(store, `${name}.conv${i}`, cin, cout, 3, rng, { stride: 2, padding: 1 }))
      cin = cout
    })
    this.outDim = cin
  }

  apply(x: tf.Tensor4D, _mode: Mode): tf.Tensor2D {
    let h = x // [B, H, W, C]
    for (const conv of this.convs) h = conv.apply(h, "relu") // [B, ⌈H/2⌉, ⌈W/2⌉, C']
    return tf.mean(h, [1, 2]) as tf.Tensor2D // [B, C_last]
  }
}
