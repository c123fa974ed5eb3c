/**
 * The run config: one arktype schema for everything a training run needs (README.md, Configs).
 * Every object rejects unknown keys ("+": "reject"), every number has its range, and every default lives
 * here, in one place. `RunConfigInput` is what a preset writes (defaulted keys optional); `RunConfig` is the
 * resolved value (defaults applied) that is printed, hashed and stored with the run.
 *
 * Sections: data, model, method, optimizer, train, eval, runtime.
 */
import { type } from "arktype"
import { DATASETS, estimateMemory, gb, memoryLimit } from "./memoryEstimate.ts"

const probability = "0 <= number <= 1"
const positiveInt = "number.integer > 0"

/** A [lo, hi] range with lo <= hi, reported at the tuple's own path. */
const range = (element: "0 < number <= 1" | "number > 0") =>
  type([element, element]).narrow((r, ctx) => r[0] <= r[1] || ctx.reject({ expected: "a range [lo, hi] with lo <= hi", actual: `[${r[0]}, ${r[1]}]` }))

// ---------------------------------------------------------------------------------------------- data

/** The augmentation recipes of @ssl/core's augment/recipes.ts. */
export const RecipeName = type("'fashion-mnist' | 'fashion-mnist-strong' | 'cifar10' | 'stl10' | 'none'")

/**
 * A recipe plus overrides of any of its fields (each optional; groups merge field by field; null turns a
 * step off). Mirrors @ssl/core's AugmentParams.
 */
export const Augment = type({
  "+": "reject",
  recipe: RecipeName,
  "crop?": type({ "+": "reject", "scale?": range("0 < number <= 1"), "ratio?": range("number > 0") }).or("null"),
  "translate?": "0 <= number.integer <= 32",
  "flip?": probability,
  "jitter?": type({
    "+": "reject",
    "p?": probability,
    "brightness?": "number >= 0",
    "contrast?": "number >= 0",
    "saturation?": "number >= 0",
    "hue?": "0 <= number <= 0.5",
  }).or("null"),
  "grayscale?": probability,
  "blur?": type({
    "+": "reject",
    "p?": probability,
    "sigma?": range("number > 0"),
    "kernel?": type("number.integer > 0").narrow((k, ctx) => k % 2 === 1 || ctx.reject({ expected: "an odd kernel size", actual: String(k) })),
  }).or("null"),
  "noise?": type({ "+": "reject", "std?": "number >= 0", "clip?": "boolean" }).or("null"),
  "normalize?": type({ "+": "reject", mean: "number[] >= 1", std: "(number > 0)[] >= 1" }).or("null"),
})

export const Data = type({
  "+": "reject",
  dataset: "'fashion-mnist' | 'cifar10' | 'stl10'",
  /** Pretrain on the first N training images only. */
  "trainLimit?": positiveInt,
  /** STL-10: how many of the 100k unlabeled images join pretraining (the paper: all, train+unlabeled). */
  unlabeled: "0 <= number.integer <= 100000 = 0",
  augment: Augment,
})

// --------------------------------------------------------------------------------------------- model

export const Encoder = type({ "+": "reject", kind: "'mlp'", hidden: "(number.integer > 0)[] >= 1" })
  .or({ "+": "reject", kind: "'cnn'", channels: [type("(number.integer > 0)[] >= 1"), "=", () => [32, 64, 128]] })
  .or({ "+": "reject", kind: "'resnet18'", stem: "'cifar' | 'imagenet'" })

/** Linear(in, hidden) → BatchNorm(no affine) → ReLU → Linear(hidden, out), as the original. */
export const Projector = type({
  "+": "reject",
  hidden: "number.integer > 0 = 512",
  out: "number.integer > 0 = 128",
  batchNorm: "boolean = true",
})

export const Model = type({
  "+": "reject",
  encoder: Encoder,
  projector: [Projector, "=", () => Projector.assert({})],
})

// -------------------------------------------------------------------------------------------- method

export const Target = type({ "+": "reject", kind: "'ema'", gamma: "0 <= number <= 1 = 0.996" })
  .or({ "+": "reject", kind: "'simsiam'" })
  .or({ "+": "reject", kind: "'no-stop-gradient'" })

export const Predictor = type({ "+": "reject", kind: "'linear'", bias: "boolean = false" })
  .or({ "+": "reject", kind: "'mlp2'", hidden: "number.integer > 0 = 512" })
  .or(type({
    "+": "reject",
    kind: "'directpred'",
    /** ρ of F̂'s moving average; null = the cumulative simple average (the code's `dyn_lambda=null`, C24). */
    rho: "0 <= number < 1 | null = 0.3",
    /** ε; negative only with epsInside (Table 7's c_j = −ε). */
    eps: "-1 <= number <= 10 = 0.1",
    freq: "number.integer > 0 = 1",
    epsInside: "boolean = false",
    zeroMean: "boolean = false",
  }).narrow((p, ctx) => p.eps >= 0 || p.epsInside || ctx.reject({ expected: "non-negative unless epsInside is true", actual: String(p.eps), path: [...ctx.path, "eps"] })))
  .or({ "+": "reject", kind: "'directcopy'", rho: "0 <= number < 1 = 0.5", eps: "0 <= number <= 10 = 0.3", freq: "number.integer > 0 = 1" })
  .or({ "+": "reject", kind: "'identity'" })
  /** C21's feature-dependent DirectPred: `partitions` random splits, a DirectPred matrix (ρ, ε) per side. */
  .or({ "+": "reject", kind: "'partition'", rho: "0 <= number < 1 = 0.3", eps: "0 <= number <= 10 = 0.1", partitions: "number.integer > 0 = 6" })
  .or({ "+": "reject", kind: "'optimal'", rho: "0 <= number < 1 = 0.3", lambda: "number >= 0 = 0.01", freq: "number.integer > 0 = 1" })

export const Method = type({
  "+": "reject",
  target: Target,
  predictor: Predictor,
  /** Symmetrise W_p after every step (the original code's default `predictor_reg: symmetric`). */
  symmetrize: "boolean = false",
  loss: "'cosine' | 'mse' = 'cosine'",
  /** EMA target init: copy of the online net ([Re], BYOL) or its own random init (the original code). */
  targetInit: "'copy' | 'independent' = 'copy'",
})

// ------------------------------------------------------------------------------------------ optimizer

/** The predictor's own SGD group: lr = lrMultiplier·lr (α_p), and its weight decay. */
const PredictorGroup = type({ "+": "reject", lrMultiplier: "0 < number <= 1000 = 1", weightDecay: "0 <= number <= 1 = 0.0004" })

export const Optimizer = type({
  "+": "reject",
  lr: "0 < number <= 10 = 0.03",
  momentum: "0 <= number < 1 = 0.9",
  weightDecay: "0 <= number <= 1 = 0.0004",
  /** The predictor's own SGD: lr = lrMultiplier·lr (α_p), and its weight decay. */
  predictor: [PredictorGroup, "=", () => PredictorGroup.assert({})],
})

// --------------------------------------------------------------------------------------------- train

export const Train = type({
  "+": "reject",
  /** Length of the run: exactly one of steps or epochs. */
  "steps?": positiveInt,
  "epochs?": positiveInt,
  /** At most the pretraining images (checked with data below). */
  batchSize: "1 <= number.integer <= 60000 = 128",
  seed: "0 <= number.integer <= 4294967295 = 0",
  /** Record metrics every N steps. */
  logEvery: "number.integer > 0 = 10",
  /** Write a checkpoint every N steps; 0 = only at the end. */
  checkpointEvery: "number.integer >= 0 = 0",
}).narrow((t, ctx) =>
  (t.steps === undefined) !== (t.epochs === undefined) ||
  ctx.reject({
    expected: "exactly one of train.steps and train.epochs",
    actual: t.steps === undefined ? "neither" : "both",
    path: [...ctx.path, t.steps === undefined ? "steps" : "epochs"],
  })
)

// ---------------------------------------------------------------------------------------------- eval

export const Probe = type({
  "+": "reject",
  epochs: "number.integer > 0 = 50",
  lr: "0 < number <= 1 = 0.0003",
  weightDecay: "0 <= number <= 1 = 0.001",
  batchSize: "number.integer > 0 = 128",
  /** Fit on the first N labelled training images (a few-label probe); absent = all. */
  "labels?": positiveInt,
})

export const Knn = type({
  "+": "reject",
  k: "number.integer > 0 = 200",
  /** Use the first N labelled training images as the memory bank; absent = all. */
  "labels?": positiveInt,
})

export const Eval = type({
  "+": "reject",
  probe: [Probe, "=", () => Probe.assert({})],
  knn: [Knn, "=", () => Knn.assert({})],
})

// ------------------------------------------------------------------------------------------- runtime

export const Runtime = type({
  "+": "reject",
  backend: "'auto' | 'blas' | 'wasm' | 'cpu' | 'tensorflow' | 'tensorflow-gpu' = 'auto'",
  "threads?": "1 <= number.integer <= 256",
})

// ----------------------------------------------------------------------------------------------- run

export const RunConfig = type({
  "+": "reject",
  data: Data,
  model: Model,
  method: Method,
  optimizer: [Optimizer, "=", () => Optimizer.assert({})],
  train: Train,
  eval: [Eval, "=", () => Eval.assert({})],
  runtime: [Runtime, "=", () => Runtime.assert({})],
}).narrow((c, ctx) => {
  // Bounds before allocation: the batch must fit the pretraining images (the loader's EpochSampler requires it) ...
  const images = DATASETS[c.data.dataset].train
  const pretrain = Math.min(c.data.trainLimit ?? images, images) + (c.data.dataset === "stl10" ? c.data.unlabeled : 0)
  if (c.train.batchSize > pretrain) {
    return ctx.reject({ path: ["train", "batchSize"], expected: `at most the ${pretrain} pretraining images of ${c.data.dataset}${c.data.trainLimit === undefined ? "" : ` (data.trainLimit ${c.data.trainLimit})`}`, actual: String(c.train.batchSize) })
  }
  // ... and the model with its activations must fit the memory limit (memoryEstimate.ts).
  let limit: ReturnType<typeof memoryLimit>
  try {
    limit = memoryLimit()
  } catch (e) {
    return ctx.reject({ path: ["model"], expected: "a valid SSL_MEMORY_LIMIT", actual: e instanceof Error ? e.message : String(e) })
  }
  const need = estimateMemory(c)
  return need.bytes <= limit.bytes || ctx.reject({
    path: ["model"],
    expected: `a model and batch that fit in ${gb(limit.bytes)} (${limit.source}); shrink model.encoder, model.projector or train.batchSize`,
    actual: `an estimated ${gb(need.bytes)} (${(need.params / 1e6).toFixed(1)}M parameters, batch ${c.train.batchSize})`,
  })
})

/** A resolved run config: every default applied. */
export type RunConfig = typeof RunConfig.infer
/** What a preset writes: defaulted keys may be left out. */
export type RunConfigInput = typeof RunConfig.inferIn

export type DataConfig = RunConfig["data"]
export type AugmentConfig = RunConfig["data"]["augment"]
export type ModelConfig = RunConfig["model"]
export type EncoderConfig = RunConfig["model"]["encoder"]
export type ProjectorConfig = RunConfig["model"]["projector"]
export type MethodConfig = RunConfig["method"]
export type TargetConfig = RunConfig["method"]["target"]
export type PredictorConfig = RunConfig["method"]["predictor"]
export type OptimizerConfig = RunConfig["optimizer"]
export type TrainConfig = RunConfig["train"]
export type EvalConfig = RunConfig["eval"]
export type RuntimeConfig = RunConfig["runtime"]
