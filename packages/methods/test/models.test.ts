import { describe, expect, test } from "bun:test"
import { Rng, tf } from "@ssl/core"
import { ParamStore } from "../src/models/ParamStore.ts"
import { BatchNorm } from "../src/models/BatchNorm.ts"
import { LinearSgd } from "../src/method/predictors/LinearSgd.ts"
import { TwoLayer } from "../src/method/predictors/TwoLayer.ts"
import { Tower } from "../src/models/Tower.ts"

// Parameter counts checked against PyTorch (/usr/bin/python3 + torch: the same modules built with torch.nn;
// torchvision's resnet18 is 11,689,512 params, minus its fc 513,000 = 11,176,512 with the ImageNet stem).
describe("parameter counts match PyTorch", () => {
  const count = (build: (store: ParamStore) => void) => {
    const store = new ParamStore()
    build(store)
    const n = store.paramCount()
    store.dispose()
    return n
  }
  const tower = (shape: readonly [number, number, number], encoder: ConstructorParameters<typeof Tower>[1],
    projector = { hidden: 512, out: 128 }) => {
    const t = new Tower(shape, encoder, projector, new Rng(0))
    const counts = { total: t.store.paramCount(), encoder: 0 }
    for (const [name, v] of t.store.params) if (name.startsWith("encoder.")) counts.encoder += v.size
    t.dispose()
    return counts
  }

  test("ResNet-18, CIFAR stem (conv1 3×3, no max-pool), no fc: 11,168,832", () => {
    expect(tower([32, 32, 3], { kind: "resnet18", stem: "cifar" }).encoder).toBe(11_168_832)
  }, 30_000)
  test("ResNet-18, ImageNet stem (STL-10): 11,176,512", () => {
    expect(tower([96, 96, 3], { kind: "resnet18", stem: "imagenet" }).encoder).toBe(11_176_512)
  }, 30_000)
  test("MLP 784→512→512: 664,576; projector 512→512→128 (BN no affine): 328,320", () => {
    const c = tower([28, 28, 1], { kind: "mlp", hidden: [512, 512] })
    expect(c.encoder).toBe(664_576)
    expect(c.total - c.encoder).toBe(328_320)
  })
  test("CNN 32/64/128 on 1 channel: 92,672", () => {
    expect(tower([28, 28, 1], { kind: "cnn", channels: [32, 64, 128] }).encoder).toBe(92_672)
  })
  test("predictors: linear 128×128 no bias 16,384; 2-layer 128→512→128 131,712", () => {
    const context = (store: ParamStore) => ({ dim: 128, store, rng: new Rng(1), symmetrize: false })
    expect(count((s) => new LinearSgd(context(s), { bias: false }))).toBe(16_384)
    expect(count((s) => new TwoLayer(context(s), { hidden: 512 }))).toBe(131_712)
  })
})

describe("forward shapes and modes", () => {
  test("every encoder maps [B,H,W,C] to [B,D]; train mode updates BN running stats, eval mode does not", () => {
    const before = tf.memory().numTensors
    for (const [shape, spec, d] of [
      [[28, 28, 1], { kind: "mlp", hidden: [16, 8] }, 8],
      [[28, 28, 1], { kind: "cnn", channels: [4, 8, 6] }, 6],
      [[16, 16, 3], { kind: "resnet18", stem: "cifar" }, 512],
      [[16, 16, 3], { kind: "resnet18", stem: "imagenet" }, 512], // 7×7 stride 2 + max-pool: 16 → 8 → 4
    ] as const) {
      const t = new Tower(shape, spec, { hidden: 12, out: 5 }, new Rng(3))
      const x = tf.randomUniform([4, ...shape], 0, 1, "float32", 7) as tf.Tensor4D
      const rm = t.store.buffers.get("projector.bn.running_mean")!
      const rm0 = rm.dataSync().slice()
      const { h, f } = tf.tidy(() => t.apply(x, "eval"))
      expect(h.shape).toEqual([4, d])
      expect(f.shape).toEqual([4, 5])
      expect(Array.from(rm.dataSync())).toEqual(Array.from(rm0))
      tf.dispose(tf.tidy(() => t.apply(x, "train").f))
      expect(Array.from(rm.dataSync())).not.toEqual(Array.from(rm0))
      tf.dispose([h, f, x])
      t.dispose()
    }
    expect(tf.memory().numTensors).toBe(before)
  }, 30_000)

  test("the same seed gives the same weights, another seed different ones", () => {
    const a = new Tower([28, 28, 1], { kind: "mlp", hidden: [8] }, { hidden: 6, out: 4 }, new Rng(5))
    const b = new Tower([28, 28, 1], { kind: "mlp", hidden: [8] }, { hidden: 6, out: 4 }, new Rng(5))
    const c = new Tower([28, 28, 1], { kind: "mlp", hidden: [8] }, { hidden: 6, out: 4 }, new Rng(6))
    const w = (t: Tower) => Array.from(t.store.params.get("encoder.fc0.weight")!.dataSync())
    expect(w(a)).toEqual(w(b))
    expect(w(a)).not.toEqual(w(c))
    // PyTorch's default Linear init: U(−1/√fanIn, 1/√fanIn).
    const bound = 1 / Math.sqrt(784)
    expect(Math.max(...w(a).map(Math.abs))).toBeLessThanOrEqual(bound)
    expect(Math.max(...w(a).map(Math.abs))).toBeGreaterThan(0.9 * bound)
    for (const t of [a, b, c]) t.dispose()
  })

  test("BatchNorm train mode: zero mean, unit biased variance per channel; running var uses n/(n−1)", () => {
    const store = new ParamStore()
    const bn = new BatchNorm(store, "p.bn", 4, { affine: false })
    const x = tf.tensor2d([[1, 2, 3, 4], [2, 0, 1, 1], [5, 1, 0, 2]])
    const y = tf.tidy(() => bn.apply(x, "train"))
    const ys = y.arraySync()
    for (let c = 0; c < 4; c++) {
      const col = ys.map((r) => r[c]!)
      const mean = col.reduce((a, b) => a + b, 0) / 3
      const v = col.reduce((a, b) => a + (b - mean) ** 2, 0) / 3
      expect(Math.abs(mean)).toBeLessThan(1e-5)
      expect(Math.abs(v - 1)).toBeLessThan(1e-3)
    }
    // channel 0: values 1,2,5 → mean 8/3, unbiased var 13/3; running = 0.9·(0,1) + 0.1·(mean, var)
    expect(bn.runningMean.dataSync()[0]).toBeCloseTo(0.1 * 8 / 3, 6)
    expect(bn.runningVar.dataSync()[0]).toBeCloseTo(0.9 + 0.1 * 13 / 3, 5)
    tf.dispose([x, y])
    store.dispose()
  })
})
