/**
 * Bounds before allocation: an estimate of the memory a training run needs — its parameters and its activations —
 * so that the schema refuses a config that cannot fit (`model.encoder.hidden=[1000000, 512]`) before a single
 * tensor is allocated, instead of the process growing until the machine swaps or kills it.
 *
 * The estimate is deliberately simple and errs high, within a small factor: every parameter is held about
 * PARAM_COPIES times (online weights, EMA target, momentum, gradients, and the temporaries of the SGD update), and
 * every activation of both views is kept for the backward pass together with its gradient. The limit is
 * SSL_MEMORY_LIMIT (bytes, or a size such as "12GB" / "512MB"), else 80% of this machine's memory.
 */
import { totalmem } from "node:os"

/** Images per training split, and image shapes [H, W, C]: the loaders' sizes (packages/core/src/data). */
export const DATASETS = {
  "fashion-mnist": { train: 60000, shape: [28, 28, 1] },
  cifar10: { train: 50000, shape: [32, 32, 3] },
  stl10: { train: 5000, shape: [96, 96, 3] },
} as const

type Encoder =
  | { readonly kind: "mlp"; readonly hidden: ReadonlyArray<number> }
  | { readonly kind: "cnn"; readonly channels: ReadonlyArray<number> }
  | { readonly kind: "resnet18"; readonly stem: "cifar" | "imagenet" }

export interface SizedConfig {
  readonly data: { readonly dataset: keyof typeof DATASETS }
  readonly model: { readonly encoder: Encoder; readonly projector: { readonly hidden: number; readonly out: number } }
  readonly method: { readonly predictor: { readonly kind: string; readonly hidden?: number } }
  readonly train: { readonly batchSize: number }
}

/** Copies of each parameter alive at the peak of a step. */
const PARAM_COPIES = 6
/** Activations: the forward value and its gradient, for each of the two views. */
const ACTIVATION_COPIES = 4
const BYTES = 4

/** Parameters and per-sample activations (float counts) of the encoder, and its feature width. */
const encoderSize = (e: Encoder, shape: readonly [number, number, number]): { params: number; activations: number; features: number } => {
  const [h, w, c] = shape
  if (e.kind === "mlp") {
    let params = 0
    let activations = 0
    let width = h * w * c
    for (const n of e.hidden) {
      params += width * n + 3 * n
      activations += 3 * n // linear, batch norm, ReLU
      width = n
    }
    return { params, activations, features: width }
  }
  if (e.kind === "cnn") {
    let params = 0
    let activations = 0
    let side = Math.max(h, w)
    let cin = c
    for (const cout of e.channels) {
      const out = Math.ceil(side / 2) // 3×3, stride 2, padding 1
      params += 9 * cin * cout + cout
      activations += out * out * (9 * cin + 2 * cout) // im2col columns, convolution, ReLU
      side = out
      cin = cout
    }
    return { params, activations, features: cin }
  }
  // ResNet-18: 11.2M parameters; four stages of 64·2^k channels, each two basic blocks (four 3×3 convolutions,
  // each with im2col columns, BN and ReLU), at the stem's resolution halved per stage.
  let side = e.stem === "cifar" ? h : Math.ceil(h / 4)
  let activations = 0
  for (let k = 0; k < 4; k++) {
    const ch = 64 * 2 ** k
    activations += 4 * side * side * (9 * ch + 3 * ch)
    side = Math.ceil(side / 2)
  }
  return { params: 11_200_000, activations, features: 512 }
}

export interface MemoryEstimate {
  readonly params: number
  readonly bytes: number
}

/** The estimated peak memory of one training step of `config`, in bytes. */
export const estimateMemory = (config: SizedConfig): MemoryEstimate => {
  const enc = encoderSize(config.model.encoder, DATASETS[config.data.dataset].shape)
  const { hidden, out } = config.model.projector
  const pred = config.method.predictor
  const predParams = pred.kind === "mlp2" ? 2 * out * (pred.hidden ?? 512) : out * out
  const params = enc.params + enc.features * hidden + hidden * out + predParams
  const perSample = enc.activations + 3 * hidden + out + (pred.kind === "mlp2" ? 3 * (pred.hidden ?? 512) : out)
  const bytes = BYTES * (PARAM_COPIES * params + ACTIVATION_COPIES * config.train.batchSize * perSample)
  return { params, bytes }
}

const UNITS: Record<string, number> = { "": 1, B: 1, KB: 2 ** 10, MB: 2 ** 20, GB: 2 ** 30, TB: 2 ** 40 }

/** The memory limit in bytes and where it comes from. */
export const memoryLimit = (env: Readonly<Record<string, string | undefined>> = process.env): { readonly bytes: number; readonly source: string } => {
  const raw = env["SSL_MEMORY_LIMIT"]
  if (raw !== undefined && raw !== "") {
    const m = /^\s*(\d+(?:\.\d+)?)\s*([KMGT]?B?)\s*$/i.exec(raw)
    const unit = m === null ? undefined : UNITS[m[2]!.toUpperCase().replace(/^([KMGT])$/, "$1B")]
    if (m === null || unit === undefined) throw new RangeError(`SSL_MEMORY_LIMIT must be a size such as 12GB, 512MB or a number of bytes (was "${raw}")`)
    return { bytes: Number(m[1]) * unit, source: `SSL_MEMORY_LIMIT=${raw}` }
  }
  const total = totalmem()
  return { bytes: 0.8 * total, source: `80% of this machine's ${gb(total)}; SSL_MEMORY_LIMIT changes it` }
}

export const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(1)} GB`
