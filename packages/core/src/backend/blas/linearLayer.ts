import type { GradConfig, KernelConfig, NamedAttrMap, TensorInfo } from "@tensorflow/tfjs-core"
import { tf } from "../../tf.ts"
import { fusedMatMulConfig } from "./fusedMatMul.ts"
import { RELU_GRAD } from "./reluGrad.ts"
import { blasKernel } from "./tensorData.ts"

/**
 * A fully connected layer y = act(x Wᵀ + b) (PyTorch's layout: W [out, in]) as ONE kernel with a registered
 * gradient on the `blas` backend. tfjs' fused matMul wraps its kernel in customGrad with 3D reshapes (forward: 4
 * kernel calls; backward: ~12 with the reshapes, the bias gradient's reshape and the clones of what customGrad
 * saves), and in gradient mode it does not fuse ReLU at all (matMul, add, relu and their three gradients). Here the
 * forward is one call and the backward at most four: the ReLU mask, x's and W's products, b's column sum (only
 * those the tape asks for: the first layer's dx is never computed). Values: the same GEMM, bias and ReLU as the
 * fused kernel and the same products and sum as tfjs' gradient, so training is bit-identical to the op path on
 * this backend. Every other backend runs tf.fused.matMul itself.
 */
export const LINEAR_LAYER = "SslLinear"

export type LinearActivation = "linear" | "relu"

// inputs: x [B, in], weight [out, in], bias [out] (optional); attrs: activation. output: y [B, out].
export const linearLayerConfig: KernelConfig = blasKernel<{ x: TensorInfo; weight: TensorInfo; bias?: TensorInfo }, NamedAttrMap>(
  LINEAR_LAYER, ({ inputs, backend, attrs }) => {
    const { x, weight, bias } = inputs
    return fusedMatMulConfig.kernelFunc({
      inputs: { a: x, b: weight, ...(bias === undefined ? {} : { bias }) },
      backend,
      attrs: { transposeA: false, transposeB: true, activation: attrs.activation as LinearActivation },
    }) as TensorInfo
  })

/** First order: dz = dy·step(y) for ReLU (y > 0 exactly where the pre-activation is), then the three products. */
const linearLayerGradient: GradConfig = {
  kernelName: LINEAR_LAYER,
  inputsToSave: ["x", "weight"],
  outputsToSave: [true],
  gradFunc: (dy, saved, attrs) => {
    const [x, weight, y] = saved as tf.Tensor2D[]
    const dz = (attrs as NamedAttrMap).activation === "relu"
      ? tf.engine().runKernel(RELU_GRAD, { a: y!, b: dy as tf.Tensor }) as tf.Tensor2D // [B, out]
      : dy as tf.Tensor2D
    return {
      x: () => tf.matMul(dz, weight!), // [B, out] @ [out, in] → [B, in]
      weight: () => tf.matMul(dz, x!, true, false), // [out, B] @ [B, in] → [out, in]
      bias: () => tf.sum(dz, 0), // [out]
    }
  },
}

export const registerLinearLayerGradient = (): void => {
  tf.registerGradient(linearLayerGradient)
}

/**
 * y = act(x Wᵀ + b): x [B, in], weight [out, in], bias [out] or none → [B, out]. One kernel with its gradient on
 * `blas` (see the module comment), tf.fused.matMul elsewhere.
 */
export const linearLayer = (x: tf.Tensor2D, weight: tf.Tensor2D, bias: tf.Tensor1D | undefined, activation: LinearActivation = "linear"): tf.Tensor2D => {
  if (tf.getKernel(LINEAR_LAYER, tf.getBackend()) === undefined || x.dtype !== "float32" || weight.dtype !== "float32") {
    return tf.fused.matMul({ a: x, b: weight, transposeB: true, activation, ...(bias === undefined ? {} : { bias }) }) as tf.Tensor2D
  }
  if (x.rank !== 2 || weight.rank !== 2 || x.shape[1] !== weight.shape[1] || (bias !== undefined && (bias.rank !== 1 || bias.shape[0] !== weight.shape[0]))) {
    throw new Error(`linearLayer: x [B, in], weight [out, in] and bias [out] expected, got [${x.shape}], [${weight.shape}]` +
      (bias === undefined ? "" : ` and [${bias.shape}]`))
  }
  const inputs = bias === undefined ? { x, weight } : { x, weight, bias }
  return tf.engine().runKernel(LINEAR_LAYER, inputs, { activation }) as tf.Tensor2D
}
