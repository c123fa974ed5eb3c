/**
 * SGD with momentum and weight decay, PyTorch semantics (torch.optim.SGD, dampening 0, no Nesterov):
 *   d = g + wd·θ;   buf = μ·buf + d;   θ ← θ − lr·buf
 * (tf.train.momentum has no weight decay and a different buffer convention.) Parameter groups carry their own
 * lr, momentum and weight decay — the trunk and the predictor (lr·α_p, η̄_p) are two groups. The momentum
 * buffers are variables (zero-initialised, which equals PyTorch's "buf = d" on the first step) and are part of
 * the checkpoint.
 */
import { sgdMomentumSteps, tf } from "@ssl/core"

export interface ParamGroup {
  readonly name: string
  readonly params: ReadonlyArray<tf.Variable>
  lr: number
  momentum: number
  weightDecay: number
}

export class Sgd {
  readonly groups: ReadonlyArray<ParamGroup>
  private readonly buffers = new Map<tf.Variable, tf.Variable>()

  constructor(groups: ReadonlyArray<ParamGroup>) {
    const seen = new Set<tf.Variable>()
    for (const g of groups) {
      for (const p of g.params) {
        if (seen.has(p)) throw new Error(`Sgd: variable '${p.name}' is in two parameter groups`)
        seen.add(p)
        this.buffers.set(p, tf.tidy(() => tf.variable(tf.zerosLike(p), false)))
      }
    }
    this.groups = groups
  }

  /** One step. `grads` is keyed by variable name (as tf.variableGrads returns); a missing gradient is zero. */
  step(grads: tf.NamedTensorMap): void {
    tf.tidy(() => {
      for (const g of this.groups) {
        const bufs = g.params.map((p) => this.buffers.get(p)!)
        // one fused kernel per group on the blas backend, the op sequence of the formula above elsewhere
        const next = sgdMomentumSteps(g.params, bufs, g.params.map((p) => grads[p.name] ?? tf.zerosLike(p)), g)
        g.params.forEach((p, i) => {
          bufs[i]!.assign(next[i]!.buf)
          p.assign(next[i]!.param)
        })
      }
    })
  }

  /** The momentum buffer of a parameter. */
  buffer(p: tf.Variable): tf.Variable {
    const b = this.buffers.get(p)
    if (b === undefined) throw new Error(`Sgd: variable '${p.name}' is not optimised here`)
    return b
  }

  /** Buffers keyed "<group>/<index>" (stable across processes, unlike tfjs variable names). */
  snapshot(): Map<string, { shape: Array<number>; values: Float32Array }> {
    const out = new Map<string, { shape: Array<number>; values: Float32Array }>()
    for (const g of this.groups) {
      g.params.forEach((p, i) => {
        const b = this.buffers.get(p)!
        out.set(`${g.name}/${i}`, { shape: b.shape, values: b.dataSync() as Float32Array })
      })
    }
    return out
  }

  restore(values: ReadonlyMap<string, { shape: ReadonlyArray<number>; values: Float32Array }>): void {
    for (const g of this.groups) {
      g.params.forEach((p, i) => {
        const saved = values.get(`${g.name}/${i}`)
        const b = this.buffers.get(p)!
        if (saved === undefined || saved.values.length !== b.size)
          throw new Error(`checkpoint has no momentum buffer '${g.name}/${i}' of size ${b.size}`)
        tf.tidy(() => b.assign(tf.tensor(saved.values, b.shape, "float32")))
      })
    }
  }

  dispose(): void {
    for (const b of this.buffers.values()) b.dispose()
    this.buffers.clear()
  }
}
