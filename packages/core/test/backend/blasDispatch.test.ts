// The blas backend really runs OUR kernels. Registration first copies every cpu kernel to `blas` and then registers
// ours on top, so a kernel dropped from blasKernels (or registered under a misspelt name) would silently run tfjs'
// cpu copy — and every blas-vs-cpu comparison would compare cpu with cpu. These tests close that hole.
// Mutations caught (each checked by hand): removing a kernel from blasKernels (the name list and the identity
// check fail); registering the cpu copies after ours (identity check fails); a kernel that ignores the native
// library (the native call counts stay at zero); sgemm bypassed for matmul/conv (sgemm count stays at zero).
import { describe, expect, test } from "bun:test"
import { batchNormTrain, emaStep, sgdMomentumStep, tf } from "../../src/index.ts"
import { activeBlas, setActiveBlas } from "../../src/backend/blas/activeBlas.ts"
import { blasKernels } from "../../src/backend/blas/blasKernels.ts"
import { activeNative, setActiveNative } from "../../src/backend/blas/native/activeNative.ts"
import type { NativeKernels } from "../../src/backend/blas/native/NativeKernels.ts"
import { KERNEL_PATHS, nativeKernels, onBackend, uniforms } from "./onBackend.ts"

// The kernels the blas backend computes itself: adding or removing one is deliberate and updates this list.
const OURS = [
  "Abs", "Add", "BatchMatMul", "Conv2D", "Conv2DBackpropFilter", "Conv2DBackpropInput", "Exp", "FusedConv2D", "Log", "Max",
  "Maximum", "Mean", "Min", "Minimum", "Multiply", "Neg", "Pow", "RealDiv", "Reciprocal", "Relu", "Rsqrt", "Sigmoid", "Sqrt",
  "Square", "SquaredDifference", "SslBatchNormTrain", "SslBatchNormTrainGrad", "SslEmaUpdate", "SslEmaUpdateMany", "SslLinear", "SslReluGrad", "SslSgdMomentum", "SslSgdMomentumMany", "SslSymmetricCosineLoss", "SslSymmetricCosineLossGrad", "Step", "Sub", "Sum", "_FusedMatMul",
]

describe("the blas backend dispatches to our kernels", () => {
  test("blasKernels is exactly the list above, and each registered blas kernel function is ours, not cpu's", async () => {
    await onBackend("blas", () => {})
    expect(blasKernels.map((k) => k.kernelName).sort()).toEqual([...OURS].sort())
    for (const k of blasKernels) {
      const registered = tf.getKernel(k.kernelName, "blas")
      expect({ name: k.kernelName, ours: registered?.kernelFunc === k.kernelFunc }).toEqual({ name: k.kernelName, ours: true })
      expect(registered?.kernelFunc).not.toBe(tf.getKernel(k.kernelName, "cpu")?.kernelFunc)
    }
  })

  test("matmul and convolutions call the BLAS sgemm", async () => {
    await onBackend("blas", () => {
      const lib = activeBlas()
      let calls = 0
      setActiveBlas({ ...lib, sgemm: (...args) => { calls++; lib.sgemm(...args) } })
      try {
        tf.tidy(() => {
          const x = tf.tensor4d(uniforms(1, 2 * 6 * 6 * 3), [2, 6, 6, 3])
          const w = tf.tensor4d(uniforms(2, 3 * 3 * 3 * 4), [3, 3, 3, 4])
          const expectCalls = (f: () => tf.Tensor | tf.Tensor[]) => {
            const before = calls
            f()
            expect(calls).toBeGreaterThan(before)
          }
          expectCalls(() => tf.matMul(tf.ones([4, 5]), tf.ones([5, 3])))
          expectCalls(() => tf.fused.matMul({ a: tf.ones([4, 5]), b: tf.ones([5, 3]), bias: tf.ones([3]), activation: "relu" }))
          expectCalls(() => tf.conv2d(x, w, 1, "same"))
          expectCalls(() => tf.fused.conv2d({ x, filter: w, strides: 1, pad: "same", bias: tf.ones([4]), activation: "relu" }))
          expectCalls(() => tf.grads((a: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, w, 2, "same")))([x]))
          expectCalls(() => tf.grads((f: tf.Tensor) => tf.sum(tf.conv2d(x, f as tf.Tensor4D, 2, "same")))([w]))
        })
      } finally {
        setActiveBlas(lib)
      }
    })
  })

  test.skipIf(!KERNEL_PATHS.includes("native"))("with the native library loaded, the element-wise kernels call it", async () => {
    await onBackend("blas", () => {
      const lib = nativeKernels()
      const calls = new Map<string, number>()
      const count = (what: string) => calls.set(what, (calls.get(what) ?? 0) + 1)
      const counting: NativeKernels = {
        ...lib,
        binary: (op, ...rest) => { count(`binary ${op}`); lib.binary(op, ...rest) },
        unary: (op, ...rest) => { count(`unary ${op}`); lib.unary(op, ...rest) },
        reduce: (op, ...rest) => { count(`reduce ${op}`); lib.reduce(op, ...rest) },
        biasRelu: (...args) => { count("biasRelu"); lib.biasRelu(...args) },
        im2col: (...args) => { count("im2col"); lib.im2col(...args) },
        col2im: (...args) => { count("col2im"); lib.col2im(...args) },
        sgd: (...args) => { count("sgd"); lib.sgd(...args) },
        ema: (...args) => { count("ema"); lib.ema(...args) },
        bnForward: (...args) => { count("bnForward"); lib.bnForward(...args) },
        bnBackward: (...args) => { count("bnBackward"); lib.bnBackward(...args) },
      }
      const previous = activeNative()
      setActiveNative(counting)
      try {
        tf.tidy(() => {
          const a = tf.tensor2d(uniforms(3, 40 * 50), [40, 50]), b = tf.tensor1d(uniforms(4, 50))
          for (const f of [tf.add, tf.sub, tf.mul, tf.div, tf.maximum, tf.minimum, tf.squaredDifference]) f(a, b)
          for (const f of [tf.relu, tf.neg, tf.abs, tf.square, tf.reciprocal, (x: tf.Tensor) => tf.step(x)]) f(a)
          tf.sqrt(tf.abs(a))
          tf.rsqrt(tf.abs(a))
          for (const f of [tf.sum, tf.mean, tf.max, tf.min]) f(a, 0)
          tf.grad((x: tf.Tensor) => tf.sum(tf.relu(x)))(a)
          tf.fused.matMul({ a, b: tf.ones([50, 8]), bias: tf.ones([8]), activation: "relu" })
          const x = tf.tensor4d(uniforms(5, 2 * 6 * 6 * 3), [2, 6, 6, 3]), w = tf.tensor4d(uniforms(6, 3 * 3 * 3 * 4), [3, 3, 3, 4])
          tf.grads((xx: tf.Tensor) => tf.sum(tf.conv2d(xx as tf.Tensor4D, w, 2, "same")))([x])
          sgdMomentumStep(a, a, a, { lr: 0.1, momentum: 0.9, weightDecay: 1e-4 })
          emaStep(a, a, 0.99)
          tf.grad((xx: tf.Tensor) => tf.sum(batchNormTrain(xx, { eps: 1e-5 }).y))(a)
        })
      } finally {
        setActiveNative(previous)
      }
      const expected = [
        ...["add", "sub", "mul", "div", "max", "min", "squaredDifference", "reluGrad"].map((op) => `binary ${op}`),
        ...["relu", "neg", "abs", "square", "reciprocal", "step", "sqrt", "rsqrt"].map((op) => `unary ${op}`),
        ...["sum", "mean", "max", "min"].map((op) => `reduce ${op}`),
        "biasRelu", "im2col", "col2im", "sgd", "ema", "bnForward", "bnBackward",
      ]
      expect(expected.filter((e) => !calls.has(e))).toEqual([])
    })
  })
})
