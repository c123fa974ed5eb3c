import { Abs, Add, Exp, Log, Max, Maximum, Mean, Min, Minimum, Multiply, Neg, Pow, RealDiv, Reciprocal, Relu, Rsqrt, Sigmoid,
  Sqrt, Square, SquaredDifference, Step, Sub, Sum, type KernelConfig } from "@tensorflow/tfjs-core"
import { binaryKernel } from "./binaryKernel.ts"
import { reduceKernel } from "./reduceKernel.ts"
import { unaryKernel } from "./unaryKernel.ts"

/**
 * The element-wise and reduction kernels that dominate a training step once GEMMs are fast (profiled on the
 * byol-mlp-step bench): the native library's loops where it is loaded, else tight JavaScript loops, both with the
 * same semantics (NaN propagation included) and results as tfjs' cpu kernels. Exp, Log, Sigmoid and Pow stay in
 * JavaScript: the C library's exp/log/pow may round differently from JavaScript's in the last bit.
 */
export const elementwiseKernels: ReadonlyArray<KernelConfig> = [
  binaryKernel(Add, "x + y", "add", "add"),
  binaryKernel(Sub, "x - y", "sub", "sub"),
  binaryKernel(Multiply, "x * y", "mul", "mul"),
  binaryKernel(RealDiv, "x / y", "div"),
  binaryKernel(Maximum, "Math.max(x, y)", "max"),
  binaryKernel(Minimum, "Math.min(x, y)", "min"),
  binaryKernel(SquaredDifference, "(x - y) * (x - y)", "squaredDifference"),
  binaryKernel(Pow, "Math.pow(x, y)", undefined),
  // (x + |x|) / 2 is exact in double arithmetic for float32 x, keeps NaN, and has no branch.
  unaryKernel(Relu, "(x + Math.abs(x)) * 0.5", "relu"),
  // Step's NaN test is almost never taken, so it predicts well; `+(x > 0)` compiles without a branch.
  unaryKernel(Step, ["x !== x ? x : +(x > 0)", "x > 0 ? 1 : x !== x ? x : attrs.alpha"], "step", (attrs) => (attrs.alpha === 0 ? 0 : 1), (attrs) => Number(attrs.alpha ?? 0)),
  unaryKernel(Neg, "-x", "neg"),
  unaryKernel(Abs, "Math.abs(x)", "abs"),
  unaryKernel(Square, "x * x", "square"),
  unaryKernel(Sqrt, "Math.sqrt(x)", "sqrt"),
  unaryKernel(Rsqrt, "1 / Math.sqrt(x)", "rsqrt"),
  unaryKernel(Reciprocal, "1 / x", "reciprocal"),
  unaryKernel(Exp, "Math.exp(x)", undefined),
  unaryKernel(Log, "Math.log(x)", undefined),
  unaryKernel(Sigmoid, "1 / (1 + Math.exp(-x))", undefined),
  reduceKernel(Sum, "sum", "axis"),
  reduceKernel(Mean, "mean", "axis"),
  reduceKernel(Max, "max", "reductionIndices"),
  reduceKernel(Min, "min", "axis"),
]
