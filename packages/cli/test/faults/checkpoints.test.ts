/**
 * Corrupt checkpoints: a corrupt newest checkpoint is skipped with a message naming it (never silently), and the
 * run resumes from the one before with every metrics record once; with every checkpoint corrupt, the message lists
 * them and says what works — and doing what it says works.
 */
import { afterAll, expect, test } from "bun:test"
import { readdirSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { expectEveryRecordOnce, expectNoFrames, metricsOf, scratch, ssl, statusOf, tinyConfig } from "./harness.ts"

const work = scratch("ckpt")
afterAll(() => rmSync(work, { recursive: true, force: true }))
const STEPS = 20
const config = tinyConfig(work, { steps: STEPS, checkpointEvery: 10 })
const blob = (runs: string, id: string, step: number) => join(runs, id, "checkpoints", `step-${String(step).padStart(9, "0")}.bin`)

test("a corrupt newest checkpoint is reported when skipped; resume and eval use the one before", () => {
  // Mutation caught: runExperiment / eval passing no onSkip (the skip is silent, as before).
  const runs = join(work, "newest")
  const trained = ssl(["train", config, "--json"], runs)
  expect(trained.code).toBe(0)
  const id = (JSON.parse(trained.stdout) as { runId: string }).runId
  writeFileSync(blob(runs, id, 20), new Uint8Array(7))

  const ev = ssl(["eval", id, "--json"], runs)
  expect(ev.code).toBe(0)
  expect(ev.stderr).toContain(`ssl: skipped a corrupt checkpoint, ${blob(runs, id, 20)}`)
  expect((JSON.parse(ev.stdout) as { step: number }).step).toBe(10)

  const resumed = ssl(["train", "--resume", id, "--json"], runs)
  expect(resumed.code).toBe(0)
  expect(resumed.stderr).toContain(`ssl: skipped a corrupt checkpoint, ${blob(runs, id, 20)}`)
  expect(resumed.stderr).toContain("resuming from the newest valid one before it")
  expectEveryRecordOnce(metricsOf(runs, id), STEPS)
  expect(statusOf(runs, id)).toBe("done")
}, 180_000)

test("every checkpoint corrupt: the message lists them and says what works, and it does", () => {
  // Mutation caught: latestCheckpoint failing with the first CorruptCheckpoint, whose advice ("resume from an older
  // one") cannot work here.
  const runs = join(work, "all")
  const trained = ssl(["train", config, "--json"], runs)
  expect(trained.code).toBe(0)
  const id = (JSON.parse(trained.stdout) as { runId: string }).runId
  for (const step of [10, 20]) writeFileSync(blob(runs, id, step), new Uint8Array(7))

  for (const args of [["train", "--resume", id], ["eval", id]]) {
    const r = ssl(args, runs)
    expect(r.code).toBe(1)
    expect(r.stderr).toContain(`every checkpoint in ${join(runs, id, "checkpoints")} is corrupt`)
    expect(r.stderr).toContain(blob(runs, id, 10))
    expect(r.stderr).toContain(blob(runs, id, 20))
    expect(r.stderr).toContain("delete those files")
    expect(r.stderr).not.toContain("previous one")
    expectNoFrames(r.stderr)
  }
  // what the message says: delete the checkpoints and resume, which trains the run again from step 0
  const dir = join(runs, id, "checkpoints")
  for (const name of readdirSync(dir)) if (name.startsWith("step-")) rmSync(join(dir, name))
  const again = ssl(["train", "--resume", id, "--json"], runs)
  expect(again.code).toBe(0)
  expectEveryRecordOnce(metricsOf(runs, id), STEPS)
  expect(statusOf(runs, id)).toBe("done")
}, 180_000)
