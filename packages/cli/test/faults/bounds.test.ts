/**
 * Bounds before allocation: the schema refuses a model and batch whose estimated memory (parameters and
 * activations) exceeds the limit (SSL_MEMORY_LIMIT, else 80% of the machine), and a batch larger than the
 * pretraining images, whose limit is the loader's own (EpochSampler: batchSize ≤ images).
 */
import { afterEach, describe, expect, test } from "bun:test"
import { totalmem } from "node:os"
import { ConfigError, estimateMemory, memoryLimit, resolveConfig } from "@ssl/configs"
import { EpochSampler, Rng } from "@ssl/core"
import { expectNoFrames, scratch, ssl, tinyConfig } from "./harness.ts"

const base = {
  data: { dataset: "fashion-mnist", augment: { recipe: "fashion-mnist" } },
  model: { encoder: { kind: "mlp", hidden: [512] }, projector: { hidden: 512, out: 128 } },
  method: { target: { kind: "ema" }, predictor: { kind: "linear" } },
  train: { steps: 10, batchSize: 256 },
} as const

const issuesOf = (input: unknown): Array<string> => {
  try {
    resolveConfig(input)
    return []
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e
    return e.issues.map((i) => `${i.path}: ${i.message}`)
  }
}

const saved = process.env["SSL_MEMORY_LIMIT"]
afterEach(() => {
  if (saved === undefined) delete process.env["SSL_MEMORY_LIMIT"]
  else process.env["SSL_MEMORY_LIMIT"] = saved
})

describe("memory", () => {
  // Mutation caught: the schema without the memory narrow (hidden [1000000, 512] is accepted, then allocates GBs).
  test("the issue's model, hidden [1000000, 512], is refused before allocation with the estimate and the limit", () => {
    process.env["SSL_MEMORY_LIMIT"] = "16GB" // a machine of 20 GB
    const issues = issuesOf({ ...base, model: { ...base.model, encoder: { kind: "mlp", hidden: [1_000_000, 512] } } })
    expect(issues).toHaveLength(1)
    expect(issues[0]).toStartWith("model: ")
    expect(issues[0]).toMatch(/an estimated 40\.\d GB \(1299\.\dM parameters, batch 256\)/)
    expect(issues[0]).toContain("fit in 16.0 GB (SSL_MEMORY_LIMIT=16GB)")
    // by default, the machine's memory: a model no machine holds
    delete process.env["SSL_MEMORY_LIMIT"]
    const huge = issuesOf({ ...base, model: { ...base.model, encoder: { kind: "mlp", hidden: [10_000_000, 10_000] } } })
    expect(huge[0]).toContain("80% of this machine's")
  })

  test("the estimate grows with parameters and batch, and the limit is configurable", () => {
    const small = estimateMemory(resolveConfig(base))
    const wide = estimateMemory(resolveConfig({ ...base, model: { ...base.model, encoder: { kind: "mlp", hidden: [4096] } } }))
    const bigBatch = estimateMemory(resolveConfig({ ...base, train: { steps: 10, batchSize: 4096 } }))
    expect(small.params).toBe(784 * 512 + 3 * 512 + 512 * 512 + 512 * 128 + 128 * 128)
    expect(wide.bytes).toBeGreaterThan(small.bytes)
    expect(bigBatch.params).toBe(small.params)
    expect(bigBatch.bytes).toBeGreaterThan(small.bytes)

    process.env["SSL_MEMORY_LIMIT"] = `${Math.floor(small.bytes / 2 ** 20) - 1}MB`
    expect(issuesOf(base)[0]).toContain(`SSL_MEMORY_LIMIT=${process.env["SSL_MEMORY_LIMIT"]}`)
    process.env["SSL_MEMORY_LIMIT"] = `${Math.ceil(small.bytes / 2 ** 20) + 1}MB`
    expect(issuesOf(base)).toEqual([])
    process.env["SSL_MEMORY_LIMIT"] = "lots"
    expect(issuesOf(base)[0]).toContain("SSL_MEMORY_LIMIT must be a size such as 12GB")
    delete process.env["SSL_MEMORY_LIMIT"]
    expect(memoryLimit().bytes).toBe(0.8 * totalmem())
  })

  test("the CLI: exit 2, the path and the estimate, no frames, nothing created", () => {
    const work = scratch("bounds")
    const r = ssl(["train", tinyConfig(work), "--set", "model.encoder.hidden=[1000000,512]"], `${work}/runs`)
    expect(r.code).toBe(2)
    expect(r.stderr).toContain("model must be a model and batch that fit in")
    expectNoFrames(r.stderr)
  }, 60_000)
})

describe("batch size: the schema's limit is the loader's", () => {
  // Mutations caught: the schema's old batchSize bound 65536 (above any dataset: the loader then throws after the run
  // was created, leaving a `failed` run); dropping the trainLimit comparison.
  test("batchSize above the pretraining images is refused; at the images it is accepted and the loader agrees", () => {
    expect(issuesOf({ ...base, train: { steps: 10, batchSize: 65536 } })[0]).toContain("train.batchSize")
    expect(issuesOf({ ...base, train: { steps: 10, batchSize: 60001 } })[0]).toContain("train.batchSize")
    expect(issuesOf({ ...base, data: { ...base.data, trainLimit: 512 }, train: { steps: 10, batchSize: 513 } })[0])
      .toBe("train.batchSize: train.batchSize must be at most the 512 pretraining images of fashion-mnist (data.trainLimit 512) (was 513)")
    process.env["SSL_MEMORY_LIMIT"] = "1TB" // the batch bound alone
    expect(issuesOf({ ...base, train: { steps: 10, batchSize: 60000 } })).toEqual([])
    expect(() => new EpochSampler(new Rng(0), 60000, 60000)).not.toThrow()
    expect(() => new EpochSampler(new Rng(0), 60000, 60001)).toThrow(RangeError)
    expect(issuesOf({ ...base, data: { ...base.data, trainLimit: 512 }, train: { steps: 10, batchSize: 512 } })).toEqual([])
  })
})
