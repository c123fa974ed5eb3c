import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { Rng } from "../src/index.ts"

describe("Rng", () => {
  test("same seed, same stream; different seeds differ", () => {
    fc.assert(fc.property(fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }), (seed) => {
      const a = new Rng(seed), b = new Rng(seed), c = new Rng(seed ^ 1)
      const xa = Array.from({ length: 8 }, () => a.next())
      expect(Array.from({ length: 8 }, () => b.next())).toEqual(xa)
      expect(Array.from({ length: 8 }, () => c.next())).not.toEqual(xa)
    }))
  })

  test("uniforms lie in [0, 1) and normals have mean 0, variance 1", () => {
    const rng = new Rng(7)
    let mean = 0, sq = 0
    const n = 200_000
    for (let i = 0; i < n; i++) {
      const u = rng.next()
      expect(u >= 0 && u < 1).toBe(true)
      const z = rng.normal()
      mean += z / n
      sq += (z * z) / n
    }
    // 5 standard errors: sd(mean) = 1/sqrt(n), sd(var) = sqrt(2/n)
    expect(Math.abs(mean)).toBeLessThan(5 / Math.sqrt(n))
    expect(Math.abs(sq - 1)).toBeLessThan(5 * Math.sqrt(2 / n))
  })

  test("fork is a pure function of seed and label", () => {
    const rng = new Rng(3)
    const x = rng.fork("augment").next()
    rng.next()
    expect(rng.fork("augment").next()).toBe(x)
    expect(rng.fork("init").next()).not.toBe(x)
  })

  test("permutation is a permutation", () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 200 }), fc.integer(), (n, seed) => {
      const p = Array.from(new Rng(seed).permutation(n)).sort((a, b) => a - b)
      expect(p).toEqual(Array.from({ length: n }, (_, i) => i))
    }))
  })

  test("rejects non-integer seeds with a clear message", () => {
    expect(() => new Rng(0.5)).toThrow("Rng seed must be an integer (was 0.5)")
  })
})
