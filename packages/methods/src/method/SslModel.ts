/**
 * The state of a self-supervised run and its training step: online network (encoder + projector), predictor,
 * optional EMA target network, the SGD optimiser with a trunk and a predictor group, and the running
 * estimates (F̂, and M, M2 for the plug-in predictor). One `step` is PAPER.md §3.2 to the letter:
 *   1. f1 = online(v1), f2 = online(v2) (projector outputs; two train-mode forwards, as the original);
 *   2–3. F̂ ← ρF̂ + (1−ρ)·mean(ffᵀ) over both views' (detached) rows; the predictor is applied with its
 *      CURRENT weights: p1 = W_p f1, p2 = W_p f2;
 *   4. targets: EMA network outputs (computed outside the gradient tape: no gradient can reach it), or the
 *      online outputs through stopGradient (SimSiam), or without it (no-stop-gradient);
 *      L = mean[−2cos(p1, t(v2)) − 2cos(p2, t(v1))];
 *   5. backward; SGD step of the trunk AND the predictor (separate lr·α_p and weight decay);
 *   +  symmetrisation of W_p if asked;
 *   6. if step % freq == 0: W_p ← DirectPred(F̂) (or DirectCopy / plug-in optimal); the predictor's momentum
 *      buffer is kept, so SGD continues from it in between (freq > 1); the partition predictor (C21) sets the
 *      matrix of every side of every partition from its own F̂, every step;
 *   7. EMA update of the target's parameters (not its BN buffers).
 * `step` is the 0-based iteration `niter` of the original code.
 */
import {
  CorrelationEstimator,
  type CorrelationState,
  directCopyPredictor,
  directPredPredictor,
  eigh,
  emaUpdate,
  Rng,
  symmetricLoss,
  tf,
} from "@ssl/core"
import { ParamStore } from "../models/ParamStore.ts"
import { PartitionPredictor, type PartitionPredictorState } from "./PartitionPredictor.ts"
import { Predictor } from "../models/Predictor.ts"
import type { ProjectorSpec } from "../models/Projector.ts"
import { type EncoderSpec, Tower } from "../models/Tower.ts"
import { Sgd } from "../optim/Sgd.ts"
import { METRICS_RHO, type MethodSpec } from "./MethodSpec.ts"
import { readFloat32 } from "../readTensor.ts"

export interface OptimizerSpec {
  readonly lr: number
  readonly momentum: number
  readonly weightDecay: number
  /** The predictor's group: lr = lr·lrMultiplier (α_p), its own weight decay (η̄_p). */
  readonly predictor: { readonly lrMultiplier: number; readonly weightDecay: number }
}

export interface SslModelSpec {
  /** [H, W, C] of the input images. */
  readonly inputShape: readonly [number, number, number]
  readonly encoder: EncoderSpec
  readonly projector: ProjectorSpec
  readonly method: MethodSpec
  readonly optimizer: OptimizerSpec
  /** Seeds every initialisation (online, predictor, independent target). */
  readonly seed: number
}

export interface StepOutput {
  readonly loss: number
  /** Both views' projector outputs [2B, d], row-major, when asked for (for zStd). */
  readonly features?: Float32Array
}

/** Serialisable state beyond the variables (checkpoints). */
export interface SslModelState {
  readonly fHat: CorrelationState
  readonly optimalM?: CorrelationState
  readonly optimalM2?: { readonly steps: number; readonly values: ReadonlyArray<number> }
  readonly partition?: PartitionPredictorState
}

export type TensorSnapshot = Map<string, { shape: Array<number>; values: Float32Array }>

export class SslModel {
  readonly online: Tower
  readonly target: Tower | undefined
  readonly predictor: Predictor | undefined
  /** C21's feature-dependent predictor (no SGD-trained variables); undefined for every other kind. */
  readonly partition: PartitionPredictor | undefined
  readonly predictorStore = new ParamStore()
  readonly sgd: Sgd
  readonly dim: number
  fHat: CorrelationEstimator
  private optimalM: CorrelationEstimator | undefined
  private optimalM2: Float64Array | undefined
  private optimalM2Steps = 0
  /** The variables the optimiser updates: online encoder + projector, then the predictor. */
  readonly trainable: Array<tf.Variable>

  constructor(readonly spec: SslModelSpec) {
    const rng = new Rng(spec.seed)
    const { method } = spec
    this.online = new Tower(spec.inputShape, spec.encoder, spec.projector, rng.fork("online"))
    this.dim = this.online.projector.outDim
    const pred = method.predictor
    this.partition = pred.kind === "partition" ? new PartitionPredictor(
      { dim: this.dim, partitions: pred.partitions, rho: pred.rho, eps: pred.eps }, rng.fork("partition"), initialLinearWeight(this.dim, rng),
    ) : undefined
    if (pred.kind !== "identity" && pred.kind !== "partition") {
      const head = pred.kind === "mlp2" ? pred : { kind: "linear" as const, bias: pred.kind === "linear" ? pred.bias ?? false : false }
      this.predictor = new Predictor(this.predictorStore, "predictor", this.dim, head, rng.fork("predictor"))
    }
    if (method.target.kind === "ema") {
      this.target = new Tower(spec.inputShape, spec.encoder, spec.projector, rng.fork("target"))
      if ((method.targetInit ?? "copy") === "copy") this.target.store.copyFrom(this.online.store)
    }
    const rho = pred.kind === "directpred" || pred.kind === "directcopy" || pred.kind === "partition" ? pred.rho : METRICS_RHO
    this.fHat = new CorrelationEstimator(this.dim, { rho, zeroMean: pred.kind === "directpred" && (pred.zeroMean ?? false) })
    if (pred.kind === "optimal") {
      this.optimalM = new CorrelationEstimator(this.dim, { rho: pred.rho ?? METRICS_RHO })
      this.optimalM2 = new Float64Array(this.dim * this.dim)
    }
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

  /** p = W_p f ([B, d] → [B, d]); identity when there is no predictor. */
  predict(f: tf.Tensor2D, mode: "train" | "eval" | "measure"): tf.Tensor2D {
    if (this.partition !== undefined) return this.partition.apply(f)
    return this.predictor === undefined ? f : this.predictor.apply(f, mode)
  }

  /**
   * Steps 1–4 and the backward pass: the loss of views (v1, v2) and its gradients with respect to `vars`
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
      return symmetricLoss(method.loss ?? "cosine", p1, t1, p2, t2, { stopGradient: method.target.kind !== "no-stop-gradient" })
    }, vars)
    return { value, grads, f1: f1!, f2: f2!, emaTargets }
  }

  /** One training iteration (see the module comment). `step` is 0-based. */
  step(v1: tf.Tensor4D, v2: tf.Tensor4D, step: number, options: { captureFeatures?: boolean } = {}): StepOutput {
    const { method } = this.spec
    const { value, grads, f1, f2, emaTargets } = this.lossAndGrads(v1, v2)
    try {
      // 2–3. F̂ from both views' projector outputs (detached: plain values)
      this.fHat.update([f1, f2])
      this.partition?.update([f1, f2].map((f) => ({ rows: f.dataSync(), batch: f.shape[0] })))
      if (this.optimalM !== undefined) this.updateOptimalStatistics(f1, f2, emaTargets)
      // 5. the optimiser steps (trunk and predictor groups)
      this.sgd.step(grads)
      if (method.symmetrize === true) this.symmetrizePredictor()
      // 6. set W_p from the estimates
      this.regulatePredictor(step)
      // 7. EMA target
      if (this.target !== undefined && method.target.kind === "ema") {
        emaUpdate(this.target.store.paramList(), this.online.store.paramList(), method.target.gamma)
      }
      const loss = value.dataSync()[0]!
      if (options.captureFeatures !== true) return { loss }
      const features = readFloat32(() => tf.concat([f1, f2], 0))
      return { loss, features }
    } finally {
      tf.dispose([value, ...Object.values(grads), f1, f2, ...(emaTargets ?? [])])
    }
  }

  private regulatePredictor(step: number): void {
    const pred = this.spec.method.predictor
    switch (pred.kind) {
      case "directpred":
        if (step % pred.freq === 0) {
          const { weight } = directPredPredictor(this.fHat.estimate(), this.dim, { eps: pred.eps, epsInside: pred.epsInside ?? false })
          this.setLinearPredictor(weight)
        }
        return
      case "directcopy":
        if (step % (pred.freq ?? 1) === 0) this.setLinearPredictor(directCopyPredictor(this.fHat.estimate(), this.dim, { eps: pred.eps }).weight)
        return
      case "optimal":
        if (step % (pred.freq ?? 1) === 0) this.setLinearPredictor(this.optimalPredictor(pred.lambda ?? 1e-2))
        return
      case "partition":
        this.partition!.regulate()
        return
      default:
        return
    }
  }

  /** Writes W_p [d, d] (row-major float64, p = W_p f) into the linear predictor's weight. */
  setLinearPredictor(weight: Float64Array): void {
    const layer = this.predictor?.layers[0]
    if (layer === undefined || this.predictor!.layers.length !== 1) throw new Error("setLinearPredictor needs a linear predictor")
    tf.tidy(() => layer.weight.assign(tf.tensor2d(Float32Array.from(weight), [this.dim, this.dim])))
  }

  /** linear: W ← (W + Wᵀ)/2; mlp2: W_hidden ← (W_hidden + W_outᵀ)/2, W_out ← W_hiddenᵀ (the original's tying). */
  private symmetrizePredictor(): void {
    const layers = this.predictor?.layers
    if (layers === undefined) return
    tf.tidy(() => {
      const [first, second] = layers
      if (second === undefined) {
        first!.weight.assign(tf.div(tf.add(first!.weight, tf.transpose(first!.weight)), 2))
      } else {
        const w0 = tf.div(tf.add(first!.weight, tf.transpose(second.weight)), 2) // [h, d]
        first!.weight.assign(w0)
        second.weight.assign(tf.transpose(w0))
      }
    })
  }

  /** M ← EMA E[ffᵀ] (both views) and M2 ← EMA E[f_a fᵀ] over the pairs the loss compares. */
  private updateOptimalStatistics(f1: tf.Tensor2D, f2: tf.Tensor2D, emaTargets: readonly [tf.Tensor2D, tf.Tensor2D] | undefined): void {
    this.optimalM!.update([f1, f2])
    const [t1, t2] = emaTargets ?? [f2, f1]
    const rows = 2 * f1.shape[0]
    const cross = readFloat32(() => tf.add(tf.matMul(t1, f1, true, false), tf.matMul(t2, f2, true, false))) // Σ f_a fᵀ [d, d]
    const m2 = this.optimalM2!
    this.optimalM2Steps++
    const keep = this.optimalM2Steps === 1 ? 0 : this.optimalM!.rho ?? 0
    for (let i = 0; i < m2.length; i++) m2[i] = keep * m2[i]! + (1 - keep) * cross[i]! / rows
  }

  /** W_p = M2sym (M + λI)⁻¹, λ = lambda·tr(M)/d, through eigh(M) (M is symmetric PSD). */
  private optimalPredictor(lambdaRel: number): Float64Array {
    const d = this.dim
    const m = this.optimalM!.estimate()
    let tr = 0
    for (let i = 0; i < d; i++) tr += m[i * d + i]!
    const lambda = (lambdaRel * tr) / d
    const { values, vectors } = eigh(m, d)
    const inv = new Float64Array(d * d) // Q diag(1/(max(s,0)+λ)) Qᵀ
    for (let k = 0; k < d; k++) {
      const w = 1 / (Math.max(values[k]!, 0) + lambda)
      for (let i = 0; i < d; i++) {
        const a = vectors[i * d + k]! * w
        for (let j = 0; j < d; j++) inv[i * d + j] = inv[i * d + j]! + a * vectors[j * d + k]!
      }
    }
    const m2 = this.optimalM2!
    const out = new Float64Array(d * d)
    for (let i = 0; i < d; i++) {
      for (let k = 0; k < d; k++) {
        const s = 0.5 * (m2[i * d + k]! + m2[k * d + i]!)
        for (let j = 0; j < d; j++) out[i * d + j] = out[i * d + j]! + s * inv[k * d + j]!
      }
    }
    return out
  }

  /**
   * W_p [d, d] row-major float64 for the metrics: the linear weight, W_out·W_hidden for mlp2, the mean of the
   * partition predictor's matrices, I for identity.
   */
  predictorMatrix(): Float64Array {
    if (this.partition !== undefined) return this.partition.matrix()
    if (this.predictor !== undefined) return this.predictor.matrix()
    const eye = new Float64Array(this.dim * this.dim)
    for (let i = 0; i < this.dim; i++) eye[i * this.dim + i] = 1
    return eye
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
    return {
      fHat: this.fHat.state(),
      ...(this.optimalM === undefined ? {} : {
        optimalM: this.optimalM.state(),
        optimalM2: { steps: this.optimalM2Steps, values: Array.from(this.optimalM2!) },
      }),
      ...(this.partition === undefined ? {} : { partition: this.partition.state() }),
    }
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
    this.fHat = CorrelationEstimator.fromState(state.fHat)
    if (this.optimalM !== undefined) {
      if (state.optimalM === undefined || state.optimalM2 === undefined) throw new Error("checkpoint lacks the plug-in predictor's statistics")
      this.optimalM = CorrelationEstimator.fromState(state.optimalM)
      this.optimalM2!.set(state.optimalM2.values)
      this.optimalM2Steps = state.optimalM2.steps
    }
    if (this.partition !== undefined) {
      if (state.partition === undefined) throw new Error("checkpoint lacks the partition predictor's statistics")
      this.partition.restore(state.partition)
    }
  }

  dispose(): void {
    this.online.dispose()
    this.target?.dispose()
    this.predictorStore.dispose()
    this.partition?.dispose()
    this.sgd.dispose()
  }
}

/**
 * The seeded initial weight [d, d] of the linear predictor (the same draw DirectPred starts from), for
 * predictors that start from it without training it (the partition predictor).
 */
const initialLinearWeight = (dim: number, rng: Rng): Float64Array => {
  const store = new ParamStore()
  try {
    return new Predictor(store, "predictor", dim, { kind: "linear" }, rng.fork("predictor")).matrix()
  } finally {
    store.dispose()
  }
}
