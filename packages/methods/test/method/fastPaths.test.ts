/**
 * The trainer's fast paths on the `blas` backend against the op paths they replace, in one process on the same BLAS:
 * the ci base (BYOL: MLP 784→256→256, projector 256→256 BN→64, linear predictor, EMA target, SGD; batch 128) and the
 * same with DirectPred's predictor, 5 steps each from one seed on two fixed views, run once with every fast-path
 * kernel registered and once with them unregistered (each op then falls back to the tfjs op sequence it replaces).
 * The losses and every variable after the 5 steps must be bit-identical: the fast paths compute the same GEMMs,
 * sums and element-wise roundings in the same order, so the stated tolerance is zero. On both element-wise paths
 * (native library, JavaScript loops).
 * Mutations caught (each checked by hand): linearLayer's bias gradient summed over the unmasked dy; its ReLU mask
 * taken from dy instead of y; the weight gradient scaled (dz·2) -- each changes the 5-step losses.
 */
import { describe, expect, test } from "bun:test"
import { extend, resolveConfig, ciBase, type RunConfigInput } from "@ssl/configs"
import { initBackend, Rng, tf } from "@ssl/core"
import { LINEAR_LAYER } from "@ssl/core/internal/backend/blas/linearLayer.ts"
import { activeNative, setActiveNative } from "@ssl/core/internal/backend/blas/native/activeNative.ts"
import { findNativeKernels } from "@ssl/core/internal/backend/blas/native/findNativeKernels.ts"
import { modelSpec } from "../../src/experiment/runExperiment.ts"
import { SslModel } from "../../src/method/SslModel.ts"

/** The blas kernels that replace op sequences in the step; unregistered, the ops take their tfjs paths. */
const FAST_PATH_KERNELS = [LINEAR_LAYER]
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

for (const path of ["native", "javascript"] as const) {
  describe(`${path} element-wise kernels`, () => {
    for (const [name, input] of Object.entries(CONFIGS)) {
      test(`${name}: ${STEPS} steps with the fast paths equal the op paths bit for bit`, async () => {
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
          const ops = withoutKernels(FAST_PATH_KERNELS, () => train(input))
          expect(tf.memory().numTensors).toBe(before)
          expect(fast.losses.every(Number.isFinite)).toBe(true)
          expect(fast.losses).toEqual(ops.losses)
          expect(Object.keys(fast.variables)).toEqual(Object.keys(ops.variables))
          for (const k of Object.keys(ops.variables)) expect([k, fast.variables[k]]).toEqual([k, ops.variables[k]])
        } finally {
          setActiveNative(previousNative)
          if (previous !== undefined) await tf.setBackend(previous)
        }
      }, 120_000)
    }
  })
}
