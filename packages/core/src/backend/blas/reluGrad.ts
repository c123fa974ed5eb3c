import { Relu, type GradConfig, type KernelConfig, type Tensor } from "@tensorflow/tfjs-core"
import { tf } from "../../tf.ts"
import { binaryKernel } from "./elementwise/binaryKernel.ts"

/** Our kernel for ReLU's backward pass: dx = dy · step(x) in one pass (tfjs runs Step, Cast and Multiply). */
export const RELU_GRAD = "SslReluGrad"

// inputs: a = x (the ReLU input), b = dy. Same values as tfjs' mul(dy, step(x)), NaN included.
export const reluGradConfig: KernelConfig = binaryKernel(RELU_GRAD, "y * (x !== x ? x : +(x > 0))", "reluGrad", undefined, "none")

/**
 * ReLU's gradient, replacing tfjs-core's: on a backend that has the fused kernel (blas) it runs it; everywhere
 * else it computes exactly tfjs' formula, mul(dy, cast(step(x))).
 */
const reluGradient: GradConfig = {
  kernelName: Relu,
  inputsToSave: ["x"],
  gradFunc: (dy, saved) => {
    const [x] = saved as Tensor[]
    const g = dy as Tensor
    return {
      x: () => tf.getKernel(RELU_GRAD, tf.getBackend()) !== undefined
        ? (tf.engine().runKernel(RELU_GRAD, { a: x!, b: g }) as Tensor)
        : tf.mul(g, tf.cast(tf.step(x!), "float32")),
    }
  },
}

// Second order: d(dx)/d(dy) = step(x); d(dx)/dx = 0 (almost everywhere).
const reluGradGradient: GradConfig = {
  kernelName: RELU_GRAD,
  inputsToSave: ["a"],
  gradFunc: (ddx, saved) => {
    const [x] = saved as Tensor[]
    return { a: () => tf.zerosLike(x!), b: () => tf.mul(ddx as Tensor, tf.cast(tf.step(x!), "float32")) }
  },
}

export const registerReluGradient = (): void => {
  tf.registerGradient(reluGradient)
  tf.registerGradient(reluGradGradient)
}
