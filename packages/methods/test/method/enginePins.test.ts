/**
 * The training step pinned bit for bit, one case per predictor kind (and the symmetrised heads, SimSiam's
 * target): the losses of four steps, the final W_p and F̂ (float64, exact through JSON), and sha256 of the
 * checkpoint (state and tensors). The pins were recorded from the engine before its predictors became one
 * rule per file; any change to the arithmetic or its order, or to the checkpoint format, turns this red.
 * Mutation caught: e.g. updating F̂ after DirectPred sets W_p instead of before, symmetrising after the
 * predictor's regulation, or renaming a checkpoint key (each changes a pin).
 * Re-record deliberately, after a reviewed numeric change only: SSL_UPDATE_PINS=1 bun test <this file>.
 * The pins are taken on tfjs' reference `cpu` backend, whatever backend an earlier test file selected: the `blas`
 * backend's fused BatchNorm keeps float64 statistics, so its last float32 bits legitimately differ from `cpu`'s.
 */
import { afterAll, beforeAll, describe, expect, test } from "bun:test"
import { createHash } from "node:crypto"
import { writeFileSync } from "node:fs"
import { tf } from "@ssl/core"
import { SslModel } from "../../src/method/SslModel.ts"
import { type MethodInput, tinyModel, tinyViews } from "../helpers/tiny.ts"

const PINS = new URL("./enginePins.json", import.meta.url).pathname

let previousBackend = ""
let recorded: Record<string, Pin> = {}
// The steps run here, not while the tests are collected: collection happens before any beforeAll, on whatever
// backend an earlier test file left selected.
beforeAll(async () => {
  previousBackend = tf.getBackend() ?? ""
  if (!(await tf.setBackend("cpu"))) throw new Error("the cpu backend could not be selected")
  recorded = Object.fromEntries(Object.entries(CASES).map(([name, method]) => [name, record(method)]))
  if (process.env.SSL_UPDATE_PINS === "1") writeFileSync(PINS, `${JSON.stringify(recorded, null, 1)}\n`)
})
afterAll(async () => {
  if (previousBackend !== "") await tf.setBackend(previousBackend)
})
const STEPS = 4

const CASES: Record<string, MethodInput> = {
  linear: { predictor: { kind: "linear" } },
  "linear-bias-simsiam": { predictor: { kind: "linear", bias: true }, target: { kind: "simsiam" } },
  "linear-symmetrize": { predictor: { kind: "linear" }, symmetrize: true },
  mlp2: { predictor: { kind: "mlp2", hidden: 6 } },
  "mlp2-symmetrize": { predictor: { kind: "mlp2", hidden: 6 }, symmetrize: true, targetInit: "independent" },
  directpred: { predictor: { kind: "directpred", rho: 0.3, eps: 0.1, freq: 2 } },
  "directpred-inside-zero-mean-cumulative": {
    predictor: { kind: "directpred", rho: null, eps: -0.05, freq: 1, epsInside: true, zeroMean: true },
  },
  directcopy: { predictor: { kind: "directcopy", rho: 0.5, eps: 0.3, freq: 1 } },
  identity: { predictor: { kind: "identity" }, target: { kind: "simsiam" } },
  optimal: { predictor: { kind: "optimal", rho: 0.3, lambda: 0.01, freq: 2 } },
  partition: { predictor: { kind: "partition", rho: 0.3, eps: 0.1, partitions: 3 } },
}

interface Pin {
  readonly losses: ReadonlyArray<number>
  readonly wp: ReadonlyArray<number>
  readonly fHat: ReadonlyArray<number>
  readonly stateSha256: string
  readonly tensorsSha256: string
}

const sha256 = (s: string | Uint8Array) => createHash("sha256").update(s).digest("hex")

const tensorsDigest = (model: SslModel): string => {
  const h = createHash("sha256")
  for (const [name, t] of [...model.snapshotTensors()].sort(([a], [b]) => a.localeCompare(b))) {
    h.update(`${name}:${t.shape.join("x")}:`)
    h.update(new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength))
  }
  return h.digest("hex")
}

/** Trains STEPS steps; with `resumeAt`, checkpoints there (through JSON) and continues in a fresh model. */
const record = (method: MethodInput, resumeAt?: number): Pin => {
  let model = new SslModel(tinyModel(method))
  const losses: Array<number> = []
  for (let step = 0; step < STEPS; step++) {
    if (step === resumeAt) {
      const resumed = new SslModel(tinyModel(method))
      resumed.restore(model.snapshotTensors(), JSON.parse(JSON.stringify(model.snapshotState())))
      model.dispose()
      model = resumed
    }
    const [v1, v2] = tinyViews(step)
    losses.push(model.step(v1, v2, step).loss)
    tf.dispose([v1, v2])
  }
  const pin: Pin = {
    losses,
    wp: Array.from(model.predictorMatrix()),
    fHat: Array.from(model.correlation()),
    stateSha256: sha256(JSON.stringify(model.snapshotState())),
    tensorsSha256: tensorsDigest(model),
  }
  model.dispose()
  return pin
}

describe("the training step, pinned per predictor kind", () => {

  for (const name of Object.keys(CASES)) {
    test(`${name}: losses, W_p, F̂ and the checkpoint are bit-identical to the pins`, async () => {
      const pins = (await Bun.file(PINS).json()) as Record<string, Pin>
      expect(recorded[name]).toEqual(pins[name]!)
    })
  }

  // Mutation caught: a predictor rule whose checkpoint state misses part of what it estimates (e.g. the plug-in
  // predictor's state() returning {}, a partition side's F̂ not restored), or F̂ not restored by the model.
  test("resumed from a checkpoint after two steps, every kind continues to the same pins", () => {
    const before = tf.memory().numTensors
    for (const [name, method] of Object.entries(CASES)) expect({ name, pin: record(method, 2) }).toEqual({ name, pin: recorded[name]! })
    expect(tf.memory().numTensors).toBe(before)
  })

  test("a checkpoint of another predictor kind is refused with the reason", () => {
    const linear = new SslModel(tinyModel({ predictor: { kind: "linear" } }))
    for (const predictor of [{ kind: "optimal" }, { kind: "partition", partitions: 2 }] as const) {
      const other = new SslModel(tinyModel({ predictor }))
      expect(() => other.restore(linear.snapshotTensors(), linear.snapshotState())).toThrow(/checkpoint lacks the .*(another predictor kind)/)
      other.dispose()
    }
    linear.dispose()
  })
})
