import { describe, expect, test } from "bun:test"
import { directPredPredictor, tf } from "@ssl/core"
import { SslModel } from "../../src/method/SslModel.ts"
import { tinyModel, tinyViews } from "../helpers/tiny.ts"

const values = (vars: ReadonlyArray<tf.Variable>) => vars.map((v) => Float64Array.from(v.dataSync()))
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!))
  return m
}

describe("stop-gradient and the EMA target", () => {
  test("the EMA target never receives gradients: its only change is θ_t ← γθ_t + (1−γ)θ_o", () => {
    const before = tf.memory().numTensors
    const model = new SslModel(tinyModel({ target: { kind: "ema", gamma: 0.9 }, targetInit: "independent" }))
    const [v1, v2] = tinyViews()
    const targetVars = model.target!.store.paramList()
    // a gradient asked for the target's variables through the very loss of the step: none flows there
    const probe = model.lossAndGrads(v1, v2, [...model.trainable, ...targetVars])
    for (const v of targetVars) {
      const g = probe.grads[v.name] // tfjs omits variables no gradient path reaches
      expect(g === undefined ? 0 : tf.tidy(() => tf.max(tf.abs(g)).dataSync()[0])).toBe(0)
    }
    for (const v of model.trainable) expect(probe.grads[v.name]).toBeDefined() // while the online side gets them
    tf.dispose([probe.value, ...Object.values(probe.grads), probe.f1, probe.f2, ...(probe.emaTargets ?? [])])

    const t0 = values(targetVars)
    for (let step = 0; step < 3; step++) {
      const tPrev = values(targetVars)
      model.step(v1, v2, step)
      const online = values(model.online.store.paramList())
      const t1 = values(targetVars)
      t1.forEach((t, i) => {
        const want = tPrev[i]!.map((x, j) => 0.9 * x + 0.1 * online[i]![j]!)
        expect(maxDiff(t, want)).toBeLessThan(1e-6)
      })
    }
    expect(maxDiff(values(targetVars)[0]!, t0[0]!)).toBeGreaterThan(0) // it did move, by EMA only
    tf.dispose([v1, v2])
    model.dispose()
    expect(tf.memory().numTensors).toBe(before)
  })

  test("no-stop-gradient: the target branch carries gradient (SimSiam's gradient differs; targetless loss changes)", () => {
    const sg = new SslModel(tinyModel({ target: { kind: "simsiam" } }))
    const nsg = new SslModel(tinyModel({ target: { kind: "no-stop-gradient" } }))
    const [v1, v2] = tinyViews(1)
    const a = sg.lossAndGrads(v1, v2)
    const b = nsg.lossAndGrads(v1, v2)
    expect(a.value.dataSync()[0]).toBeCloseTo(b.value.dataSync()[0]!, 6) // same model, same loss value
    // gradient of the last projector layer: with the target branch's contribution it is different
    const name = (m: SslModel) => m.online.store.params.get("projector.fc2.weight")!.name
    const diff = tf.tidy(() => tf.max(tf.abs(tf.sub(a.grads[name(sg)]!, b.grads[name(nsg)]!))).dataSync()[0]!)
    expect(diff).toBeGreaterThan(1e-6)
    for (const r of [a, b]) tf.dispose([r.value, ...Object.values(r.grads), r.f1, r.f2])
    tf.dispose([v1, v2])
    sg.dispose()
    nsg.dispose()
  })
})

/**
 * F̂ recomputed outside the model, in float64, from what the step must feed it: both views' online projector
 * outputs f = online(v) taken before the step (a "measure" forward normalises exactly as the step's train-mode
 * forward), averaged as the original's Accumulator (first batch whole, then ρ·old + (1−ρ)·mean(ffᵀ)).
 * Mutation caught: the model feeding F̂ the predictions p = W_p f, or one view twice, or the target's outputs
 * instead of both views' online outputs (each gives another F̂, so W_p misses the kernel of this one).
 */
class NaiveFHat {
  value: Float64Array
  private steps = 0
  constructor(readonly d: number, readonly rho: number) {
    this.value = new Float64Array(d * d)
  }
  observe(model: SslModel, v1: tf.Tensor4D, v2: tf.Tensor4D): void {
    const d = this.d
    const rows = tf.tidy(() => tf.concat([model.online.apply(v1, "measure").f, model.online.apply(v2, "measure").f], 0).arraySync()) // [2B, d]
    const batch = new Float64Array(d * d)
    for (const r of rows) for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) batch[i * d + j] = batch[i * d + j]! + (r[i]! * r[j]!) / rows.length
    const keep = this.steps === 0 ? 0 : this.rho
    this.value = this.value.map((x, k) => keep * x + (1 - keep) * batch[k]!)
    this.steps++
  }
}

describe("DirectPred, DirectCopy, symmetrisation", () => {
  test("after a DirectPred step (step % freq == 0) W_p equals directPredPredictor(F̂); in between it is SGD", () => {
    const model = new SslModel(tinyModel({ predictor: { kind: "directpred", rho: 0.3, eps: 0.1, freq: 2 } }))
    const [v1, v2] = tinyViews(2)
    const d = model.dim
    const fHat = new NaiveFHat(d, 0.3)
    const kernel = () => directPredPredictor(fHat.value, d, { eps: 0.1, epsInside: false, convert: 2 }).weight
    fHat.observe(model, v1, v2)
    model.step(v1, v2, 0)
    const want = kernel()
    expect(maxDiff(model.predictorMatrix(), want)).toBeLessThan(1e-6)
    fHat.observe(model, v1, v2)
    model.step(v1, v2, 1) // 1 % 2 ≠ 0: an SGD step only
    const after = model.predictorMatrix()
    expect(maxDiff(after, want)).toBeGreaterThan(0) // SGD moved it
    expect(maxDiff(after, kernel())).toBeGreaterThan(1e-6) // and it is not the eigen-construction
    fHat.observe(model, v1, v2)
    model.step(v1, v2, 2)
    expect(maxDiff(model.predictorMatrix(), kernel())).toBeLessThan(1e-6)
    tf.dispose([v1, v2])
    model.dispose()
  })

  test("DirectCopy sets W_p = F̂/‖F̂‖_F + εI after every step", () => {
    const model = new SslModel(tinyModel({ predictor: { kind: "directcopy", rho: 0.5, eps: 0.3 } }))
    const [v1, v2] = tinyViews(3)
    const fHat = new NaiveFHat(model.dim, 0.5)
    for (const step of [0, 1]) {
      fHat.observe(model, v1, v2)
      model.step(v1, v2, step)
    }
    const f = fHat.value
    const norm = Math.hypot(...f)
    const want = f.map((x, i) => x / norm + (i % (model.dim + 1) === 0 ? 0.3 : 0))
    expect(maxDiff(model.predictorMatrix(), want)).toBeLessThan(1e-6)
    tf.dispose([v1, v2])
    model.dispose()
  })

  test("symmetrisation keeps W_p symmetric (linear) and tied W_hidden = W_outᵀ (2-layer)", () => {
    for (const predictor of [{ kind: "linear" } as const, { kind: "mlp2", hidden: 6 } as const]) {
      const model = new SslModel(tinyModel({ predictor, symmetrize: true, target: { kind: "simsiam" } }))
      const [v1, v2] = tinyViews(4)
      for (let t = 0; t < 3; t++) {
        model.step(v1, v2, t)
        const params = model.predictorStore.params
        if (predictor.kind === "linear") {
          const w = Array.from(params.get("predictor.fc.weight")!.dataSync())
          const d = model.dim
          for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) expect(w[i * d + j]).toBe(w[j * d + i]!)
        } else {
          const w0t = tf.tidy(() => tf.transpose(params.get("predictor.fc1.weight")!).dataSync())
          expect(Array.from(params.get("predictor.fc2.weight")!.dataSync())).toEqual(Array.from(w0t))
        }
      }
      tf.dispose([v1, v2])
      model.dispose()
    }
  })

  test("identity predictor: W_p = I, alignment metrics see I; plug-in optimal sets W_p = M2sym(M+λI)⁻¹", () => {
    const id = new SslModel(tinyModel({ predictor: { kind: "identity" } }))
    expect(Array.from(id.predictorMatrix())).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1])
    expect(id.trainable.length).toBe(id.online.store.paramList().length) // no predictor variables
    id.dispose()
    const opt = new SslModel(tinyModel({ predictor: { kind: "optimal", rho: 0, lambda: 0.01, freq: 1 } }))
    const [v1, v2] = tinyViews(5)
    // with ρ = 0 the statistics are this batch's: recompute them from the same forward pass
    const r = opt.lossAndGrads(v1, v2)
    const [t1, t2] = r.emaTargets!
    const f = tf.tidy(() => tf.concat([r.f1, r.f2], 0).arraySync())
    const t = tf.tidy(() => tf.concat([t1, t2], 0).arraySync())
    tf.dispose([r.value, ...Object.values(r.grads), r.f1, r.f2, t1, t2])
    opt.step(v1, v2, 0)
    const d = opt.dim
    const m = new Float64Array(d * d)
    const m2 = new Float64Array(d * d)
    f.forEach((row, n) => {
      for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
        m[i * d + j]! += (row[i]! * row[j]!) / f.length
        m2[i * d + j]! += (t[n]![i]! * row[j]!) / f.length
      }
    })
    const lambda = (0.01 * [0, 1, 2, 3].reduce((s, i) => s + m[i * d + i]!, 0)) / d
    // check W (M + λI) = M2sym
    const w = opt.predictorMatrix()
    for (let i = 0; i < d; i++) for (let j = 0; j < d; j++) {
      let lhs = 0
      for (let k = 0; k < d; k++) lhs += w[i * d + k]! * (m[k * d + j]! + (k === j ? lambda : 0))
      expect(Math.abs(lhs - 0.5 * (m2[i * d + j]! + m2[j * d + i]!))).toBeLessThan(1e-4)
    }
    tf.dispose([v1, v2])
    opt.dispose()
  })
})

describe("architectures and initialisation", () => {
  // (ResNet-18's backward pass takes about a minute on the stock cpu backend the tests run on; its forward pass
  // and parameter count are tested in models.test.ts, and the trainer code path is the same.)
  test("a step trains the CNN (conv + BatchNorm of the projector in train mode) without leaking tensors", () => {
    const before = tf.memory().numTensors
    for (const encoder of [{ kind: "cnn", channels: [4, 6] }] as const) {
      const model = new SslModel(tinyModel({}, { encoder }))
      const [v1, v2] = tinyViews(6)
      const w0 = Array.from(model.online.store.params.get("encoder.conv0.weight")!.dataSync())
      const rm = model.online.store.buffers.get("projector.bn.running_mean")!
      const rm0 = Array.from(rm.dataSync())
      const { loss } = model.step(v1, v2, 0)
      expect(Number.isFinite(loss)).toBe(true)
      expect(Array.from(model.online.store.params.get("encoder.conv0.weight")!.dataSync())).not.toEqual(w0)
      expect(Array.from(rm.dataSync())).not.toEqual(rm0)
      tf.dispose([v1, v2])
      model.dispose()
    }
    expect(tf.memory().numTensors).toBe(before)
  })

  test("EMA target init: 'copy' starts equal to the online network, 'independent' does not", () => {
    const copy = new SslModel(tinyModel({ targetInit: "copy" }))
    const indep = new SslModel(tinyModel({ targetInit: "independent" }))
    const w = (m: SslModel, which: "online" | "target") =>
      Array.from((which === "online" ? m.online : m.target!).store.params.get("encoder.fc0.weight")!.dataSync())
    expect(w(copy, "target")).toEqual(w(copy, "online"))
    expect(w(indep, "target")).not.toEqual(w(indep, "online"))
    expect(w(indep, "online")).toEqual(w(copy, "online")) // the online init does not depend on the target's
    copy.dispose()
    indep.dispose()
  })

  test("'measure' mode uses batch statistics but leaves the running averages alone", () => {
    const model = new SslModel(tinyModel())
    const [v1] = tinyViews(7)
    const bn = model.online.projector.bn!
    const rm0 = Array.from(bn.runningMean.dataSync())
    const [measured, trained] = tf.tidy(() => [model.online.apply(v1, "measure").f, model.online.apply(v1, "train").f])
    expect(Array.from(measured!.dataSync())).toEqual(Array.from(trained!.dataSync())) // same normalisation
    const rm1 = Array.from(bn.runningMean.dataSync())
    expect(rm1).not.toEqual(rm0) // only the train-mode pass moved them
    tf.dispose([v1, measured!, trained!])
    model.dispose()
  })
})
