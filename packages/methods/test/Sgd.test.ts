import { expect, test } from "bun:test"
import fc from "fast-check"
import { tf } from "@ssl/core"
import { Sgd } from "../src/optim/Sgd.ts"

/** torch.optim.SGD (dampening 0, nesterov False) in float64, written from its documented update rule. */
const torchSgdReference = (theta0: ReadonlyArray<number>, grads: ReadonlyArray<ReadonlyArray<number>>, lr: number,
  momentum: number, wd: number): Array<number> => {
  const theta = [...theta0]
  let buf: Array<number> | undefined
  for (const g of grads) {
    const d = g.map((gi, i) => gi + wd * theta[i]!)
    buf = buf === undefined ? d : buf.map((b, i) => momentum * b + d[i]!)
    for (let i = 0; i < theta.length; i++) theta[i]! -= lr * buf[i]!
  }
  return theta
}

const small = fc.double({ min: -2, max: 2, noNaN: true })

test("Sgd matches a float64 reference of PyTorch's SGD formula, per parameter group", () => {
  const before = tf.memory().numTensors
  fc.assert(fc.property(
    fc.integer({ min: 1, max: 6 }).chain((n) => fc.record({
      theta: fc.array(small, { minLength: n, maxLength: n }),
      grads: fc.array(fc.array(small, { minLength: n, maxLength: n }), { minLength: 1, maxLength: 6 }),
      lr: fc.double({ min: 1e-3, max: 0.5, noNaN: true }),
      momentum: fc.constantFrom(0, 0.5, 0.9),
      wd: fc.constantFrom(0, 4e-4, 0.1),
      alpha: fc.constantFrom(1, 3, 10),
    })),
    ({ theta, grads, lr, momentum, wd, alpha }) => {
      const a = tf.tidy(() => tf.variable(tf.tensor1d(theta)))
      const b = tf.tidy(() => tf.variable(tf.tensor1d(theta)))
      const opt = new Sgd([
        { name: "trunk", params: [a], lr, momentum, weightDecay: wd },
        { name: "predictor", params: [b], lr: lr * alpha, momentum, weightDecay: 0 },
      ])
      for (const g of grads) {
        const gt = tf.tensor1d(g)
        opt.step({ [a.name]: gt, [b.name]: gt })
        gt.dispose()
      }
      const wantA = torchSgdReference(theta, grads, lr, momentum, wd)
      const wantB = torchSgdReference(theta, grads, lr * alpha, momentum, 0)
      const gotA = a.dataSync()
      const gotB = b.dataSync()
      for (let i = 0; i < theta.length; i++) {
        const scale = 1 + Math.abs(wantA[i]!) + Math.abs(wantB[i]!)
        expect(Math.abs(gotA[i]! - wantA[i]!)).toBeLessThanOrEqual(1e-5 * scale * grads.length * alpha)
        expect(Math.abs(gotB[i]! - wantB[i]!)).toBeLessThanOrEqual(1e-5 * scale * grads.length * alpha)
      }
      opt.dispose()
      a.dispose()
      b.dispose()
    },
  ), { numRuns: 50 })
  expect(tf.memory().numTensors).toBe(before)
})

test("momentum buffers round-trip through snapshot/restore; a variable in two groups is rejected", () => {
  const p = tf.variable(tf.tensor1d([1, 2]))
  const opt = new Sgd([{ name: "g", params: [p], lr: 0.1, momentum: 0.9, weightDecay: 0 }])
  const g = tf.tensor1d([1, -1])
  opt.step({ [p.name]: g })
  const snap = opt.snapshot()
  const opt2 = new Sgd([{ name: "g", params: [p], lr: 0.1, momentum: 0.9, weightDecay: 0 }])
  opt2.restore(snap)
  expect(Array.from(opt2.buffer(p).dataSync())).toEqual([1, -1])
  expect(() => new Sgd([{ name: "a", params: [p], lr: 1, momentum: 0, weightDecay: 0 },
    { name: "b", params: [p], lr: 1, momentum: 0, weightDecay: 0 }])).toThrow(/two parameter groups/)
  tf.dispose([p, g])
  opt.dispose()
  opt2.dispose()
})
