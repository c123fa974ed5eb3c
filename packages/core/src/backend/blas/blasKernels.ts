import type { KernelConfig } from "@tensorflow/tfjs-core"
import { batchMatMulConfig } from "./batchMatMul.ts"
import { batchNormTrainConfig, batchNormTrainGradConfig } from "./batchNorm.ts"
import { conv2dConfig } from "./conv2d.ts"
import { conv2dBackpropFilterConfig } from "./conv2dBackpropFilter.ts"
import { conv2dBackpropInputConfig } from "./conv2dBackpropInput.ts"
import { elementwiseKernels } from "./elementwise/elementwiseKernels.ts"
import { fusedConv2dConfig } from "./fusedConv2d.ts"
import { fusedMatMulConfig } from "./fusedMatMul.ts"
import { emaUpdateConfig, emaUpdateManyConfig, sgdMomentumConfig, sgdMomentumManyConfig } from "./fusedUpdates.ts"
import { linearLayerConfig } from "./linearLayer.ts"
import { reluGradConfig } from "./reluGrad.ts"
import { symmetricCosineLossConfig, symmetricCosineLossGradConfig } from "./symmetricCosineLoss.ts"

/** The kernels the `blas` backend computes itself; every other kernel is the cpu backend's. */
export const blasKernels: ReadonlyArray<KernelConfig> = [
  batchMatMulConfig,
  fusedMatMulConfig,
  conv2dConfig,
  fusedConv2dConfig,
  conv2dBackpropInputConfig,
  conv2dBackpropFilterConfig,
  ...elementwiseKernels,
  reluGradConfig,
  sgdMomentumConfig,
  emaUpdateConfig,
  sgdMomentumManyConfig,
  emaUpdateManyConfig,
  batchNormTrainConfig,
  batchNormTrainGradConfig,
  linearLayerConfig,
  symmetricCosineLossConfig,
  symmetricCosineLossGradConfig,
]
