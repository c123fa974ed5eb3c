/**
 * The evaluation of a trained encoder, side by side with its two baselines (docs/paper/evaluation.md; README.md, Training):
 *   - the linear probe on standardised frozen backbone features (encoder in eval mode, before the projector),
 *     final AND best-over-epochs test accuracy;
 *   - weighted kNN (k, cosine, T = 0.07) on the same features;
 *   - the same two for a randomly initialised frozen encoder of the same architecture — the floor every
 *     claim compares against — and for the raw pixels.
 * The probe fits on the first `labels` training images (all if absent) and is tested on the whole test split.
 */
import type { tf } from "@ssl/core"
import type { Encoder } from "../models/Encoder.ts"
import { encoderFeatures, type Features, type LabeledImages, pixelFeatures } from "./Features.ts"
import { knnAccuracy } from "./knn.ts"
import { linearProbe, type ProbeResult } from "./linearProbe.ts"

export interface EvalSpec {
  readonly probe: {
    readonly epochs: number
    readonly lr: number
    readonly weightDecay: number
    readonly batchSize: number
    readonly labels?: number
  }
  readonly knn: { readonly k: number; readonly labels?: number }
}

export interface EvalData {
  readonly train: LabeledImages
  readonly test: LabeledImages
  readonly shape: readonly [number, number, number]
  readonly numClasses: number
}

export interface FeatureEval {
  readonly probe: ProbeResult
  /** Weighted kNN accuracy in [0, 1]. */
  readonly knn: number
}

/** The training-independent part of an evaluation: the random-encoder floor and the raw-pixel baseline. */
export interface Baselines {
  readonly randomEncoder: FeatureEval
  readonly rawPixels: FeatureEval
}

export interface Evaluation extends FeatureEval {
  readonly randomEncoder: FeatureEval
  readonly rawPixels: FeatureEval
  readonly seconds: number
}

const head = (split: LabeledImages, n: number | undefined, shape: readonly [number, number, number]): LabeledImages => {
  if (n === undefined || n >= split.size) return split
  const per = shape[0] * shape[1] * shape[2]
  return { size: n, images: split.images.subarray(0, n * per), labels: split.labels.subarray(0, n) }
}

/** The phases an evaluation reports, in order: the trained encoder's, then the floors (skipped when shared). */
export type EvalPhase = "features" | "probe" | "kNN" | "floors (random encoder)" | "floors (raw pixels)"

/** Probe + kNN of one feature map. */
export const evaluateFeatures = (trainProbe: Features, trainKnn: Features, test: Features, spec: EvalSpec,
  numClasses: number, seed: number, onPhase: (phase: EvalPhase) => void = () => {}): FeatureEval => {
  onPhase("probe")
  const probe = linearProbe(trainProbe, test, {
    epochs: spec.probe.epochs, lr: spec.probe.lr, weightDecay: spec.probe.weightDecay, batchSize: spec.probe.batchSize,
    seed, numClasses,
  })
  onPhase("kNN")
  return { probe, knn: knnAccuracy(trainKnn, test, { k: spec.knn.k, numClasses }) }
}

const take = (f: Features, n: number): Features => (n >= f.n ? f : { x: f.x.subarray(0, n * f.d), y: f.y.subarray(0, n), n, d: f.d })

/** Features of the first max(probe, kNN) labels once, then probe + kNN on their heads. */
const evaluateSource = (features: (split: LabeledImages) => Features, data: EvalData, spec: EvalSpec, seed: number,
  onPhase?: (phase: EvalPhase) => void): FeatureEval => {
  const nProbe = Math.min(spec.probe.labels ?? data.train.size, data.train.size)
  const nKnn = Math.min(spec.knn.labels ?? data.train.size, data.train.size)
  onPhase?.("features")
  const train = features(head(data.train, Math.max(nProbe, nKnn), data.shape))
  const test = features(data.test)
  return evaluateFeatures(take(train, nProbe), take(train, nKnn), test, spec, data.numClasses, seed, onPhase)
}

/** A source computed only when not given, reporting its phase first. */
const orCompute = <A>(given: A | undefined, phase: EvalPhase, onPhase: (phase: EvalPhase) => void, compute: () => A): A => {
  if (given !== undefined) return given
  onPhase(phase)
  return compute()
}

export const evaluate = (options: {
  readonly encoder: Encoder
  /** The frozen randomly initialised encoder of the floor; needed unless `baselines` are given. */
  readonly randomEncoder?: Encoder
  readonly data: EvalData
  readonly spec: EvalSpec
  readonly seed: number
  /** The evaluation transform (the recipe's normalisation), applied before the encoders. */
  readonly preprocess?: (x: tf.Tensor4D) => tf.Tensor4D
  /**
   * The two baselines, already computed for the same seed, architecture, data and eval spec (they do not
   * depend on training, so runs that share those may share them: the claims evaluate ~75 runs per tier).
   */
  readonly baselines?: Baselines
  /** Told of each phase as it starts (progress: an evaluation takes seconds to minutes after training). */
  readonly onPhase?: (phase: EvalPhase) => void
}): Evaluation => {
  const t0 = performance.now()
  const { data, spec, seed } = options
  const onPhase = options.onPhase ?? (() => {})
  const pre = options.preprocess === undefined ? {} : { preprocess: options.preprocess }
  const trained = evaluateSource((s) => encoderFeatures(options.encoder, s, data.shape, pre), data, spec, seed, onPhase)
  const randomEncoder = orCompute(options.baselines?.randomEncoder, "floors (random encoder)", onPhase, () => {
    const random = options.randomEncoder
    if (random === undefined) throw new TypeError("evaluate: give either the random encoder or the baselines computed with it")
    return evaluateSource((s) => encoderFeatures(random, s, data.shape, pre), data, spec, seed)
  })
  const rawPixels = orCompute(options.baselines?.rawPixels, "floors (raw pixels)", onPhase,
    () => evaluateSource((s) => pixelFeatures(s, data.shape), data, spec, seed))
  return { ...trained, randomEncoder, rawPixels, seconds: (performance.now() - t0) / 1000 }
}
