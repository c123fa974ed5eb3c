/**
 * The trainer's fast paths on the `blas` backend against the op paths they replace, in one process on the same BLAS:
 * the ci base (BYOL: MLP 784→256→256, projector 256→256 BN→64, linear predictor, EMA target, SGD; batch 128) and the
 * same with DirectPred's predictor, 5 steps each from one seed on two fixed views, run once with every fast-path
 * kernel registered, once without the exact ones (linearLayer's, the EMA kernels of the target and of BatchNorm's
 * running statistics, the one-call SGD step) and once without any (each op then falls back to the tfjs op
 * sequence it replaces). Stated tolerances: the exact kernels compute the same GEMMs, sums and roundings in the same
 * order, so without them alone the losses and every variable after 5 steps are bit-identical; the fused cosine loss
 * reduces rows in float64, so against the full op path the losses agree within 1e-5 and every variable within
 * 1e-5·(1 + |θ|) (measured: 1.3e-7 at most). On both element-wise paths (native library, JavaScript loops).
 * Mutations caught (each checked by hand): linearLayer's bias gradient summed over the unmasked dy; its ReLU mask
 * taken from dy instead of y; the weight gradient scaled (dz·2); the fused loss's gradient without its radial term
 * -cos·x/‖x‖² -- each moves the 5-step losses or variables past the tolerance.
 */
import { describe, expect, test } from "bun:test"
import { extend, resolveConfig, ciBase, type RunConfigInput } from "@ssl/configs"
import { initBackend, Rng, tf } from "@ssl/core"
import { EMA_UPDATE, EMA_UPDATE_MANY, SGD_MOMENTUM_MANY } from "@ssl/core/internal/backend/blas/fusedUpdates.ts"
import { LINEAR_LAYER } from "@ssl/core/internal/backend/blas/linearLayer.ts"
import { SYMMETRIC_COSINE_LOSS, SYMMETRIC_COSINE_LOSS_GRAD } from "@ssl/core/internal/backend/blas/symmetricCosineLoss.ts"
import { activeNative, setActiveNative } from "@ssl/core/internal/backend/blas/native/activeNative.ts"
import { findNativeKernels } from "@ssl/core/internal/backend/blas/native/findNativeKernels.ts"
import { modelSpec } from "../../src/experiment/runExperiment.ts"
import { SslModel } from "../../src/method/SslModel.ts"

/**
 * The blas kernels that replace op sequences in the step; unregistered, the ops take their tfjs paths. `exact`: the
 * same arithmetic in the same order (bit-identical); the fused loss reduces each row in float64 instead of rounding
 * after every op, so with it the runs agree within float32 rounding (LOSS_TOL, VAR_TOL).
 */
const EXACT_KERNELS = [LINEAR_LAYER, EMA_UPDATE, EMA_UPDATE_MANY, SGD_MOMENTUM_MANY]
const ALL_KERNELS = [...EXACT_KERNELS, SYMMETRIC_COSINE_LOSS, SYMMETRIC_COSINE_LOSS_GRAD]
/** |Δ loss| per step (the loss is in [−4, 4]) and |Δ θ| / (1 + |θ|) per variable entry, after 5 steps. */
const LOSS_TOL = 1e-5
const VAR_TOL = 1e-5
const STEPS = 5

const withoutKernels = <A>(names: ReadonlyArray<string>, f: () => A): A => {
  const saved = names.map((n) => tf.getKernel(n, "blas")).filter((k) => k !== undefined)
  expect(saved.length).toBe(names.length)
  for (const k of saved) tf.unregisterKernel(k.kernelName, "blas")
  try {
    return f()
  } finally {
    for (const k of saved) tf.registerKernel(k)
  }
}

/** Losses of STEPS steps and every variable afterwards (online, predictor, target, momentum buffers). */
const train = (input: RunConfigInput) => {
  const config = resolveConfig(input)
  const batch = config.train.batchSize
  const rng = new Rng(7)
  const view = () => tf.tensor4d(Float32Array.from(rng.normals(batch * 28 * 28, 1)), [batch, 28, 28, 1])
  const v1 = view(), v2 = view() // [B, 28, 28, 1]
  const model = new SslModel(modelSpec(config, [28, 28, 1]))
  try {
    const losses = Array.from({ length: STEPS }, (_, i) => model.step(v1, v2, i).loss)
    const variables = Object.fromEntries([...model.snapshotTensors()].map(([k, v]) => [k, Array.from(v.values)]))
    return { losses, variables }
  } finally {
    model.dispose()
    tf.dispose([v1, v2])
  }
}

const CONFIGS: Record<string, RunConfigInput> = {
  "ci base (BYOL, linear predictor)": ciBase,
  "ci base with DirectPred": extend(ciBase, { method: { predictor: { kind: "directpred" } } }),
}

// SSL_NATIVE=0 runs only the JavaScript path, as the backend would
for (const path of process.env.SSL_NATIVE === "0" ? (["javascript"] as const) : (["native", "javascript"] as const)) {
  describe(`${path} element-wise kernels`, () => {
    for (const [name, input] of Object.entries(CONFIGS)) {
      test(`${name}: ${STEPS} steps with the fast paths equal the op paths (linearLayer bit for bit, the loss within rounding)`, async () => {
        const previous = tf.getBackend()
        await initBackend("blas", { threads: 1, log: () => {} })
        const previousNative = activeNative()
        try {
          if (path === "native") {
            const found = findNativeKernels()
            if (!found.ok) throw new Error(`the native kernels are unavailable: ${found.why}`)
            setActiveNative(found.kernels)
          } else {
            setActiveNative(undefined)
          }
          const before = tf.memory().numTensors
          const fast = train(input)
          const exact = withoutKernels(EXACT_KERNELS, () => train(input))
          const ops = withoutKernels(ALL_KERNELS, () => train(input))
          expect(tf.memory().numTensors).toBe(before)
          expect(fast.losses.every(Number.isFinite)).toBe(true)
          // the exact kernels: bit for bit
          expect(fast.losses).toEqual(exact.losses)
          expect(Object.keys(fast.variables)).toEqual(Object.keys(exact.variables))
          for (const k of Object.keys(exact.variables)) expect([k, fast.variables[k]]).toEqual([k, exact.variables[k]])
          // every fast path against the op sequences: within float32 rounding
          fast.losses.forEach((l, i) => expect(Math.abs(l - ops.losses[i]!)).toBeLessThanOrEqual(LOSS_TOL))
          let worst = 0
          for (const [k, v] of Object.entries(ops.variables)) {
            const f = fast.variables[k]!
            v.forEach((x, i) => { worst = Math.max(worst, Math.abs(f[i]! - x) / (1 + Math.abs(x))) })
          }
          expect(worst).toBeLessThanOrEqual(VAR_TOL)
          expect(worst).toBeGreaterThan(0) // the op run really took the other path (float32 rows, not float64)
        } finally {
          setActiveNative(previousNative)
          if (previous !== undefined) await tf.setBackend(previous)
        }
      }, 120_000)
    }
  })
}
