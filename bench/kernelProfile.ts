import { tf } from "@ssl/core"

/** Where a kernel's time is reported in the bench's breakdown. */
export type KernelCategory = "matmul/conv" | "element-wise" | "reduction" | "batchnorm" | "data movement" | "other"

const CATEGORY: ReadonlyArray<[RegExp, KernelCategory]> = [
  [/MatMul|SslLinear|Conv2D|Conv2d|DepthwiseConv/, "matmul/conv"], // SslLinear: a GEMM with its bias and ReLU
  [/BatchNorm|Moments/, "batchnorm"],
  [/^(Sum|Mean|Max|Min|Prod|All|Any|ArgMax|ArgMin)$/, "reduction"],
  [/^(Reshape|Transpose|Concat|Slice|Pack|Unpack|Tile|BroadcastTo|Cast|Identity|Fill|ZerosLike|OnesLike|Pad|PadV2|GatherV2|Split|SplitV|StridedSlice|MirrorPad)$/, "data movement"],
  [/^(Add|AddN|Sub|Multiply|RealDiv|Maximum|Minimum|SquaredDifference|Pow|Relu|Step|Neg|Abs|Square|Sqrt|Rsqrt|Reciprocal|Exp|Log|Sigmoid|SslReluGrad|Ssl.*)$/, "element-wise"],
]

export const categoryOf = (kernelName: string): KernelCategory =>
  CATEGORY.find(([re]) => re.test(kernelName))?.[1] ?? "other"

export interface KernelProfile {
  /** Milliseconds and calls per kernel name, summed over the profiled steps. */
  readonly byKernel: Map<string, { ms: number; calls: number }>
  readonly stop: () => void
}

/**
 * Times every kernel of the active backend by wrapping its kernel function (unregister, register the wrapper;
 * `stop` restores the originals). The time between kernels — tape bookkeeping, tidy, JS glue — is what the
 * step's wall time minus the kernels' sum leaves: "tfjs overhead".
 */
export const profileKernels = (): KernelProfile => {
  const backendName = tf.getBackend()
  const byKernel = new Map<string, { ms: number; calls: number }>()
  const originals = tf.getKernelsForBackend(backendName)
  let depth = 0
  for (const k of originals) {
    tf.unregisterKernel(k.kernelName, backendName)
    const inner = k.kernelFunc
    tf.registerKernel({
      ...k,
      kernelFunc: ((args: never) => {
        // A kernel that calls another through the engine is timed once, as the outer one.
        if (depth > 0) return inner(args)
        depth++
        const t0 = performance.now()
        try {
          return inner(args)
        } finally {
          depth--
          const e = byKernel.get(k.kernelName) ?? { ms: 0, calls: 0 }
          e.ms += performance.now() - t0
          e.calls++
          byKernel.set(k.kernelName, e)
        }
      }) as never,
    })
  }
  return {
    byKernel,
    stop: () => {
      for (const k of originals) {
        tf.unregisterKernel(k.kernelName, backendName)
        tf.registerKernel(k)
      }
    },
  }
}
