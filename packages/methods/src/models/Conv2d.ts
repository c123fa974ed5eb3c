/**
 * A 2-D convolution, NHWC, with PyTorch's symmetric explicit padding (tfjs' "same" pads asymmetrically for
 * stride 2, which would shift every feature map by half a pixel relative to the reference code).
 * Filter layout is tfjs' [kh, kw, C_in, C_out].
 */
import { tf, type Rng } from "@ssl/core"
import { kaimingNormalFanOut, uniformFanIn } from "./init.ts"
import type { ParamStore } from "./ParamStore.ts"

export interface Conv2dOptions {
  readonly stride?: number
  readonly padding?: number
  readonly bias?: boolean
  /** "pytorch": nn.Conv2d's default; "resnet": torchvision ResNet's kaiming-normal fan-out. */
  readonly init?: "pytorch" | "resnet"
}

export class Conv2d {
  readonly filter: tf.Variable // [kh, kw, C_in, C_out]
  readonly bias: tf.Variable | undefined // [C_out]
  readonly stride: number
  readonly padding: number

  constructor(store: ParamStore, name: string, readonly inChannels: number, readonly outChannels: number,
    readonly kernel: number, rng: Rng, options: Conv2dOptions = {}) {
    this.stride = options.stride ?? 1
    this.padding = options.padding ?? 0
    const size = kernel * kernel * inChannels * outChannels
    const values = (options.init ?? "pytorch") === "resnet"
      ? kaimingNormalFanOut(rng, size, outChannels * kernel * kernel)
      : uniformFanIn(rng, size, inChannels * kernel * kernel)
    this.filter = store.param(`${name}.weight`, [kernel, kernel, inChannels, outChannels], values)
    this.bias = (options.bias ?? true)
      ? store.param(`${name}.bias`, [outChannels], uniformFanIn(rng, outChannels, inChannels * kernel * kernel))
      : undefined
  }

  /** [B, H, W, C_in] → [B, H', W', C_out], optionally with a fused ReLU. */
  apply(x: tf.Tensor4D, activation: "linear" | "relu" = "linear"): tf.Tensor4D {
    return tf.fused.conv2d({
      x, filter: this.filter as tf.Tensor4D, strides: this.stride, pad: this.padding, activation,
      ...(this.bias === undefined ? {} : { bias: this.bias }),
    })
  }
}
