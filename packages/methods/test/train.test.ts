import { expect, test } from "bun:test"
import { Effect, Exit } from "effect"
import { tf } from "@ssl/core"
import { SslModel } from "../src/method/SslModel.ts"
import { Diverged, Interrupted } from "../src/train/errors.ts"
import type { TrainMetricsRecord } from "../src/train/TrainMetricsRecord.ts"
import { runTraining, train } from "../src/train/train.ts"
import { memorySink } from "../src/train/TrainSink.ts"
import { silentProgress } from "../src/train/Progress.ts"
import { tinyModel, tinyTrain } from "./helpers/tiny.ts"

/** Every numeric field of two records agrees within tol (wall-clock `seconds` excepted). */
const expectSameRecords = (a: ReadonlyArray<TrainMetricsRecord>, b: ReadonlyArray<TrainMetricsRecord>, tol = 1e-6) => {
  expect(b.map((r) => r.step)).toEqual(a.map((r) => r.step))
  a.forEach((ra, i) => {
    const rb = b[i]!
    for (const key of Object.keys(ra) as Array<keyof TrainMetricsRecord>) {
      if (key === "seconds") continue
      const x = ra[key]
      const y = rb[key]
      const xs = Array.isArray(x) ? x : [x]
      const ys = Array.isArray(y) ? y : [y]
      expect(ys.length).toBe(xs.length)
      xs.forEach((v, j) => {
        const w = ys[j] as number
        if (Number.isNaN(v)) expect(Number.isNaN(w)).toBe(true)
        else expect(Math.abs((v as number) - w)).toBeLessThanOrEqual(tol)
      })
    }
  })
}

const fresh = (opts: ReturnType<typeof tinyTrain>) => new SslModel(opts.model)

test("resume-equivalence: interrupted + resumed = uninterrupted (metrics within 1e-6), every method", () => {
  const before = tf.memory().numTensors
  for (const method of [
    {},
    { predictor: { kind: "directpred", rho: 0.3, eps: 0.1, freq: 2 } },
    { target: { kind: "simsiam" }, predictor: { kind: "mlp2", hidden: 6 }, symmetrize: true },
  ] as const) {
    const opts = tinyTrain(tinyModel(method))
    const whole = memorySink()
    const m1 = fresh(opts)
    const r1 = runTraining({ ...opts, sink: whole }, m1)
    expect(r1.metrics.map((r) => r.step)).toEqual([0, 2, 4, 6, 8, 10, 12])

    // interrupted after step 7: the last checkpoint is step 4, records 6 was written after it
    const split = memorySink()
    const m2 = fresh(opts)
    runTraining({ ...opts, sink: split, until: 7 }, m2)
    m2.dispose()
    expect(split.readMetrics().map((r) => r.step)).toEqual([0, 2, 4, 6])
    const m3 = fresh(opts) // a new process would build a new model
    const r3 = runTraining({ ...opts, sink: split, resumeFrom: split.latest()! }, m3)
    expect(r3.resumedFrom).toBe(4)
    expectSameRecords(r1.metrics, r3.metrics)
    // and the weights at the end are the same
    const w1 = m1.online.store.paramList().map((v) => Array.from(v.dataSync()))
    const w3 = m3.online.store.paramList().map((v) => Array.from(v.dataSync()))
    expect(w3).toEqual(w1)
    m1.dispose()
    m3.dispose()
  }
  expect(tf.memory().numTensors).toBe(before)
}, 30_000)

test("metrics: step 0 measures the initial model; alignment/asymmetry/zStd/effective rank are in range", () => {
  const opts = tinyTrain(tinyModel(), { steps: 6, logEvery: 3, alignmentEvery: 6 })
  const m = fresh(opts)
  const r = runTraining(opts, m)
  const [first, mid, last] = r.metrics as [TrainMetricsRecord, TrainMetricsRecord, TrainMetricsRecord]
  expect(first.step).toBe(0)
  expect(first.alignmentCos?.length).toBe(4)
  expect(mid.alignmentCos).toBeUndefined()
  expect(last.alignmentCos?.length).toBe(4)
  for (const rec of r.metrics) {
    expect(rec.fEigenvalues.length).toBe(4)
    expect(rec.wpEigenvalues.length).toBe(4)
    expect(rec.zStd).toBeGreaterThanOrEqual(0)
    expect(rec.zStd).toBeLessThanOrEqual(1)
    expect(rec.effectiveRank).toBeGreaterThanOrEqual(1)
    expect(rec.effectiveRank).toBeLessThanOrEqual(4)
    expect(rec.asymmetry).toBeGreaterThanOrEqual(0)
    expect(rec.loss).toBeGreaterThanOrEqual(-4)
    expect(rec.loss).toBeLessThanOrEqual(4)
  }
  // the records' fEigenvalues are descending
  for (const rec of r.metrics) for (let i = 1; i < 4; i++) expect(rec.fEigenvalues[i]!).toBeLessThanOrEqual(rec.fEigenvalues[i - 1]!)
  m.dispose()
})

test("divergence: NaN stops the run with Diverged naming the step; the last good checkpoint is kept", async () => {
  const before = tf.memory().numTensors
  // the squared-error loss with a huge step size blows up geometrically (the cosine loss is scale-invariant)
  const opts = tinyTrain(tinyModel({ loss: "mse" }, {
    optimizer: { lr: 1e3, momentum: 0.9, weightDecay: 0, predictor: { lrMultiplier: 1, weightDecay: 0 } },
  }), { steps: 40, checkpointEvery: 1, logEvery: 1 })
  const sink = memorySink()
  const exit = await Effect.runPromiseExit(train({ ...opts, sink }).pipe(Effect.scoped))
  expect(Exit.isFailure(exit)).toBe(true)
  const diverged = await Effect.runPromise(Effect.flip(train({ ...opts, sink: memorySink() }).pipe(Effect.scoped)))
  expect(diverged).toBeInstanceOf(Diverged)
  expect(diverged._tag).toBe("Diverged")
  expect(diverged.step).toBeGreaterThan(0)
  expect(diverged.message).toContain(`step ${diverged.step}`)
  // every checkpoint written is finite, and the last one is before the divergence
  const last = sink.latest()
  expect(sink.checkpoints.length).toBeGreaterThan(0)
  if (last !== undefined) {
    expect(last.step).toBeLessThan(diverged.step)
    for (const { values } of last.tensors.values()) for (const v of values) expect(Number.isFinite(v)).toBe(true)
  }
  expect(tf.memory().numTensors).toBe(before) // the Scope disposed the model
})

test("no tensor leaks after a short run of every method (the Scope disposes the model)", async () => {
  const before = tf.memory().numTensors
  for (const method of [
    {},
    { target: { kind: "simsiam" } },
    { target: { kind: "no-stop-gradient" } },
    { predictor: { kind: "identity" } },
    { predictor: { kind: "mlp2", hidden: 6 } },
    { predictor: { kind: "directpred", rho: 0.3, eps: 0.1, freq: 1 } },
    { predictor: { kind: "directcopy", rho: 0.5, eps: 0.3 } },
    { predictor: { kind: "optimal", rho: 0.3, lambda: 0.01, freq: 2 }, symmetrize: true },
  ] as const) {
    const r = await Effect.runPromise(train(tinyTrain(tinyModel(method), { steps: 4 })).pipe(Effect.map((x) => x.step), Effect.scoped))
    expect(r).toBe(4)
    expect(tf.memory().numTensors).toBe(before)
  }
}, 30_000)

test("a stop signal stops between two steps with a checkpoint of the completed step; resuming gives the uninterrupted run", async () => {
  const before = tf.memory().numTensors
  const opts = tinyTrain(tinyModel({ predictor: { kind: "directpred", rho: 0.3, eps: 0.1, freq: 2 } }), { checkpointEvery: 4 })
  const whole = memorySink()
  const m1 = fresh(opts)
  const r1 = runTraining({ ...opts, sink: whole }, m1)

  // Ctrl-C arrives during step 5 (from a callback, as a signal handler would between steps): it stops after it.
  const stop = new AbortController()
  const split = memorySink()
  const stopAt5 = { ...silentProgress, step: (completed: number) => { if (completed === 5) stop.abort() } }
  const stopped = await Effect.runPromise(Effect.flip(train({ ...opts, sink: split, progress: stopAt5, stopSignal: stop.signal }).pipe(Effect.scoped)))
  expect(stopped).toBeInstanceOf(Interrupted)
  expect((stopped as Interrupted).step).toBe(5)
  expect(stopped.message).toContain("after step 5 of 12")
  expect(split.latest()!.step).toBe(5) // its own checkpoint, not only the periodic one at step 4
  expect(split.readMetrics().map((r) => r.step)).toEqual([0, 2, 4])

  const m3 = fresh(opts)
  const r3 = runTraining({ ...opts, sink: split, resumeFrom: split.latest()! }, m3)
  expect(r3.resumedFrom).toBe(5)
  expectSameRecords(r1.metrics, r3.metrics)
  expect(m3.online.store.paramList().map((v) => Array.from(v.dataSync()))).toEqual(m1.online.store.paramList().map((v) => Array.from(v.dataSync())))

  // a signal that fires during the last step changes nothing: the run completes
  const late = new AbortController()
  const lateProgress = { ...silentProgress, step: (completed: number) => { if (completed === 12) late.abort() } }
  const done = await Effect.runPromise(train({ ...opts, sink: memorySink(), progress: lateProgress, stopSignal: late.signal }).pipe(Effect.map((x) => x.step), Effect.scoped))
  expect(done).toBe(12)
  m1.dispose()
  m3.dispose()
  expect(tf.memory().numTensors).toBe(before)
}, 30_000)
