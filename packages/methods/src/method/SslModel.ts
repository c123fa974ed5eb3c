/**
 * The state of a self-supervised run and its training step: online network (encoder + projector), predictor
 * rule, optional EMA target network, the SGD optimiser with a trunk and a predictor group, and the running
 * estimate F̂. One `step` is the original code's iteration (docs/paper/original-code.md#directpred-algorithm):
 *   1. f1 = online(v1), f2 = online(v2) (projector outputs; two train-mode forwards, as the original);
 *   2. the predictor is applied with its CURRENT weights: p1 = W_p f1, p2 = W_p f2;
 *   3. targets: EMA network outputs (computed outside the gradient tape: no gradient can reach it), or the
 *      online outputs through stopGradient (SimSiam), or without it (no-stop-gradient);
 *      L = mean[−2cos(p1, t(v2)) − 2cos(p2, t(v1))];
 *   4. F̂ ← ρF̂ + (1−ρ)·mean(ffᵀ) over both views' (detached) rows;
 *   5. backward; SGD step of the trunk AND the predictor (separate lr·α_p and weight decay);
 *   6. the predictor rule's after-step update (predictors/): symmetrisation, W_p set from its estimates when due;
 *   7. EMA update of the target's parameters (not its BN buffers).
 * `step` is the 0-based iteration `niter` of the original code.
 */
import { CorrelationEstimator, type CorrelationState, emaUpdate, Rng, symmetricLoss, tf } from "@ssl/core"
import type { MethodConfig, OptimizerConfig } from "@ssl/configs"
import { ParamStore } from "../models/ParamStore.ts"
import type { ProjectorSpec } from "../models/Projector.ts"
import { type EncoderSpec, Tower } from "../models/Tower.ts"
import { Sgd } from "../optim/Sgd.ts"
import { readFloat32 } from "../readTensor.ts"
import { makePredictor } from "./predictors/makePredictor.ts"
import type { PredictorRule, PredictorState } from "./predictors/PredictorRule.ts"

export interface SslModelSpec {
  /** [H, W, C] of the input images. */
  readonly inputShape: readonly [number, number, number]
  readonly encoder: EncoderSpec
  readonly projector: ProjectorSpec
  readonly method: MethodConfig
  readonly optimizer: OptimizerConfig
  /** Seeds every initialisation (online, predictor, independent target). */
  readonly seed: number
}

export interface StepOutput {
  readonly loss: number
  /** Both views' projector outputs [2B, d], row-major, when asked for (for zStd). */
  readonly features?: Float32Array
}

/** Serialisable state beyond the variables (checkpoints): F̂ and the predictor rule's own keys. */
export type SslModelState = { readonly fHat: CorrelationState } & PredictorState

export type TensorSnapshot = Map<string, { shape: Array<number>; values: Float32Array }>

export class SslModel {
  readonly online: Tower
  readonly target: Tower | undefined
  readonly predictor: PredictorRule
  readonly predictorStore = new ParamStore()
  readonly sgd: Sgd
  readonly dim: number
  private readonly fHat: CorrelationEstimator
  /** The variables the optimiser updates: online encoder + projector, then the predictor. */
  readonly trainable: Array<tf.Variable>

  constructor(readonly spec: SslModelSpec) {
    const rng = new Rng(spec.seed)
    const { method } = spec
    this.online = new Tower(spec.inputShape, spec.encoder, spec.projector, rng.fork("online"))
    this.dim = this.online.projector.outDim
    this.predictor = makePredictor(method.predictor, { dim: this.dim, store: this.predictorStore, rng, symmetrize: method.symmetrize })
    if (method.target.kind === "ema") {
      this.target = new Tower(spec.inputShape, spec.encoder, spec.projector, rng.fork("target"))
      if (method.targetInit === "copy") this.target.store.copyFrom(this.online.store)
    }
    this.fHat = new CorrelationEstimator(this.dim, this.predictor.fHatOptions)
    const o = spec.optimizer
    this.sgd = new Sgd([
      { name: "trunk", params: this.online.store.paramList(), lr: o.lr, momentum: o.momentum, weightDecay: o.weightDecay },
      {
        name: "predictor", params: this.predictorStore.paramList(), lr: o.lr * o.predictor.lrMultiplier,
        momentum: o.momentum, weightDecay: o.predictor.weightDecay,
      },
    ])
    this.trainable = [...this.online.store.paramList(), ...this.predictorStore.paramList()]
  }

  /** p = W_p f ([B, d] → [B, d]). */
  predict(f: tf.Tensor2D, mode: "train" | "eval" | "measure"): tf.Tensor2D {
    return this.predictor.apply(f, mode)
  }

  /**
   * Steps 1–3 and the backward pass: the loss of views (v1, v2) and its gradients with respect to `vars`
   * (default: the trainable online and predictor variables). Also returns the online projections and the EMA
   * targets (the caller disposes everything returned). The EMA network runs outside the gradient tape, so
   * nothing it computes can carry a gradient to its variables.
   */
  lossAndGrads(v1: tf.Tensor4D, v2: tf.Tensor4D, vars: Array<tf.Variable> = this.trainable): {
    value: tf.Scalar
    grads: tf.NamedTensorMap
    f1: tf.Tensor2D
    f2: tf.Tensor2D
    emaTargets: readonly [tf.Tensor2D, tf.Tensor2D] | undefined
  } {
    const { method } = this.spec
    const emaTargets = this.target === undefined ? undefined : tf.tidy(() => {
      const t1 = this.target!.apply(v2, "train").f // target(view2), compared with p1 [B, d]
      const t2 = this.target!.apply(v1, "train").f // target(view1), compared with p2 [B, d]
      return [t1, t2] as [tf.Tensor2D, tf.Tensor2D]
    })
    let f1: tf.Tensor2D | undefined
    let f2: tf.Tensor2D | undefined
    const { value, grads } = tf.variableGrads(() => {
      const a = this.online.apply(v1, "train").f // [B, d]
      const b = this.online.apply(v2, "train").f // [B, d]
      f1 = tf.keep(a)
      f2 = tf.keep(b)
      const p1 = this.predict(a, "train")
      const p2 = this.predict(b, "train")
      const [t1, t2] = emaTargets ?? [b, a] // SimSiam / no-stop-gradient: the online outputs themselves
      return symmetricLoss(method.loss, p1, t1, p2, t2, { stopGradient: method.target.kind !== "no-stop-gradient" })
    }, vars)
    return { value, grads, f1: f1!, f2: f2!, emaTargets }
  }

  /** One training iteration (see the module comment). `step` is 0-based. */
  step(v1: tf.Tensor4D, v2: tf.Tensor4D, step: number, options: { captureFeatures?: boolean } = {}): StepOutput {
    const { value, grads, f1, f2, emaTargets } = this.lossAndGrads(v1, v2)
    try {
      const [t1, t2] = emaTargets ?? [f2, f1] // what p1 and p2 were compared with
      this.fHat.update([f1, f2]) // 4.
      this.sgd.step(grads) // 5.
      this.predictor.afterStep({ step, f1, f2, t1, t2, fHat: () => this.fHat.estimate() }) // 6.
      if (this.target !== undefined && this.spec.method.target.kind === "ema") { // 7.
        emaUpdate(this.target.store.paramList(), this.online.store.paramList(), this.spec.method.target.gamma)
      }
      const loss = value.dataSync()[0]!
      if (options.captureFeatures !== true) return { loss }
      return { loss, features: readFloat32(() => tf.concat([f1, f2], 0)) }
    } finally {
      tf.dispose([value, ...Object.values(grads), f1, f2, ...(emaTargets ?? [])])
    }
  }

  /** W_p [d, d] row-major float64 for the metrics (see each predictor rule). */
  predictorMatrix(): Float64Array {
    return this.predictor.matrix()
  }

  /** F̂ [d, d] row-major float64 as the predictor and the metrics read it (a copy). */
  correlation(): Float64Array {
    return this.fHat.estimate()
  }

  /** The first variable holding a NaN or Inf (online, predictor, target), with one such value; undefined if all finite. */
  nonFinite(): { readonly name: string; readonly value: number } | undefined {
    const stores: Array<[string, ParamStore]> = [["online", this.online.store], ["predictor", this.predictorStore]]
    if (this.target !== undefined) stores.push(["target", this.target.store])
    for (const [prefix, store] of stores) {
      for (const [name, v] of [...store.params, ...store.buffers]) {
        const bad = tf.tidy(() => tf.logicalNot(tf.all(tf.isFinite(v))).dataSync()[0])
        if (bad === 1) {
          const value = Array.from(v.dataSync()).find((x) => !Number.isFinite(x)) ?? NaN
          return { name: `${prefix}.${name}`, value }
        }
      }
    }
    return undefined
  }

  /** Every variable (online, predictor, target, momentum buffers), for a checkpoint. */
  snapshotTensors(): TensorSnapshot {
    const out: TensorSnapshot = new Map()
    const put = (prefix: string, m: TensorSnapshot) => {
      for (const [k, v] of m) out.set(`${prefix}/${k}`, v)
    }
    put("online", this.online.store.snapshot())
    put("predictor", this.predictorStore.snapshot())
    if (this.target !== undefined) put("target", this.target.store.snapshot())
    put("sgd", this.sgd.snapshot())
    return out
  }

  snapshotState(): SslModelState {
    return { fHat: this.fHat.state(), ...this.predictor.state() }
  }

  restore(tensors: ReadonlyMap<string, { shape: ReadonlyArray<number>; values: Float32Array }>, state: SslModelState): void {
    const sub = (prefix: string) => {
      const m = new Map<string, { shape: ReadonlyArray<number>; values: Float32Array }>()
      for (const [k, v] of tensors) if (k.startsWith(`${prefix}/`)) m.set(k.slice(prefix.length + 1), v)
      return m
    }
    this.online.store.restore(sub("online"))
    this.predictorStore.restore(sub("predictor"))
    if (this.target !== undefined) this.target.store.restore(sub("target"))
    this.sgd.restore(sub("sgd"))
    this.fHat.restore(state.fHat)
    this.predictor.restore(state)
  }

  dispose(): void {
    this.online.dispose()
    this.target?.dispose()
    this.predictorStore.dispose()
    this.predictor.dispose()
    this.sgd.dispose()
  }
}
