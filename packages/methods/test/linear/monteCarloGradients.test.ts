import { describe, expect, test } from "bun:test"
import { Rng, tf } from "@ssl/core"
import * as dense from "../../src/linear/dense.ts"
import { lemma1Gradients } from "../../src/linear/fullDynamics.ts"
import { monteCarloGradients } from "../../src/linear/monteCarloGradients.ts"

const setup = (seed: number) => {
  const rng = new Rng(seed)
  const n1 = 6, n2 = 3
  return {
    Wp: dense.gaussian(n2, n2, 0.6, rng), W: dense.gaussian(n2, n1, 0.4, rng), Wa: dense.gaussian(n2, n1, 0.4, rng),
    sigmaX: dense.lincomb([1, dense.randomPsd(n1, rng)], [0.1, dense.identity(n1)]),
    sigmaN: dense.diag(Array.from({ length: n1 }, () => rng.uniform(0.1, 1))),
  }
}
const rel = (a: dense.Mat, b: dense.Mat) => dense.frobenius(dense.sub(a, b)) / dense.frobenius(b)

describe("Monte-Carlo gradients of Eqn. 1 (tfjs autodiff)", () => {
  test("approach Lemma 1's closed form, are reproducible for a seed, and leak no tensors", () => {
    const s = setup(3)
    const before = tf.memory().numTensors
    const exact = lemma1Gradients(s.Wp, s.W, s.Wa, s.sigmaX, s.sigmaN)
    const a = monteCarloGradients({ ...s, samples: 60_000, batch: 20_000, seed: 11 })
    const b = monteCarloGradients({ ...s, samples: 60_000, batch: 7_000, seed: 11 }) // other batching, other draws
    const again = monteCarloGradients({ ...s, samples: 60_000, batch: 20_000, seed: 11 })
    expect(rel(a.dWp, exact.dWp)).toBeLessThan(0.05)
    expect(rel(a.dW, exact.dW)).toBeLessThan(0.05)
    expect(rel(b.dW, exact.dW)).toBeLessThan(0.05)
    expect(Array.from(again.dW.data)).toEqual(Array.from(a.dW.data))
    expect(a.loss).toBeGreaterThan(0)
    expect(tf.memory().numTensors).toBe(before)
  })

  test("a bad sample size is rejected", () => {
    const s = setup(1)
    expect(() => monteCarloGradients({ ...s, samples: 0, batch: 10, seed: 1 })).toThrow("samples must be a positive integer")
    expect(() => monteCarloGradients({ ...s, samples: 10, batch: 1.5, seed: 1 })).toThrow("batch must be a positive integer")
  })
})
