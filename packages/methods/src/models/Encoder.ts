/** What every backbone provides: images in, one feature vector per image out (the probe's features). */
import type { tf } from "@ssl/core"
import type { Mode } from "./Mode.ts"

export interface Encoder {
  readonly kind: string
  /** Feature dimension. */
  readonly outDim: number
  /** [B, H, W, C] images → [B, outDim] features. Train mode uses and updates BatchNorm batch statistics. */
  apply(x: tf.Tensor4D, mode: Mode): tf.Tensor2D
}
