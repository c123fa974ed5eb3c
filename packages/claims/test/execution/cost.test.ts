/**
 * The cost model: multiply-adds per layer against naive references and published counts, and the laws a cost
 * must obey (linear in steps and batch, monotone in width).
 */
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { ciBase, cpuLongBase, extend, fullBase, nightlyBase, resolveConfig } from "@ssl/configs"
import { encoderMacs, estimateSeconds, runCost, runSteps, throughputs } from "../../src/execution/cost.ts"

describe("encoder multiply-adds", () => {
  // Catches: a dropped layer, or counting an MLP layer as in×in.
  test("an MLP costs the sum of its layers' in × out (naive reference)", () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: 600 }), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 40 }), (hidden, side) => {
      const widths = [side * side, ...hidden]
      let naive = 0
      for (let i = 0; i + 1 < widths.length; i++) naive += widths[i]! * widths[i + 1]!
      expect(encoderMacs({ kind: "mlp", hidden }, { height: side, width: side, channels: 1 }).macs).toBe(naive)
    }))
  })

  // Catches: a missing 1×1 downsample (−1%), a wrong stride or stem (×4 or more). Published: torchvision's
  // ResNet-18 at 224² is 1.81 GMACs; the CIFAR variant (3×3 stem, no max-pool) at 32² 0.56 GMACs.
  test("ResNet-18 matches the published counts", () => {
    expect(encoderMacs({ kind: "resnet18", stem: "imagenet" }, { height: 224, width: 224, channels: 3 }).macs / 1.814e9).toBeCloseTo(1, 2)
    expect(encoderMacs({ kind: "resnet18", stem: "cifar" }, { height: 32, width: 32, channels: 3 }).macs / 0.5554e9).toBeCloseTo(1, 2)
  })

  // Catches: stride 1 instead of 2 (the maps would not shrink).
  test("the small CNN halves its maps: layer i costs ⌈H/2^i⌉² · 9 · c_in · c_out", () => {
    const { macs } = encoderMacs({ kind: "cnn", channels: [32, 64, 128] }, { height: 28, width: 28, channels: 1 })
    expect(macs).toBe(14 * 14 * 9 * 1 * 32 + 7 * 7 * 9 * 32 * 64 + 4 * 4 * 9 * 64 * 128)
  })
})

describe("run cost", () => {
  const ci = resolveConfig(ciBase, "ci")
  // Catches: a cost that ignores the batch or the steps.
  test("FLOPs per step are linear in the batch; seconds are affine in the steps", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 512 }), fc.integer({ min: 1, max: 100_000 }), (batch, steps) => {
      const c1 = runCost(resolveConfig(extend(ciBase, { train: { batchSize: batch, steps } }), "t"))
      const c2 = runCost(resolveConfig(extend(ciBase, { train: { batchSize: 2 * batch, steps } }), "t"))
      expect(c2.flopsPerStep / c1.flopsPerStep).toBeCloseTo(2, 10)
      const s = (n: number) => estimateSeconds(resolveConfig(extend(ciBase, { train: { batchSize: batch, steps: n } }), "t"), "cpu")
      const step = s(2 * steps) - s(steps)
      expect((s(3 * steps) - s(2 * steps)) / step).toBeCloseTo(1, 9) // equal increments: affine
      expect(step).toBeGreaterThan(0)
    }), { numRuns: 30 })
  })

  // Catches: the throughput table drifting from the measurement it cites (28.3 steps/s for the ci base).
  test("the CPU throughput reproduces the measured ci speed", () => {
    const c = runCost(ci)
    expect(throughputs.cpu.mlp.flopsPerSecond / c.flopsPerStep).toBeCloseTo(28.3, 6)
    expect(throughputs.gpu.resnet18.measured).toBe(false)
  })

  test("epochs count steps as the trainer does: epochs × ⌊images / batch⌋", () => {
    expect(runSteps(resolveConfig(nightlyBase, "nightly"))).toBe(30 * Math.floor(50_000 / 128))
    expect(runSteps(resolveConfig(fullBase, "full"))).toBe(100 * Math.floor(105_000 / 128))
    expect(runSteps(resolveConfig(cpuLongBase, "cpu-long"))).toBe(1600)
  })
})
