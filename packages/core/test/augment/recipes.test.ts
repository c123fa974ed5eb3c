import { describe, expect, test } from "bun:test"
import { buildAugmentation, buildEvalTransform, RECIPES, type RecipeName, resolveAugment, twoViews } from "../../src/augment/recipes.ts"
import { Rng } from "../../src/rng.ts"
import { tf } from "../../src/tf.ts"
import { maxAbsDiff, minMax, noLeaks, randomImages, take, values } from "./helpers.ts"

const shapes: Record<RecipeName, readonly [number, number, number, number]> = {
  none: [4, 28, 28, 1],
  "fashion-mnist": [8, 28, 28, 1],
  "fashion-mnist-strong": [8, 28, 28, 1],
  cifar10: [8, 32, 32, 3],
  stl10: [3, 96, 96, 3],
}

describe("recipes", () => {
  for (const name of Object.keys(RECIPES) as RecipeName[]) {
    test(`${name}: shape kept, deterministic under a seed, different seeds differ, no leaks`, async () => {
      await noLeaks(() => {
        const aug = buildAugmentation(RECIPES[name])
        const x = randomImages(1, shapes[name])
        const a = aug(x, new Rng(7))
        const b = aug(x, new Rng(7))
        const c = aug(x, new Rng(8))
        expect(a.shape).toEqual(x.shape)
        expect(Array.from(values(a))).toEqual(Array.from(values(b)))
        if (name === "none") expect(Array.from(values(a))).toEqual(Array.from(values(x)))
        else expect(maxAbsDiff(values(a), values(c))).toBeGreaterThan(0)
        tf.dispose([x, a, b, c])
      })
    }, 20_000)
  }

  test("recipes without normalisation or unclipped noise stay in [0, 1]", async () => {
    await noLeaks(() => {
      const x = randomImages(3, shapes.stl10)
      const y = buildAugmentation(RECIPES.stl10)(x, new Rng(1))
      const [lo, hi] = minMax(y)
      y.dispose()
      expect(lo).toBeGreaterThanOrEqual(0)
      expect(hi).toBeLessThanOrEqual(1)
      tf.dispose(x)
    })
  }, 20_000)

  test("CIFAR-10 recipe ends with the normalisation; its eval transform is that normalisation only", async () => {
    await noLeaks(() => {
      const x = randomImages(3, [2, 32, 32, 3])
      const ev = take(buildEvalTransform(RECIPES.cifar10)(x))
      const xs = values(x)
      expect(ev[0]).toBeCloseTo((xs[0]! - 0.4914) / 0.2023, 5)
      expect(ev[2]).toBeCloseTo((xs[2]! - 0.4465) / 0.2010, 5)
      const noNorm = take(buildEvalTransform(RECIPES["fashion-mnist"])(x))
      expect(Array.from(noNorm)).toEqual(Array.from(xs))
      x.dispose()
    })
  })

  test("Fashion-MNIST recipe is docs/paper/scale.md#harness: crop scale 0.5–1, ±3 px, flip, noise σ = 0.1", () => {
    expect(RECIPES["fashion-mnist"].crop?.scale).toEqual([0.5, 1])
    expect(RECIPES["fashion-mnist"].translate).toBe(3)
    expect(RECIPES["fashion-mnist"].flip).toBe(0.5)
    expect(RECIPES["fashion-mnist"].noise?.std).toBe(0.1)
  })

  test("STL-10 and CIFAR-10 recipes are the original code's (docs/paper/original-code.md#hyperparameters)", () => {
    expect(RECIPES.stl10.jitter).toEqual({ p: 0.8, brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.2 })
    expect(RECIPES.stl10.blur).toEqual({ p: 1, sigma: [0.1, 2.0], kernel: 9 })
    expect(RECIPES.stl10.grayscale).toBe(0.2)
    expect(RECIPES.cifar10.jitter).toEqual({ p: 0.8, brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 })
    expect(RECIPES.cifar10.blur).toBeNull()
    expect(RECIPES.cifar10.normalize).toEqual({ mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.2010] })
  })

  test("twoViews draws two different views from one Rng", async () => {
    await noLeaks(() => {
      const x = randomImages(2, [4, 28, 28, 1])
      const [v1, v2] = twoViews(buildAugmentation(RECIPES["fashion-mnist"]), x, new Rng(3))
      expect(maxAbsDiff(values(v1), values(v2))).toBeGreaterThan(0)
      tf.dispose([x, v1, v2])
    })
  })
})

describe("resolveAugment", () => {
  test("overrides merge field by field; null switches a step off; a switched-off group can be turned on", () => {
    const r = resolveAugment("cifar10", { jitter: { p: 0.5 }, normalize: null, flip: 0 })
    expect(r.jitter).toEqual({ p: 0.5, brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 })
    expect(r.normalize).toBeNull()
    expect(r.flip).toBe(0)
    expect(r.crop).toEqual(RECIPES.cifar10.crop)
    const f = resolveAugment("fashion-mnist", { blur: { sigma: [0.5, 0.5], kernel: 3 }, noise: { std: 0.2 } })
    expect(f.blur).toEqual({ p: 1, sigma: [0.5, 0.5], kernel: 3 })
    expect(f.noise).toEqual({ std: 0.2, clip: false })
  })

  test("zeroed overrides give the identity pipeline", async () => {
    await noLeaks(() => {
      const params = resolveAugment("fashion-mnist", { crop: { scale: [1, 1], ratio: [1, 1] }, translate: 0, flip: 0, noise: null })
      const x = randomImages(5, [3, 28, 28, 1])
      const y = buildAugmentation(params)(x, new Rng(1))
      expect(Array.from(values(y))).toEqual(Array.from(values(x)))
      tf.dispose([x, y])
    })
  })

  test("unknown recipe or field is an error naming it", () => {
    expect(() => resolveAugment("imagenet" as RecipeName)).toThrow(/unknown augmentation recipe 'imagenet'/)
    expect(() => resolveAugment("none", { blurr: 1 } as never)).toThrow(/unknown augmentation field 'blurr'/)
  })
})
