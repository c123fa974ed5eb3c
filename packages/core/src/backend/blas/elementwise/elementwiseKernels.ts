import { Abs, Add, Exp, Log, Max, Maximum, Mean, Min, Minimum, Multiply, Neg, Pow, RealDiv, Reciprocal, Relu, Rsqrt, Sigmoid,
  Sqrt, Square, SquaredDifference, Step, Sub, Sum, type KernelConfig } from "@tensorflow/tfjs-core"
import { binaryKernel } from "./binaryKernel.ts"
import { reduceKernel } from "./reduceKernel.ts"
import { unaryKernel } from "./unaryKernel.ts"

/**
 * The element-wise and reduction kernels that dominate a training step once GEMMs are fast (profiled on the
 * byol-mlp-step bench): tight float32 loops with the same semantics (NaN propagation included) as tfjs' cpu kernels.
 */
export const elementwiseKernels: ReadonlyArray<KernelConfig> = [
  binaryKernel(Add, "x + y", "add"),
  binaryKernel(Sub, "x - y", "sub"),
  binaryKernel(Multiply, "x * y", "mul"),
  binaryKernel(RealDiv, "x / y"),
  binaryKernel(Maximum, "Math.max(x, y)"),
  binaryKernel(Minimum, "Math.min(x, y)"),
  binaryKernel(SquaredDifference, "(x - y) * (x - y)"),
  binaryKernel(Pow, "Math.pow(x, y)"),
  // (x + |x|) / 2 is exact in double arithmetic for float32 x, keeps NaN, and has no branch.
  unaryKernel(Relu, "(x + Math.abs(x)) * 0.5"),
  // Step's NaN test is almost never taken, so it predicts well; `+(x > 0)` compiles without a branch.
  unaryKernel(Step, ["x !== x ? x : +(x > 0)", "x > 0 ? 1 : x !== x ? x : attrs.alpha"], (attrs) => (attrs.alpha === 0 ? 0 : 1)),
  unaryKernel(Neg, "-x"),
  unaryKernel(Abs, "Math.abs(x)"),
  unaryKernel(Square, "x * x"),
  unaryKernel(Sqrt, "Math.sqrt(x)"),
  unaryKernel(Rsqrt, "1 / Math.sqrt(x)"),
  unaryKernel(Reciprocal, "1 / x"),
  unaryKernel(Exp, "Math.exp(x)"),
  unaryKernel(Log, "Math.log(x)"),
  unaryKernel(Sigmoid, "1 / (1 + Math.exp(-x))"),
  reduceKernel(Sum, "sum", "axis"),
  reduceKernel(Mean, "mean", "axis"),
  reduceKernel(Max, "max", "reductionIndices"),
  reduceKernel(Min, "min", "axis"),
]
