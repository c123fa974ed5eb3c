/**
 * The projector of the original code: Linear(in, hidden, bias) → BatchNorm(no affine) → ReLU →
 * Linear(hidden, out, bias). Its output f is what the loss, F̂ and every eigen-metric see.
 */
import { tf, type Rng } from "@ssl/core"
import { BatchNorm } from "./BatchNorm.ts"
import { Linear } from "./Linear.ts"
import type { ParamStore } from "./ParamStore.ts"
import type { Mode } from "./Mode.ts"

export interface ProjectorSpec {
  readonly hidden: number
  readonly out: number
  /** The BatchNorm between the layers (default true; false = Linear → ReLU → Linear). */
  readonly batchNorm?: boolean
}

export class Projector {
  readonly fc1: Linear
  readonly bn: BatchNorm | undefined
  readonly fc2: Linear

  constructor(store: ParamStore, name: string, readonly inDim: number, spec: ProjectorSpec, rng: Rng) {
    this.fc1 = new Linear(store, `${name}.fc1`, inDim, spec.hidden, rng)
    this.bn = (spec.batchNorm ?? true) ? new BatchNorm(store, `${name}.bn`, spec.hidden, { affine: false }) : undefined
    this.fc2 = new Linear(store, `${name}.fc2`, spec.hidden, spec.out, rng)
  }

  get outDim(): number {
    return this.fc2.outDim
  }

  /** [B, in] → [B, out]. */
  apply(h: tf.Tensor2D, mode: Mode): tf.Tensor2D {
    if (this.bn === undefined) return this.fc2.apply(this.fc1.apply(h, "relu"))
    return this.fc2.apply(tf.relu(this.bn.apply(this.fc1.apply(h), mode)))
  }
}
