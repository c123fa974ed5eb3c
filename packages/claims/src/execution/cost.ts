/**
 * What a training run costs, before it runs: the model's FLOPs per step (counted from the resolved config) ×
 * its steps, plus the evaluation's forward passes, divided by an effective throughput per backend class and
 * encoder family, plus a fixed start-up.
 *
 * FLOPs: 2 per multiply-add, convolutions and dense layers only (BatchNorm, ReLU and the loss are ignored: a few
 * percent of a ResNet's). A BYOL-family step sends both views of each image through the online network forward
 * and backward (≈ 3 forward passes) and through the target forward once, so one step costs
 *   2 · batch · 2 views · (3 · online + target) multiply-adds,  online = encoder + projector + predictor.
 * DirectPred's eigendecomposition (once per `freq` steps, 64–128 square) is ignored: < 0.1% at these sizes.
 *
 * Throughputs are effective FLOP/s of this cost model, i.e. measured steps per second × the modelled FLOPs per
 * step, so kernel efficiency per family is in the number. `cpu` figures were measured here (2-core AMD EPYC,
 * `blas` backend, 1 BLAS thread, machine shared with other jobs) — see `throughputs` for each command. The `gpu`
 * figure is NOT measured: it comes from a public benchmark of the same network, labelled as such, until a
 * GPU run records its steps per second (results.json `training.stepsPerSecond`).
 */
import { ciBase, cpuLongBase, nightlyBase, resolveConfig, type RunConfig, type RunConfigInput } from "@ssl/configs"

/** Input shape and split sizes of each dataset (what the loaders read). */
export const datasetShapes = {
  "fashion-mnist": { height: 28, width: 28, channels: 1, train: 60_000, test: 10_000 },
  cifar10: { height: 32, width: 32, channels: 3, train: 50_000, test: 10_000 },
  stl10: { height: 96, width: 96, channels: 3, train: 5_000, test: 8_000 },
} as const

type DatasetName = keyof typeof datasetShapes
type EncoderConfig = RunConfig["model"]["encoder"]
export type EncoderFamily = EncoderConfig["kind"]

const conv = (outH: number, outW: number, k: number, cin: number, cout: number): number => outH * outW * k * k * cin * cout

/** Multiply-adds of one forward pass of the encoder on one image, and its feature width. */
export const encoderMacs = (encoder: EncoderConfig, input: { height: number; width: number; channels: number }): { macs: number; features: number } => {
  if (encoder.kind === "mlp") {
    const widths = [input.height * input.width * input.channels, ...encoder.hidden]
    let macs = 0
    for (let i = 1; i < widths.length; i++) macs += widths[i - 1]! * widths[i]!
    return { macs, features: widths[widths.length - 1]! }
  }
  if (encoder.kind === "cnn") {
    // 3×3, stride 2, padding 1: each layer halves the map (rounding up).
    let h = input.height, w = input.width, c = input.channels, macs = 0
    for (const cout of encoder.channels) {
      h = Math.ceil(h / 2)
      w = Math.ceil(w / 2)
      macs += conv(h, w, 3, c, cout)
      c = cout
    }
    return { macs, features: c }
  }
  // ResNet-18: a stem, then BasicBlock ×2 at widths 64, 128, 256, 512 (strides 1, 2, 2, 2), 1×1 downsample on change.
  let h = input.height, w = input.width, macs = 0
  if (encoder.stem === "cifar") {
    macs += conv(h, w, 3, input.channels, 64)
  } else {
    h = Math.ceil(h / 2); w = Math.ceil(w / 2)
    macs += conv(h, w, 7, input.channels, 64)
    h = Math.ceil(h / 2); w = Math.ceil(w / 2) // max-pool 3×3 stride 2
  }
  let c = 64
  for (const [cout, stride] of [[64, 1], [128, 2], [256, 2], [512, 2]] as const) {
    h = Math.ceil(h / stride); w = Math.ceil(w / stride)
    macs += conv(h, w, 3, c, cout) + conv(h, w, 3, cout, cout) // block 1
    if (stride !== 1 || c !== cout) macs += conv(h, w, 1, c, cout)
    macs += 2 * conv(h, w, 3, cout, cout) // block 2
    c = cout
  }
  return { macs, features: 512 }
}

const predictorMacs = (config: RunConfig, out: number): number => {
  const p = config.method.predictor
  if (p.kind === "identity") return 0
  if (p.kind === "mlp2") return out * p.hidden + p.hidden * out
  return out * out // linear, DirectPred, DirectCopy, partition, optimal: one out×out matrix per sample
}

export interface StepCost {
  /** FLOPs of one training step (both views, online forward+backward, target forward). */
  readonly flopsPerStep: number
  readonly steps: number
  /** FLOPs of the evaluation's forward passes (trained and random encoders over probe, kNN and test images). */
  readonly evalFlops: number
  readonly family: EncoderFamily
}

/** Steps of a run (train.steps, or epochs × floor(pretraining images / batch), as the trainer counts them). */
export const runSteps = (config: RunConfig): number => {
  if (config.train.steps !== undefined) return config.train.steps
  const ds = datasetShapes[config.data.dataset as DatasetName]
  const images = Math.min(config.data.trainLimit ?? ds.train, ds.train) + (config.data.dataset === "stl10" ? config.data.unlabeled : 0)
  return (config.train.epochs ?? 0) * Math.floor(images / config.train.batchSize)
}

/** The modelled cost of a resolved run config. */
export const runCost = (config: RunConfig): StepCost => {
  const ds = datasetShapes[config.data.dataset as DatasetName]
  const { macs: enc, features } = encoderMacs(config.model.encoder, ds)
  const proj = config.model.projector
  const projector = features * proj.hidden + proj.hidden * proj.out
  const online = enc + projector + predictorMacs(config, proj.out)
  const target = enc + projector
  const flopsPerStep = 2 * config.train.batchSize * 2 * (3 * online + target)
  const probeLabels = config.eval.probe.labels ?? ds.train
  const knnLabels = config.eval.knn.labels ?? ds.train
  const evalFlops = 2 * enc * 2 * (probeLabels + knnLabels + ds.test)
  return { flopsPerStep, steps: runSteps(config), evalFlops, family: config.model.encoder.kind }
}

export type BackendClass = "cpu" | "gpu"

const GPU_SOURCE = "public benchmark, NOT measured: ResNet-18 fwd+bwd 47 ms per 16 images of 224² on a GTX 1080 (jcjohnson/cnn-benchmarks) ≈ 3.7 TFLOP/s"

export interface Throughput {
  /** Effective FLOP/s of this cost model. */
  readonly flopsPerSecond: number
  /** Start-up, data loading and probe training, per run. */
  readonly overheadSeconds: number
  /** Where the number comes from: the command that measured it here, or the public benchmark it is taken from. */
  readonly source: string
  readonly measured: boolean
}

/** A measured speed: steps per second of a run of `config` (so FLOP/s = that × the config's modelled FLOPs per step). */
interface Measured {
  readonly stepsPerSecond: number
  readonly config: RunConfigInput
  readonly overheadSeconds: number
  readonly source: string
}

const fromMeasured = (m: Measured): Throughput => ({
  flopsPerSecond: m.stepsPerSecond * runCost(resolveConfig(m.config, m.source)).flopsPerStep,
  overheadSeconds: m.overheadSeconds, source: m.source, measured: true,
})

/**
 * Effective throughputs. CPU (measured here, `blas`, 1 BLAS thread, under `nice` on the shared 2-core machine):
 *   mlp:      SSL_RUNS_DIR=/tmp/m bun run ssl train configs/tiers/ci.ts --set train.steps=120 --json
 *             → results.json training.stepsPerSecond 27.9 and 28.8 (two runs); run total 7.0 s vs training
 *             4.2 s: ≈ 0.7 s is the modelled evaluation, ≈ 2 s start-up.
 *   cnn:      the 27 runs of the committed cpu-long report (`bun run repro --tier cpu-long --jobs 2`, two workers
 *             side by side while other work shared the machine): training.stepsPerSecond median 5.42 (4.30–7.96);
 *             run total minus training ≈ 5 s (evaluation), plus ≈ 2 s start-up.
 *   resnet18: `bun run bench --json --reps 5`, workload resnet18-step (a full BYOL step, CIFAR stem, batch 128)
 *             → 55.3 s per step (the README's benchmark table).
 * GPU (NOT measured here): jcjohnson/cnn-benchmarks, ResNet-18 forward+backward on 16×3×224×224, GTX 1080 with
 * cuDNN 5: 47.07 ms ⇒ 16 · 3 · 3.64 GFLOP / 0.047 s ≈ 3.7 TFLOP/s. tfjs-node-gpu runs the same cuDNN
 * convolutions; a newer GPU is faster. The small models get the same figure (they are launch-bound on a GPU,
 * so it is optimistic for them — nobody runs them on one).
 */
export const throughputs: Readonly<Record<BackendClass, Readonly<Record<EncoderFamily, Throughput>>>> = {
  cpu: {
    mlp: fromMeasured({ stepsPerSecond: 28.3, config: ciBase, overheadSeconds: 2, source: "measured here: the ci base at 28.3 steps/s (blas, 1 thread)" }),
    cnn: fromMeasured({ stepsPerSecond: 5.42, config: cpuLongBase, overheadSeconds: 7, source: "measured here: the cpu-long report's 27 runs, median 5.42 steps/s (blas, 1 thread each, two workers)" }),
    resnet18: fromMeasured({ stepsPerSecond: 1 / 55.3, config: nightlyBase, overheadSeconds: 60, source: "measured here: bench resnet18-step, 55.3 s a step (blas, 1 thread)" }),
  },
  gpu: {
    mlp: { flopsPerSecond: 3.7e12, overheadSeconds: 30, measured: false, source: GPU_SOURCE },
    cnn: { flopsPerSecond: 3.7e12, overheadSeconds: 30, measured: false, source: GPU_SOURCE },
    resnet18: { flopsPerSecond: 3.7e12, overheadSeconds: 120, measured: false, source: GPU_SOURCE },
  },
}

/** Estimated wall seconds of one run of `config` on `backend` (training + evaluation + start-up). */
export const estimateSeconds = (config: RunConfig, backend: BackendClass, table = throughputs): number => {
  const cost = runCost(config)
  const t = table[backend][cost.family]
  return (cost.flopsPerStep * cost.steps + cost.evalFlops) / t.flopsPerSecond + t.overheadSeconds
}
