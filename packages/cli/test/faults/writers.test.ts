/**
 * One writer per run, and no run left `running` by a writer that is gone: a second `train --resume` (or `eval`) of
 * a run that is training fails fast with exit 2 naming the holder, and the first finishes with every metrics
 * record once; a run whose process was SIGKILLed lists as `interrupted` and resumes exactly.
 */
import { afterAll, expect, test } from "bun:test"
import { rmSync } from "node:fs"
import { join } from "node:path"
import {
  expectEveryRecordOnce, expectNoFrames, metricsOf, runIdIn, scratch, ssl, startInGroup, statusOf, tinyConfig, waitFor,
} from "./harness.ts"

const work = scratch("writers")
afterAll(() => rmSync(work, { recursive: true, force: true }))
const STEPS = 60
const LONG_STEPS = 3000

test("a second writer of a run in training exits 2 naming the holder and touches nothing; the first finishes intact", async () => {
  // Mutation caught: runExperiment opening the run with `open` instead of `openForWriting` (the second writer
  // resumes too: both exit 0 and metrics.jsonl holds interleaved duplicates).
  const runs = join(work, "two")
  // Long enough that the first writer still trains while two more CLI processes start (≈ 2 s each on a busy machine).
  const first = startInGroup("main", ["train", tinyConfig(work, { steps: LONG_STEPS, name: "long.ts" }), "--json"], runs)
  const id = await waitFor(() => {
    const found = runIdIn(runs)
    return found !== undefined && metricsOf(runs, found).length >= 2 ? found : undefined
  })
  expect(id).toBeDefined()
  const second = ssl(["train", "--resume", id!], runs)
  const evaluation = ssl(["eval", id!], runs)
  const done = await first.finished()

  for (const refused of [second, evaluation]) {
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`run ${id} is being written by process ${first.child.pid}`)
    expect(refused.stderr).toContain(`kill -INT ${first.child.pid}`)
    expectNoFrames(refused.stderr)
  }
  expect(done.code).toBe(0)
  expect(JSON.parse(done.stdout).runId).toBe(id)
  expect(statusOf(runs, id!)).toBe("done")
  expectEveryRecordOnce(metricsOf(runs, id!), LONG_STEPS)
  // the lock went with the first writer: the run can be evaluated now
  expect(ssl(["eval", id!, "--json"], runs).code).toBe(0)
}, 180_000)

test("SIGKILL leaves no run `running` forever: it lists as `interrupted` and resumes with every record once", async () => {
  // Mutation caught: RunStore.list without the reconciliation of runs whose writer lock nobody holds.
  const runs = join(work, "kill")
  const job = startInGroup("main", ["train", tinyConfig(work, { checkpointEvery: 10 })], runs)
  const id = await waitFor(() => {
    const found = runIdIn(runs)
    return found !== undefined && metricsOf(runs, found).some((r) => r.step >= 15) ? found : undefined
  })
  expect(id).toBeDefined()
  job.signalGroup("SIGKILL")
  const done = await job.finished()
  expect(done.code).not.toBe(0)
  const listed = ssl(["runs", "--json"], runs)
  const row = (JSON.parse(listed.stdout) as Array<{ id: string; status: string; stale?: string }>).find((r) => r.id === id)
  expect(row?.status).toBe("interrupted")
  expect(String(row?.stale)).toContain("ended without marking it")
  // and the table says so too
  expect(ssl(["runs"], runs).stdout).toMatch(new RegExp(`${id}\\s+interrupted`))

  const resumed = ssl(["train", "--resume", id!, "--json"], runs)
  expect(resumed.code).toBe(0)
  expect(statusOf(runs, id!)).toBe("done")
  expectEveryRecordOnce(metricsOf(runs, id!), STEPS)
}, 180_000)
