/**
 * ResNet-18 as torchvision builds it (BasicBlock ×[2,2,2,2], widths 64..512, kaiming-normal fan-out convs,
 * BN γ=1 β=0), without the fc layer: features are the 512-d global average pool. Two stems:
 * - "cifar": conv1 3×3 stride 1, no max-pool (the original code's CIFAR-10 variant);
 * - "imagenet": conv1 7×7 stride 2 + max-pool 3×3 stride 2 (torchvision's; used for STL-10).
 * Parameter names follow torchvision ("layer2.0.downsample.0.weight" → here "layer2.0.downsample.conv.weight").
 */
import { tf, type Rng } from "@ssl/core"
import { BatchNorm } from "./BatchNorm.ts"
import { Conv2d } from "./Conv2d.ts"
import type { Encoder } from "./Encoder.ts"
import type { ParamStore } from "./ParamStore.ts"
import type { Mode } from "./Mode.ts"

export interface ResNet18Spec {
  readonly kind: "resnet18"
  readonly stem: "cifar" | "imagenet"
}

class BasicBlock {
  private readonly conv1: Conv2d
  private readonly bn1: BatchNorm
  private readonly conv2: Conv2d
  private readonly bn2: BatchNorm
  private readonly downsample: { conv: Conv2d; bn: BatchNorm } | undefined

  constructor(store: ParamStore, name: string, cin: number, cout: number, stride: number, rng: Rng) {
    const conv = { bias: false, init: "resnet" } as const
    this.conv1 = new Conv2d(store, `${name}.conv1`, cin, cout, 3, rng, { ...conv, stride, padding: 1 })
    this.bn1 = new BatchNorm(store, `${name}.bn1`, cout)
    this.conv2 = new Conv2d(store, `${name}.conv2`, cout, cout, 3, rng, { ...conv, stride: 1, padding: 1 })
    this.bn2 = new BatchNorm(store, `${name}.bn2`, cout)
    this.downsample = stride !== 1 || cin !== cout
      ? {
        conv: new Conv2d(store, `${name}.downsample.conv`, cin, cout, 1, rng, { ...conv, stride, padding: 0 }),
        bn: new BatchNorm(store, `${name}.downsample.bn`, cout),
      }
      : undefined
  }

  apply(x: tf.Tensor4D, mode: Mode): tf.Tensor4D {
    let h = tf.relu(this.bn1.apply(this.conv1.apply(x), mode)) // [B, H/s, W/s, cout]
    h = this.bn2.apply(this.conv2.apply(h), mode)
    const identity = this.downsample === undefined
      ? x
      : this.downsample.bn.apply(this.downsample.conv.apply(x), mode)
    return tf.relu(tf.add(h, identity)) as tf.Tensor4D
  }
}

export class ResNet18 implements Encoder {
  readonly kind = "resnet18"
  readonly outDim = 512
  private readonly conv1: Conv2d
  private readonly bn1: BatchNorm
  private readonly blocks: Array<BasicBlock> = []
  private readonly maxPool: boolean

  constructor(store: ParamStore, name: string, inputShape: readonly [number, number, number], spec: ResNet18Spec,
    rng: Rng) {
    const cifar = spec.stem === "cifar"
    this.conv1 = new Conv2d(store, `${name}.conv1`, inputShape[2], 64, cifar ? 3 : 7, rng,
      { stride: cifar ? 1 : 2, padding: cifar ? 1 : 3, bias: false, init: "resnet" })
    this.bn1 = new BatchNorm(store, `${name}.bn1`, 64)
    this.maxPool = !cifar
    let cin = 64
    ;[64, 128, 256, 512].forEach((cout, stage) => {
      for (let b = 0; b < 2; b++) {
        const stride = stage > 0 && b === 0 ? 2 : 1
        this.blocks.push(new BasicBlock(store, `${name}.layer${stage + 1}.${b}`, cin, cout, stride, rng))
        cin = cout
      }
    })
  }

  apply(x: tf.Tensor4D, mode: Mode): tf.Tensor2D {
    let h = tf.relu(this.bn1.apply(this.conv1.apply(x), mode)) // [B, H', W', 64]
    if (this.maxPool) h = tf.maxPool(h, 3, 2, 1) // torchvision: MaxPool2d(3, stride 2, padding 1)
    for (const block of this.blocks) h = block.apply(h, mode)
    return tf.mean(h, [1, 2]) as tf.Tensor2D // [B, 512]
  }
}
