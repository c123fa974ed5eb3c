import { Rng, tf } from "../../packages/core/src/index.ts"
import { SslModel } from "../../packages/methods/src/index.ts"
import type { Workload, WorkloadSpec } from "./Workload.ts"

// One BYOL training step of the project's real model (SslModel, as `bun run ssl` trains it), as
// bench/pytorch_reference.py's resnet18_step: ResNet-18 with the CIFAR stem (conv3×3 stride 1, no max-pool) →
// 512-d pool; projector Linear(512,512)+BN(no affine)+ReLU+Linear(512,128); linear predictor 128×128; EMA target
// 0.996; symmetric negative-cosine loss; backward; SGD (lr 0.03, momentum 0.9, weight decay 4e-4); EMA update.
// SslModel.step also updates F̂ (metrics estimate, a [256,128]ᵀ[256,128] product) and reads the loss back; the
// reference does both too. Two views of a fixed random batch [128, 32, 32, 3] (NHWC; NCHW there).
const B = 128

const makeResnet18Step = (): Workload => {
  const rng = new Rng(3)
  const v1 = tf.tensor4d(Float32Array.from(rng.normals(B * 32 * 32 * 3, 1)), [B, 32, 32, 3])
  const v2 = tf.tensor4d(Float32Array.from(rng.normals(B * 32 * 32 * 3, 1)), [B, 32, 32, 3])
  const model = new SslModel({
    inputShape: [32, 32, 3],
    encoder: { kind: "resnet18", stem: "cifar" },
    projector: { hidden: 512, out: 128, batchNorm: true },
    method: { target: { kind: "ema", gamma: 0.996 }, predictor: { kind: "linear", bias: false }, symmetrize: false, loss: "cosine", targetInit: "copy" },
    optimizer: { lr: 0.03, momentum: 0.9, weightDecay: 4e-4, predictor: { lrMultiplier: 1, weightDecay: 4e-4 } },
    seed: 3,
  })
  let iteration = 0
  return {
    step: () => void model.step(v1, v2, iteration++),
    dispose: () => {
      model.dispose()
      tf.dispose([v1, v2])
    },
  }
}

export const resnet18Step: WorkloadSpec = {
  name: "resnet18-step",
  describe: "BYOL step (SslModel), ResNet-18 CIFAR stem, projector 512→512→128 with BN, predictor 128², batch 128, SGD+EMA",
  make: makeResnet18Step,
}
