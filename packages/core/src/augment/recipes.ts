/**
 * Augmentation recipes: a recipe is plain data (`AugmentParams`), so configs can name one and override any
 * field; `buildAugmentation` turns the data into a composed, seeded pipeline. Fixed order:
 *   crop → translate → flip → colour jitter → grayscale → blur → noise → normalize.
 * A field set to null / 0 switches its step off.
 *
 * - `cifar10`, `stl10`: the original code's recipes (docs/paper/original-code.md#hyperparameters).
 * - `fashion-mnist`: the small-scale harness of docs/paper/scale.md#harness (crop scale 0.5–1, translation ±3 px, flip,
 *   additive noise σ = 0.1).
 * - `fashion-mnist-strong`: for the cpu-long small-CNN run: smaller crops, ±4 px, brightness/contrast
 *   jitter, light blur, plus the noise (the stronger augmentation that made a small CNN beat the
 *   random-encoder floor in the calibration of docs/paper/scale.md#cpu-long).
 * - `none`: the identity.
 */
import { Rng } from "../rng.ts"
import type { tf } from "../tf.ts"
import { type Augmentation, compose, type Range } from "./Augmentation.ts"
import { colorJitter } from "./colorJitter.ts"
import { gaussianBlur } from "./gaussianBlur.ts"
import { gaussianNoise } from "./gaussianNoise.ts"
import { randomGrayscale } from "./grayscale.ts"
import { horizontalFlip } from "./horizontalFlip.ts"
import { normalize } from "./normalize.ts"
import { randomResizedCrop } from "./randomResizedCrop.ts"
import { randomTranslate } from "./randomTranslate.ts"

export interface AugmentParams {
  /** RandomResizedCrop back to the input size; null = no crop. */
  readonly crop: { readonly scale: Range; readonly ratio: Range } | null
  /** Random translation, ± whole pixels with zero fill; 0 = off. */
  readonly translate: number
  /** Horizontal flip probability. */
  readonly flip: number
  /** Colour jitter applied with probability p; null = off. Saturation and hue are no-ops on grey images. */
  readonly jitter: {
    readonly p: number
    readonly brightness: number
    readonly contrast: number
    readonly saturation: number
    readonly hue: number
  } | null
  /** Grayscale probability (no-op on grey images). */
  readonly grayscale: number
  /** Gaussian blur with probability p, σ ~ U(sigma), odd kernel size; null = off. */
  readonly blur: { readonly p: number; readonly sigma: Range; readonly kernel: number } | null
  /** Additive Gaussian noise, clamped to [0, 1] when clip; null = off. */
  readonly noise: { readonly std: number; readonly clip: boolean } | null
  /** Per-channel (x - mean) / std, applied last (and at evaluation); null = off. */
  readonly normalize: { readonly mean: ReadonlyArray<number>; readonly std: ReadonlyArray<number> } | null
}

export type RecipeName = "fashion-mnist" | "fashion-mnist-strong" | "cifar10" | "stl10" | "none"

/** Partial overrides of a recipe: any field, or any field of a nested group. */
export type AugmentOverrides = {
  readonly [K in keyof AugmentParams]?: AugmentParams[K] extends infer V
    ? V extends null ? null : V extends object ? V extends ReadonlyArray<unknown> ? V : { readonly [L in keyof V]?: V[L] } : V
    : never
}

const TORCH_RATIO: Range = [3 / 4, 4 / 3]

const none: AugmentParams = { crop: null, translate: 0, flip: 0, jitter: null, grayscale: 0, blur: null, noise: null, normalize: null }

export const RECIPES: Readonly<Record<RecipeName, AugmentParams>> = {
  none,
  "fashion-mnist": {
    ...none,
    crop: { scale: [0.5, 1], ratio: TORCH_RATIO },
    translate: 3,
    flip: 0.5,
    noise: { std: 0.1, clip: false },
  },
  "fashion-mnist-strong": {
    ...none,
    crop: { scale: [0.25, 1], ratio: TORCH_RATIO },
    translate: 4,
    flip: 0.5,
    jitter: { p: 0.8, brightness: 0.4, contrast: 0.4, saturation: 0, hue: 0 },
    blur: { p: 0.5, sigma: [0.1, 1.0], kernel: 3 },
    noise: { std: 0.1, clip: false },
  },
  // transforms.py: RandomResizedCrop(32); HFlip; RandomApply(ColorJitter(.4,.4,.4,.1), .8); RandomGrayscale(.2); Normalize.
  cifar10: {
    ...none,
    crop: { scale: [0.08, 1], ratio: TORCH_RATIO },
    flip: 0.5,
    jitter: { p: 0.8, brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1 },
    grayscale: 0.2,
    normalize: { mean: [0.4914, 0.4822, 0.4465], std: [0.2023, 0.1994, 0.2010] },
  },
  // transforms.py: RandomResizedCrop(96); HFlip; RandomApply(ColorJitter(.8,.8,.8,.2), .8); RandomGrayscale(.2);
  // GaussianBlur(kernel_size=int(0.1·96)) always, σ ~ U(0.1, 2.0); no normalisation.
  stl10: {
    ...none,
    crop: { scale: [0.08, 1], ratio: TORCH_RATIO },
    flip: 0.5,
    jitter: { p: 0.8, brightness: 0.8, contrast: 0.8, saturation: 0.8, hue: 0.2 },
    grayscale: 0.2,
    blur: { p: 1, sigma: [0.1, 2.0], kernel: 9 },
  },
}

/** A recipe with overrides applied (nested groups merge field by field; null switches a group off). */
export const resolveAugment = (recipe: RecipeName, overrides: AugmentOverrides = {}): AugmentParams => {
  const base = RECIPES[recipe]
  if (base === undefined) throw new RangeError(`unknown augmentation recipe '${recipe}' (known: ${Object.keys(RECIPES).join(", ")})`)
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(overrides)) {
    if (!(key in base)) throw new RangeError(`unknown augmentation field '${key}' (known: ${Object.keys(base).join(", ")})`)
    if (value === undefined) continue
    const current = (base as unknown as Record<string, unknown>)[key]
    const isGroup = value !== null && typeof value === "object" && !Array.isArray(value)
    if (isGroup && current === null) {
      out[key] = fillGroup(key, value as Record<string, unknown>)
    } else {
      out[key] = isGroup ? { ...(current as object), ...(value as object) } : value
    }
  }
  return out as unknown as AugmentParams
}

// Defaults for a group that the recipe has switched off but an override turns on with only some fields.
const GROUP_DEFAULTS: Record<string, Record<string, unknown>> = {
  crop: { scale: [0.08, 1], ratio: TORCH_RATIO },
  jitter: { p: 1, brightness: 0, contrast: 0, saturation: 0, hue: 0 },
  blur: { p: 1, sigma: [0.1, 2.0], kernel: 9 },
  noise: { std: 0, clip: true },
}
const fillGroup = (key: string, value: Record<string, unknown>): unknown => {
  if (key === "normalize") {
    if (!Array.isArray(value["mean"]) || !Array.isArray(value["std"])) throw new RangeError("augmentation override 'normalize' needs both mean and std")
    return value
  }
  return { ...GROUP_DEFAULTS[key], ...value }
}

/** The training-time pipeline of a recipe. */
export const buildAugmentation = (params: AugmentParams): Augmentation => {
  const ops: Augmentation[] = []
  if (params.crop !== null) ops.push(randomResizedCrop({ scale: params.crop.scale, ratio: params.crop.ratio }))
  if (params.translate > 0) ops.push(randomTranslate(params.translate))
  if (params.flip > 0) ops.push(horizontalFlip(params.flip))
  if (params.jitter !== null && params.jitter.p > 0) ops.push(colorJitter(params.jitter))
  if (params.grayscale > 0) ops.push(randomGrayscale(params.grayscale))
  if (params.blur !== null && params.blur.p > 0) ops.push(gaussianBlur(params.blur))
  if (params.noise !== null && params.noise.std > 0) ops.push(gaussianNoise(params.noise))
  if (params.normalize !== null) ops.push(normalize(params.normalize.mean, params.normalize.std))
  return compose(...ops)
}

/** The evaluation-time transform of a recipe: only its normalisation (no randomness). */
export const buildEvalTransform = (params: AugmentParams): ((images: tf.Tensor4D) => tf.Tensor4D) => {
  const norm = params.normalize === null ? compose() : normalize(params.normalize.mean, params.normalize.std)
  const unused = new Rng(0) // normalisation draws nothing
  return (images) => norm(images, unused)
}

/** Two independently augmented views of a batch (the SSL input), each [B, H, W, C]; the Rng advances. */
export const twoViews = (augment: Augmentation, images: tf.Tensor4D, rng: Rng): readonly [tf.Tensor4D, tf.Tensor4D] => {
  const v1 = augment(images, rng)
  const v2 = augment(images, rng)
  return [v1, v2]
}
