/**
 * Adam with PyTorch semantics (torch.optim.Adam, amsgrad False): weight decay is L2 added to the gradient
 * (d = g + wd·θ, not AdamW), bias-corrected moments, ε added after the square root:
 *   m = β1 m + (1−β1) d;  v = β2 v + (1−β2) d²;  θ ← θ − lr · (m / (1−β1^t)) / (√(v / (1−β2^t)) + ε)
 * As tfjs ops: the reference the native probe step (@ssl/core probeStep) is pinned to, through tfjsEval.ts.
 */
import { tf } from "@ssl/core"

export interface AdamOptions {
  readonly lr: number
  readonly weightDecay?: number
  readonly beta1?: number
  readonly beta2?: number
  readonly eps?: number
}

export class Adam {
  private readonly m = new Map<tf.Variable, tf.Variable>()
  private readonly v = new Map<tf.Variable, tf.Variable>()
  private t = 0
  private readonly beta1: number
  private readonly beta2: number
  private readonly eps: number
  private readonly weightDecay: number

  constructor(readonly params: ReadonlyArray<tf.Variable>, readonly options: AdamOptions) {
    this.beta1 = options.beta1 ?? 0.9
    this.beta2 = options.beta2 ?? 0.999
    this.eps = options.eps ?? 1e-8
    this.weightDecay = options.weightDecay ?? 0
    for (const p of params) {
      this.m.set(p, tf.tidy(() => tf.variable(tf.zerosLike(p), false)))
      this.v.set(p, tf.tidy(() => tf.variable(tf.zerosLike(p), false)))
    }
  }

  /** One step; `grads` keyed by variable name (as tf.variableGrads returns). */
  step(grads: tf.NamedTensorMap): void {
    this.t += 1
    const c1 = 1 - this.beta1 ** this.t
    const c2 = 1 - this.beta2 ** this.t
    tf.tidy(() => {
      for (const p of this.params) {
        const g = grads[p.name]
        if (g === undefined) continue
        const d = this.weightDecay === 0 ? g : tf.add(g, tf.mul(p, this.weightDecay))
        const m = this.m.get(p)!
        const v = this.v.get(p)!
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(d, 1 - this.beta1)))
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(d), 1 - this.beta2)))
        const denom = tf.add(tf.sqrt(tf.div(v, c2)), this.eps)
        p.assign(tf.sub(p, tf.mul(tf.div(tf.div(m, c1), denom), this.options.lr)))
      }
    })
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose()
    this.m.clear()
    this.v.clear()
  }
}
