import { describe, expect, test } from "bun:test"
import { readdirSync, readFileSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { Effect } from "effect"
import {
  cleanCheckpoints, latestCheckpoint, listCheckpoints, readCheckpoint, writeCheckpoint,
} from "../../src/runs/checkpoint.ts"
import { writeFileAtomic } from "../../src/runs/atomicWrite.ts"
import { CorruptCheckpoint } from "../../src/runs/errors.ts"
import { failureOf, tempDir } from "../data/fixtures.ts"

const tensors = (seed: number) => ({
  "encoder.w": { shape: [3, 4], data: Float32Array.from({ length: 12 }, (_, i) => i * seed + 0.5) },
  "predictor.w": { shape: [2, 2], data: Float32Array.from([seed, -seed, 1e-30, Number.MAX_VALUE]) },
  scalar: { shape: [], data: Float32Array.from([seed]) },
})

describe("checkpoints", () => {
  test("round trip: tensors (bit-exact), shapes and state", async () => {
    using dir = tempDir("ssl-ckpt-")
    const file = writeCheckpoint(dir.path, 120, tensors(3), { optimizerStep: 120, rngSeed: 7 })
    const c = await Effect.runPromise(readCheckpoint(file))
    expect(c.step).toBe(120)
    expect(c.state).toEqual({ optimizerStep: 120, rngSeed: 7 })
    for (const [name, t] of Object.entries(tensors(3))) {
      expect(c.tensors[name]!.shape).toEqual(t.shape)
      expect(Array.from(c.tensors[name]!.data)).toEqual(Array.from(t.data))
    }
  })

  test("latest picks the highest step; keep prunes older ones (manifest and blob)", async () => {
    using dir = tempDir("ssl-ckpt-")
    for (const s of [10, 20, 30]) writeCheckpoint(dir.path, s, tensors(s), null, { keep: 2 })
    expect(listCheckpoints(dir.path).map((c) => c.step)).toEqual([20, 30])
    expect(readdirSync(dir.path).sort()).toEqual(["step-000000020.bin", "step-000000020.json", "step-000000030.bin", "step-000000030.json"])
    expect((await Effect.runPromise(latestCheckpoint(dir.path)))?.step).toBe(30)
    using empty = tempDir("ssl-ckpt-")
    expect(await Effect.runPromise(latestCheckpoint(empty.path))).toBeUndefined()
  })

  test("a torn write (temp files, a blob without its manifest) is invisible and cleaned up", async () => {
    using dir = tempDir("ssl-ckpt-")
    writeCheckpoint(dir.path, 10, tensors(1))
    // What a crash during the write of step 20 can leave: a partial temp blob, a committed blob with no
    // manifest yet, and a partial temp manifest.
    writeFileSync(join(dir.path, ".step-000000020.bin.tmp-999-abcd"), new Uint8Array(7))
    writeFileSync(join(dir.path, "step-000000020.bin"), new Uint8Array(64))
    writeFileSync(join(dir.path, ".step-000000020.json.tmp-999-abcd"), '{"format":"ssl-chec')
    expect(listCheckpoints(dir.path).map((c) => c.step)).toEqual([10])
    expect((await Effect.runPromise(latestCheckpoint(dir.path)))?.step).toBe(10)
    expect(cleanCheckpoints(dir.path).sort()).toEqual([".step-000000020.bin.tmp-999-abcd", ".step-000000020.json.tmp-999-abcd", "step-000000020.bin"])
    expect(readdirSync(dir.path).sort()).toEqual(["step-000000010.bin", "step-000000010.json"])
  })

  test("corruption is detected with CorruptCheckpoint naming the file", async () => {
    using dir = tempDir("ssl-ckpt-")
    const file = writeCheckpoint(dir.path, 5, tensors(2))
    const blob = join(dir.path, "step-000000005.bin")
    const good = readFileSync(blob)

    const flipped = new Uint8Array(good)
    flipped[9]! ^= 0x40
    writeFileSync(blob, flipped)
    let err = await failureOf(readCheckpoint(file))
    expect(err).toBeInstanceOf(CorruptCheckpoint)
    expect(err.file).toBe(blob)
    expect(err.reason).toContain("SHA-256")
    expect(err.message).toContain(blob)

    writeFileSync(blob, good.subarray(0, good.length - 4))
    err = await failureOf(readCheckpoint(file))
    expect(err.file).toBe(blob)
    expect(err.reason).toContain(`is ${good.length - 4} bytes`)

    writeFileSync(blob, good)
    const manifest = readFileSync(file, "utf8")
    writeFileSync(file, manifest.slice(0, manifest.length / 2))
    err = await failureOf(readCheckpoint(file))
    expect(err.file).toBe(file)
    expect(err.reason).toContain("not valid JSON")

    writeFileSync(file, JSON.stringify({ hello: 1 }))
    expect((await failureOf(readCheckpoint(file))).reason).toContain("not a ssl-checkpoint/1 manifest")
  })

  test("a corrupt newest checkpoint fails latestCheckpoint, unless fallback asks for the previous one", async () => {
    using dir = tempDir("ssl-ckpt-")
    writeCheckpoint(dir.path, 10, tensors(1))
    writeCheckpoint(dir.path, 20, tensors(2))
    writeFileSync(join(dir.path, "step-000000020.bin"), new Uint8Array(3))
    const err = await failureOf(latestCheckpoint(dir.path))
    expect(err._tag === "CorruptCheckpoint" && err.file).toBe(join(dir.path, "step-000000020.bin"))
    // the skipped one is reported, never passed over in silence (mutation caught: dropping the onSkip call)
    const skipped: Array<string> = []
    const ckpt = await Effect.runPromise(latestCheckpoint(dir.path, { fallback: true, onSkip: (c) => skipped.push(c.file) }))
    expect(ckpt?.step).toBe(10)
    expect(skipped).toEqual([join(dir.path, "step-000000020.bin")])
  })

  test("every checkpoint corrupt: NoUsableCheckpoint lists them and says what works (not 'the previous one')", async () => {
    // mutation caught: returning the first CorruptCheckpoint, whose advice is to fall back to an older checkpoint
    using dir = tempDir("ssl-ckpt-")
    writeCheckpoint(dir.path, 10, tensors(1))
    writeCheckpoint(dir.path, 20, tensors(2))
    for (const s of ["10", "20"]) writeFileSync(join(dir.path, `step-0000000${s}.bin`), new Uint8Array(3))
    const err = await failureOf(latestCheckpoint(dir.path, { fallback: true }))
    expect(err._tag).toBe("NoUsableCheckpoint")
    expect(err.message).toContain("step-000000010.bin")
    expect(err.message).toContain("step-000000020.bin")
    expect(err.message).toContain("from step 0")
    expect(err.message).not.toContain("previous")
  })

  test("writeFileAtomic replaces a file whole", () => {
    using dir = tempDir("ssl-ckpt-")
    const f = join(dir.path, "a.json")
    writeFileAtomic(f, "first")
    writeFileAtomic(f, [new TextEncoder().encode("sec"), new TextEncoder().encode("ond")])
    expect(readFileSync(f, "utf8")).toBe("second")
    expect(readdirSync(dir.path)).toEqual(["a.json"])
  })

  test("a process SIGKILLed while writing checkpoints leaves a readable newest checkpoint", async () => {
    using dir = tempDir("ssl-ckpt-")
    const child = Bun.spawn([process.execPath, join(import.meta.dir, "checkpointWriter.ts"), dir.path], { stdout: "pipe", stderr: "inherit" })
    // Wait (on output, not on time) until it has committed a few checkpoints and is mid-stream.
    const reader = child.stdout.getReader()
    let seen = ""
    while ((seen.match(/\n/g) ?? []).length < 3) {
      const { value, done } = await reader.read()
      if (done) break
      seen += new TextDecoder().decode(value)
    }
    child.kill("SIGKILL")
    await child.exited
    const committed = seen.trim().split("\n").map(Number)
    cleanCheckpoints(dir.path)
    const latest = await Effect.runPromise(latestCheckpoint(dir.path))
    expect(latest).toBeDefined()
    expect(latest!.step).toBeGreaterThanOrEqual(committed.at(-1)!)
    expect(latest!.tensors["w"]!.data[0]).toBe(latest!.step)
    for (const name of readdirSync(dir.path)) expect(name.startsWith(".")).toBe(false)
  }, 20_000)
})
