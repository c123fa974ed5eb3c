/**
 * The named variables of a network: trainable parameters and non-trainable buffers (BatchNorm running
 * statistics). Layers register their variables here under hierarchical names ("encoder.block1.conv1.weight"),
 * so that two networks built from the same spec have the same names — which is how the EMA target is matched
 * to the online network, and how checkpoints are written and read.
 */
import { tf } from "@ssl/core"

export class ParamStore {
  private readonly paramMap = new Map<string, tf.Variable>()
  private readonly bufferMap = new Map<string, tf.Variable>()

  /** Registers a trainable parameter with the given initial values. */
  param(name: string, shape: ReadonlyArray<number>, values: Float32Array): tf.Variable {
    return this.add(this.paramMap, name, shape, values, true)
  }

  /** Registers a non-trainable buffer (not seen by the optimiser; not part of the EMA). */
  buffer(name: string, shape: ReadonlyArray<number>, values: Float32Array): tf.Variable {
    return this.add(this.bufferMap, name, shape, values, false)
  }

  private add(map: Map<string, tf.Variable>, name: string, shape: ReadonlyArray<number>, values: Float32Array,
    trainable: boolean): tf.Variable {
    if (this.paramMap.has(name) || this.bufferMap.has(name)) throw new Error(`ParamStore: duplicate variable name '${name}'`)
    const size = shape.reduce((a, b) => a * b, 1)
    if (values.length !== size) throw new Error(`ParamStore: '${name}' has ${values.length} values for shape [${shape}]`)
    // tidy drops the temporary init tensor; variables survive tidy.
    const v = tf.tidy(() => tf.variable(tf.tensor(values, [...shape], "float32"), trainable, undefined, "float32"))
    map.set(name, v)
    return v
  }

  get params(): ReadonlyMap<string, tf.Variable> {
    return this.paramMap
  }

  get buffers(): ReadonlyMap<string, tf.Variable> {
    return this.bufferMap
  }

  /** Trainable variables, in registration order. */
  paramList(): Array<tf.Variable> {
    return [...this.paramMap.values()]
  }

  /** Number of trainable scalars. */
  paramCount(): number {
    let n = 0
    for (const v of this.paramMap.values()) n += v.size
    return n
  }

  /** Copies every parameter and buffer value from a store with the same names and shapes. */
  copyFrom(other: ParamStore): void {
    for (const [map, otherMap] of [[this.paramMap, other.paramMap], [this.bufferMap, other.bufferMap]] as const) {
      if (map.size !== otherMap.size) throw new Error(`ParamStore.copyFrom: ${map.size} vs ${otherMap.size} variables`)
      for (const [name, v] of map) {
        const src = otherMap.get(name)
        if (src === undefined) throw new Error(`ParamStore.copyFrom: '${name}' missing in the source`)
        v.assign(src)
      }
    }
  }

  /** Every variable's values, keyed "param:<name>" / "buffer:<name>" (for checkpoints). */
  snapshot(): Map<string, { shape: Array<number>; values: Float32Array }> {
    const out = new Map<string, { shape: Array<number>; values: Float32Array }>()
    for (const [name, v] of this.paramMap) out.set(`param:${name}`, { shape: v.shape, values: v.dataSync() as Float32Array })
    for (const [name, v] of this.bufferMap) out.set(`buffer:${name}`, { shape: v.shape, values: v.dataSync() as Float32Array })
    return out
  }

  /** Restores values written by `snapshot` (every name must be present with the same shape). */
  restore(values: ReadonlyMap<string, { shape: ReadonlyArray<number>; values: Float32Array }>): void {
    for (const [kind, map] of [["param", this.paramMap], ["buffer", this.bufferMap]] as const) {
      for (const [name, v] of map) {
        const saved = values.get(`${kind}:${name}`)
        if (saved === undefined) throw new Error(`checkpoint has no ${kind} '${name}'`)
        if (saved.shape.length !== v.shape.length || saved.shape.some((d, i) => d !== v.shape[i]))
          throw new Error(`checkpoint ${kind} '${name}' has shape [${saved.shape}], the model [${v.shape}]`)
        tf.tidy(() => v.assign(tf.tensor(saved.values, v.shape, "float32")))
      }
    }
  }

  dispose(): void {
    for (const v of this.paramMap.values()) v.dispose()
    for (const v of this.bufferMap.values()) v.dispose()
    this.paramMap.clear()
    this.bufferMap.clear()
  }
}
