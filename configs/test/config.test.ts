import { describe, expect, test } from "bun:test"
import { readdirSync } from "node:fs"
import { join } from "node:path"
import { RECIPES } from "@ssl/core"
import {
  applySets, ConfigError, configHash, decodeConfig, extend, formatConfig, loadConfigFile, override, resolveConfig, type RunConfig,
  type RunConfigInput, sweep,
} from "../index.ts"
import { augmentParams } from "../augmentParams.ts"
import { CONFIGS_DIR } from "../loadConfigFile.ts"
import { parseSet, parseValue } from "../override.ts"
import byol from "../fashion-mnist/byol.ts"

/** The ConfigError thrown by `f` (fails the test if nothing is thrown). */
const errorOf = (f: () => unknown): ConfigError => {
  try {
    f()
  } catch (e) {
    expect(e).toBeInstanceOf(ConfigError)
    return e as ConfigError
  }
  throw new Error("expected a ConfigError")
}

const minimal: RunConfigInput = {
  data: { dataset: "fashion-mnist", augment: { recipe: "fashion-mnist" } },
  model: { encoder: { kind: "mlp", hidden: [64] } },
  method: { target: { kind: "ema" }, predictor: { kind: "linear" } },
  train: { steps: 10 },
}

describe("schema", () => {
  test("defaults fill every section of a minimal config", () => {
    const c = resolveConfig(minimal)
    expect(c.optimizer).toEqual({ lr: 0.03, momentum: 0.9, weightDecay: 4e-4, predictor: { lrMultiplier: 1, weightDecay: 4e-4 } })
    expect(c.method).toEqual({ target: { kind: "ema", gamma: 0.996 }, predictor: { kind: "linear", bias: false }, symmetrize: false, loss: "cosine", targetInit: "copy" })
    expect(c.model.projector).toEqual({ hidden: 512, out: 128, batchNorm: true })
    expect(c.eval).toEqual({ probe: { epochs: 50, lr: 3e-4, weightDecay: 1e-3, batchSize: 128 }, knn: { k: 200 } })
    expect(c.runtime).toEqual({ backend: "auto" })
    expect(c.train).toEqual({ steps: 10, batchSize: 128, seed: 0, logEvery: 10, checkpointEvery: 0 })
    expect(c.data.unlabeled).toBe(0)
  })

  test("the caller's object is not modified by resolving", () => {
    const input = structuredClone(minimal)
    resolveConfig(input)
    expect(input).toEqual(minimal)
  })

  test("an unknown key is rejected with its path, at any depth", () => {
    for (const [patch, path] of [
      [{ optimiser: {} }, "optimiser"],
      [{ optimizer: { lrr: 0.1 } }, "optimizer.lrr"],
      [{ method: { predictor: { kind: "linear", rho: 0.3 } } }, "method.predictor.rho"],
      [{ data: { augment: { noise: { sd: 1 } } } }, "data.augment.noise.sd"],
      [{ eval: { probe: { label: 10 } } }, "eval.probe.label"],
    ] as const) {
      const err = decodeConfig({ ...structuredClone(minimal), ...mergeTop(patch) })
      expect(err).toBeInstanceOf(ConfigError)
      expect((err as ConfigError).paths).toContain(path)
      expect((err as ConfigError).message).toContain(`${path} is not a known key`)
    }
  })

  test("out-of-range values name the path, the expected range and the actual value", () => {
    const err = decodeConfig(extend(minimal, { optimizer: { lr: -1, momentum: 1 }, train: { batchSize: 0 }, method: { target: { kind: "ema", gamma: 1.5 } } }))
    expect(err).toBeInstanceOf(ConfigError)
    const m = (err as ConfigError).message
    expect(m).toContain("optimizer.lr must be positive (was -1)")
    expect(m).toContain("optimizer.momentum must be less than 1 (was 1)")
    expect(m).toContain("train.batchSize must be at least 1 (was 0)")
    expect(m).toContain("method.target.gamma must be at most 1 (was 1.5)")
  })

  test("bad enums, bad discriminants, ranges and cross-field rules", () => {
    const msg = (patch: object) => (decodeConfig(extend(minimal, patch as never)) as ConfigError).message
    expect(msg({ data: { dataset: "mnist" } })).toContain('data.dataset must be "cifar10", "fashion-mnist" or "stl10" (was "mnist")')
    expect(msg({ method: { predictor: { kind: "quadratic" } } })).toContain("method.predictor.kind must be")
    expect(msg({ data: { augment: { crop: { scale: [0.9, 0.2] } } } })).toContain("data.augment.crop.scale must be a range [lo, hi] with lo <= hi (was [0.9, 0.2])")
    expect(msg({ data: { augment: { blur: { kernel: 4 } } } })).toContain("data.augment.blur.kernel must be an odd kernel size (was 4)")
    expect(msg({ train: { epochs: 3 } })).toContain("train.epochs must be exactly one of train.steps and train.epochs (was both)")
    expect(msg({ method: { predictor: { kind: "directpred", eps: -0.1 } } })).toContain("method.predictor.eps must be non-negative unless epsInside is true")
    expect(decodeConfig(extend(minimal, { method: { predictor: { kind: "directpred", eps: -0.1, epsInside: true } } }))).not.toBeInstanceOf(ConfigError)
  })
})

/** Shallow helper: a top-level patch merged into the minimal config's sections. */
const mergeTop = (patch: Record<string, unknown>): Record<string, unknown> => {
  const out: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(patch)) out[k] = k in minimal ? extend(minimal, { [k]: v } as never)[k as keyof RunConfigInput] : v
  return out
}

describe("extend", () => {
  test("deep merge; arrays replaced; a changed kind replaces the whole object", () => {
    const c = extend(minimal, { model: { encoder: { kind: "mlp", hidden: [8, 8] } }, method: { predictor: { kind: "directpred", rho: 0.5 } }, optimizer: { lr: 0.1 } })
    const r = resolveConfig(c)
    expect(r.model.encoder).toEqual({ kind: "mlp", hidden: [8, 8] })
    expect(r.method.predictor).toEqual({ kind: "directpred", rho: 0.5, eps: 0.1, freq: 1, epsInside: false, zeroMean: false })
    expect(r.optimizer.lr).toBe(0.1)
    expect(r.optimizer.momentum).toBe(0.9)
    expect(minimal.method.predictor).toEqual({ kind: "linear" })
  })

  test("the patch is type-checked", () => {
    // @ts-expect-error — no such key
    extend(minimal, { optimizer: { lrr: 1 } })
    // @ts-expect-error — wrong type
    extend(minimal, { train: { steps: "many" } })
    expect(true).toBe(true)
  })
})

describe("override and --set", () => {
  const base = resolveConfig(minimal)

  test("override by dotted path re-validates and returns a resolved config", () => {
    expect(override(base, "optimizer.lr", 0.05).optimizer.lr).toBe(0.05)
    expect(override(base, "data.trainLimit", 1000).data.trainLimit).toBe(1000)
    expect(base.optimizer.lr).toBe(0.03)
  })

  test("a path that does not exist is an error naming it", () => {
    for (const path of ["optimizer.lrr", "optimiser.lr", "optimizer.lr.value", "method.predictor.eps"]) {
      const err = errorOf(() => override(base, path, 0.1))
      expect(err.paths).toEqual([path])
      expect(err.message).toContain(`${path} is not a path of the config`)
    }
  })

  test("an out-of-range override names the path and the rule", () => {
    const err = errorOf(() => override(base, "optimizer.momentum", 2))
    expect(err.message).toContain("optimizer.momentum must be less than 1 (was 2)")
  })

  test("setting a kind replaces its object so the new branch's defaults apply", () => {
    const c = override(base, "method.predictor.kind", "directpred")
    expect(c.method.predictor).toEqual({ kind: "directpred", rho: 0.3, eps: 0.1, freq: 1, epsInside: false, zeroMean: false })
    expect(override(c, "method.predictor.eps", 0.5).method.predictor).toMatchObject({ kind: "directpred", eps: 0.5 })
  })

  test("value strings: scientific notation, booleans, null, JSON, quoted and bare strings", () => {
    expect(parseValue("1e-4")).toBe(1e-4)
    expect(parseValue("-2.5E3")).toBe(-2500)
    expect(parseValue(".5")).toBe(0.5)
    expect(parseValue("true")).toBe(true)
    expect(parseValue("false")).toBe(false)
    expect(parseValue("null")).toBeNull()
    expect(parseValue("[0.2,1]")).toEqual([0.2, 1])
    expect(parseValue("'7'")).toBe("7")
    expect(parseValue("wasm")).toBe("wasm")
    expect(parseSet("optimizer.lr=1e-4")).toEqual({ path: "optimizer.lr", value: 1e-4 })
    expect(() => parseSet("optimizer.lr")).toThrow(ConfigError)
    expect(() => parseSet("=3")).toThrow(ConfigError)
  })

  test("--set optimizer.lr=1e-4 and friends go through the schema", () => {
    const c = applySets(base, ["optimizer.lr=1e-4", "method.symmetrize=true", "runtime.backend=wasm", "data.augment.crop.scale=[0.2,1]", "data.augment.noise=null"])
    expect(c.optimizer.lr).toBe(1e-4)
    expect(c.method.symmetrize).toBe(true)
    expect(c.runtime.backend).toBe("wasm")
    expect(c.data.augment.crop).toEqual({ scale: [0.2, 1] })
    expect(c.data.augment.noise).toBeNull()
    expect(errorOf(() => applySets(base, ["runtime.backend=gpu"])).message).toContain("runtime.backend must be")
    expect(errorOf(() => applySets(base, ["train.steps=1.5"])).message).toContain("train.steps must be an integer (was 1.5)")
    expect(errorOf(() => applySets(base, ["train.stepz=3"])).paths).toEqual(["train.stepz"])
  })
})

describe("print and hash", () => {
  const c = resolveConfig(minimal)

  test("the hash is independent of key order and changes when a value changes", () => {
    const reversed = reverseKeys(structuredClone(minimal)) as RunConfigInput
    expect(JSON.stringify(reversed)).not.toBe(JSON.stringify(minimal))
    expect(configHash(resolveConfig(reversed))).toBe(configHash(c))
    expect(configHash(override(c, "optimizer.lr", 0.031))).not.toBe(configHash(c))
    expect(configHash(override(c, "train.seed", 1))).not.toBe(configHash(c))
    expect(configHash(c)).toMatch(/^[0-9a-f]{64}$/)
  })

  test("defaults written out or left implicit hash the same", () => {
    expect(configHash(resolveConfig(extend(minimal, { optimizer: { lr: 0.03 }, runtime: { backend: "auto" } })))).toBe(configHash(c))
  })

  test("the print is stable (sorted keys) and round-trips", () => {
    const text = formatConfig(c)
    expect(text).toBe(formatConfig(resolveConfig(reverseKeys(structuredClone(minimal)))))
    expect(JSON.parse(text)).toEqual(c)
    const keys = Object.keys(JSON.parse(text))
    expect(keys).toEqual([...keys].sort())
  })
})

const reverseKeys = (x: unknown): unknown => {
  if (Array.isArray(x)) return x.map(reverseKeys)
  if (x !== null && typeof x === "object") return Object.fromEntries(Object.entries(x).reverse().map(([k, v]) => [k, reverseKeys(v)]))
  return x
}

describe("sweep", () => {
  test("the grid has the product of the value counts, each point validated and distinct", () => {
    const points = sweep(minimal, { "method.predictor.kind": ["directpred"], "method.predictor.eps": [0, 0.1, 0.5], "train.seed": [0, 1] })
    expect(points).toHaveLength(6)
    expect(points[1]!.point).toEqual({ "method.predictor.kind": "directpred", "method.predictor.eps": 0, "train.seed": 1 })
    expect(new Set(points.map((p) => configHash(p.config))).size).toBe(6)
    expect(points.map((p) => (p.config.method.predictor as { eps: number }).eps)).toEqual([0, 0, 0.1, 0.1, 0.5, 0.5])
  })

  test("a bad value anywhere in the grid is an error", () => {
    expect(() => sweep(minimal, { "optimizer.lr": [0.1, -1] })).toThrow(ConfigError)
  })
})

describe("presets", () => {
  const presetFiles = ["fashion-mnist", "cifar10", "stl10"].flatMap((d) =>
    readdirSync(join(CONFIGS_DIR, d)).filter((f) => f.endsWith(".ts")).map((f) => `${d}/${f.slice(0, -3)}`))

  test("the expected presets exist", () => {
    for (const name of ["byol", "simsiam", "directpred", "directpred-freq5", "directcopy", "sgd-linear", "byol-2layer", "cpu-long"]) {
      expect(presetFiles).toContain(`fashion-mnist/${name}`)
    }
    expect(presetFiles.filter((p) => p.startsWith("cifar10/")).length).toBeGreaterThanOrEqual(5)
    expect(presetFiles.filter((p) => p.startsWith("stl10/")).length).toBeGreaterThanOrEqual(5)
  })

  test("every preset validates, and its augmentation resolves in @ssl/core", async () => {
    for (const p of presetFiles) {
      const c = await loadConfigFile(p)
      expect(c.data.augment.recipe in RECIPES).toBe(true)
      augmentParams(c.data.augment)
    }
  })

  test("paper hyperparameters for CIFAR-10 and STL-10 (docs/paper/original-code.md#hyperparameters)", async () => {
    for (const d of ["cifar10", "stl10"]) {
      const c = await loadConfigFile(`${d}/byol`)
      expect(c.model.encoder).toEqual({ kind: "resnet18", stem: d === "cifar10" ? "cifar" : "imagenet" })
      expect(c.optimizer).toEqual({ lr: 0.03, momentum: 0.9, weightDecay: 4e-4, predictor: { lrMultiplier: 1, weightDecay: 4e-4 } })
      expect(c.method.target).toEqual({ kind: "ema", gamma: 0.996 })
      expect(c.train.batchSize).toBe(128)
      expect(c.train.epochs).toBe(100)
      const dp = await loadConfigFile(`${d}/directpred`)
      expect(dp.method.predictor).toEqual({ kind: "directpred", rho: 0.3, eps: 0.1, freq: 1, epsInside: false, zeroMean: false })
    }
    expect((await loadConfigFile("stl10/byol")).data.unlabeled).toBe(100000)
  })

  test("sgd-linear resolves to byol (one shared run); the others differ from it", async () => {
    const hash = async (p: string) => configHash(await loadConfigFile(p))
    expect(await hash("fashion-mnist/sgd-linear")).toBe(await hash("fashion-mnist/byol"))
    expect(await hash("fashion-mnist/directpred")).not.toBe(await hash("fashion-mnist/byol"))
    const f5: RunConfig = await loadConfigFile("fashion-mnist/directpred-freq5")
    expect(f5.method.predictor).toMatchObject({ kind: "directpred", freq: 5, rho: 0.3, eps: 0.1 })
    expect((await loadConfigFile("fashion-mnist/cpu-long")).model.encoder).toEqual({ kind: "cnn", channels: [32, 64, 128] })
  })

  test("loadConfigFile applies --set and reports a missing file", async () => {
    const c = await loadConfigFile("configs/fashion-mnist/byol.ts", ["train.steps=20"], join(CONFIGS_DIR, ".."))
    expect(c.train.steps).toBe(20)
    expect(byol.train.steps).not.toBe(20) // the preset object itself is not mutated by --set
    await expect(loadConfigFile("fashion-mnist/nope")).rejects.toBeInstanceOf(ConfigError)
  })
})
