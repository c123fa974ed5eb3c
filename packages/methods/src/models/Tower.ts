/**
 * Encoder + projector: the network that is the online network (with the predictor on top) and, as a second
 * instance with its own variables, the EMA target. Both are built from the same spec, so their ParamStores
 * have the same names — emaUpdate and copyFrom pair variables by name.
 */
import type { Rng, tf } from "@ssl/core"
import { CnnEncoder, type CnnEncoderSpec } from "./CnnEncoder.ts"
import type { Encoder } from "./Encoder.ts"
import { MlpEncoder, type MlpEncoderSpec } from "./MlpEncoder.ts"
import { ParamStore } from "./ParamStore.ts"
import { Projector, type ProjectorSpec } from "./Projector.ts"
import { ResNet18, type ResNet18Spec } from "./ResNet18.ts"
import type { Mode } from "./Mode.ts"

export type EncoderSpec = MlpEncoderSpec | CnnEncoderSpec | ResNet18Spec

export const buildEncoder = (store: ParamStore, name: string, inputShape: readonly [number, number, number],
  spec: EncoderSpec, rng: Rng): Encoder => {
  switch (spec.kind) {
    case "mlp":
      return new MlpEncoder(store, name, inputShape, spec, rng)
    case "cnn":
      return new CnnEncoder(store, name, inputShape, spec, rng)
    case "resnet18":
      return new ResNet18(store, name, inputShape, spec, rng)
  }
}

export class Tower {
  readonly store = new ParamStore()
  readonly encoder: Encoder
  readonly projector: Projector

  /** Draws the initial weights from `rng` (encoder first, then projector). */
  constructor(readonly inputShape: readonly [number, number, number], readonly encoderSpec: EncoderSpec,
    readonly projectorSpec: ProjectorSpec, rng: Rng) {
    this.encoder = buildEncoder(this.store, "encoder", inputShape, encoderSpec, rng.fork("encoder"))
    this.projector = new Projector(this.store, "projector", this.encoder.outDim, projectorSpec, rng.fork("projector"))
  }

  /** [B, H, W, C] → features h [B, D_enc] and projections f [B, d]. */
  apply(x: tf.Tensor4D, mode: Mode): { h: tf.Tensor2D; f: tf.Tensor2D } {
    const h = this.encoder.apply(x, mode)
    return { h, f: this.projector.apply(h, mode) }
  }

  dispose(): void {
    this.store.dispose()
  }
}
