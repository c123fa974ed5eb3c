/**
 * Signals, end to end, with real signals to the process group (what a terminal's Ctrl-C does) through each entry
 * point: `bun main.ts`, `bun run ssl` (whose parent forwards the signal to its child, so the child gets it twice)
 * and the `./ssl` wrapper; SIGTERM as `timeout`, CI and Slurm send it. Each case asserts the exit code, the
 * message, the run's status, and — after `--resume` — that every metrics record is there exactly once.
 */
import { afterAll, describe, expect, test } from "bun:test"
import { existsSync, readdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { onStopSignals } from "@ssl/core"
import {
  expectEveryRecordOnce, expectNoFrames, metricsOf, runIdIn, scratch, ssl, startInGroup, statusOf, tinyConfig, waitFor,
} from "./harness.ts"

const work = scratch("signals")
afterAll(() => rmSync(work, { recursive: true, force: true }))
const STEPS = 60

const checkpointSteps = (runs: string, id: string): Array<number> =>
  readdirSync(join(runs, id, "checkpoints")).flatMap((n) => /^step-(\d+)\.json$/.exec(n)?.[1] ?? []).map(Number)

describe("a stop signal to the whole process group: the step finishes, a checkpoint of it, `interrupted`, the resume command", () => {
  // Mutations caught: handling only SIGINT (the SIGTERM case exits 143 without a checkpoint); treating the second
  // delivery of one Ctrl-C (`bun run` forwards it) as a second request (quits at once: no checkpoint of the step,
  // status stays `running`, no resume command); a fixed exit code 130 for SIGTERM.
  test.each([
    ["main", "SIGINT", 130],
    ["bun run ssl", "SIGINT", 130],
    ["./ssl", "SIGINT", 130],
    ["bun run ssl", "SIGTERM", 143],
    ["./ssl", "SIGTERM", 143],
  ] as const)("%s, %s → exit %d", async (entry, signal, exitCode) => {
    const runs = join(work, `${entry.replace(/\W/g, "")}-${signal}`)
    const config = tinyConfig(work)
    const job = startInGroup(entry, ["train", config], runs)
    const id = await waitFor(() => {
      const found = runIdIn(runs)
      return found !== undefined && metricsOf(runs, found).length >= 2 ? found : undefined
    })
    expect(id).toBeDefined()
    job.signalGroup(signal)
    const done = await job.finished()
    expect(done.code).toBe(exitCode)
    expect(done.stderr).toContain(`${signal}: stopping after this step`)
    expect(done.stderr).toContain(`bun run ssl train --resume ${id}`)
    expect(done.stderr).not.toContain("quitting at once")
    expectNoFrames(done.stderr)
    expect(statusOf(runs, id!)).toBe("interrupted")
    // the checkpoint is of the last step done: no record after it, and it is not the end
    const stoppedAt = Math.max(...checkpointSteps(runs, id!))
    expect(stoppedAt).toBeLessThan(STEPS)
    expect(Math.max(...metricsOf(runs, id!).map((r) => r.step))).toBeLessThanOrEqual(stoppedAt)

    const resumed = ssl(["train", "--resume", id!, "--json"], runs)
    expect(resumed.code).toBe(0)
    expect(statusOf(runs, id!)).toBe("done")
    expectEveryRecordOnce(metricsOf(runs, id!), STEPS)
  }, 180_000)
})

test("a signal during the final evaluation (training done and checkpointed) quits at once; the run lists as `interrupted` and --resume re-evaluates", async () => {
  // Mutations caught: keeping the handlers armed through the evaluation (the signal waits for the whole evaluation:
  // many seconds); marking nothing and keeping no lock (the run would list as `running` forever).
  const runs = join(work, "during-eval")
  const config = tinyConfig(work, { name: "long-eval.ts", probeEpochs: 400 }) // an evaluation of many seconds
  const job = startInGroup("bun run ssl", ["train", config], runs)
  const id = await waitFor(() => {
    const found = runIdIn(runs)
    return found !== undefined && checkpointSteps(runs, found).includes(STEPS) ? found : undefined
  })
  expect(id).toBeDefined()
  await Bun.sleep(300) // into the evaluation
  const t0 = performance.now()
  job.signalGroup("SIGINT")
  const done = await job.finished()
  expect(performance.now() - t0).toBeLessThan(3000)
  expect(done.code).toBe(130)
  expect(statusOf(runs, id!)).toBe("interrupted")
  expect(existsSync(join(runs, id!, "results.json"))).toBe(false)

  const resumed = ssl(["train", "--resume", id!, "--json"], runs)
  expect(resumed.code).toBe(0)
  expect(statusOf(runs, id!)).toBe("done")
  expectEveryRecordOnce(metricsOf(runs, id!), STEPS)
}, 240_000)

describe("the coalescing rule of the one stop path", () => {
  // Mutation caught: no coalescing window (the duplicate of one Ctrl-C counted as a second request); no second
  // request at all (a user cannot quit a stop that takes long).
  test("signals within the window are one request; a later one is the second; SIGTERM is 143", () => {
    let clock = 0
    const firsts: Array<string> = []
    const agains: Array<string> = []
    const handle = onStopSignals({ first: (r) => firsts.push(`${r.signal}:${r.exitCode}`), again: (r) => agains.push(`${r.signal}:${r.exitCode}`) },
      { coalesceMs: 1000, now: () => clock })
    try {
      process.emit("SIGTERM")
      clock = 5
      process.emit("SIGTERM") // the same request, forwarded by `bun run`
      clock = 900
      process.emit("SIGINT")
      expect(firsts).toEqual(["SIGTERM:143"])
      expect(agains).toEqual([])
      clock = 1200
      process.emit("SIGINT")
      expect(agains).toEqual(["SIGINT:130"])
      expect(handle.requested()).toEqual({ signal: "SIGTERM", exitCode: 143 })
    } finally {
      handle[Symbol.dispose]()
    }
    expect(process.listenerCount("SIGINT")).toBe(0)
    expect(process.listenerCount("SIGTERM")).toBe(0)
  })
})

test("`bun run ssl repro --jobs 2`: a Ctrl-C to the group stops the parent and both workers checkpointed; exit 130, no report, no run left `running`", async () => {
  // Mutations caught: the repro parent's old handler (the duplicate delivery quit it at once, exit 130 without
  // "no report written"); a worker handling only SIGINT when a SIGTERM reaches the group (its run stays `running`).
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    const runs = join(work, `repro-${signal}`)
    const reports = join(work, `reports-${signal}`)
    const job = startInGroup("bun run ssl", ["repro", "--tier", "ci", "--only", "C13", "--jobs", "2", "--out", reports], runs)
    const started = await waitFor(() => {
      const ids = existsSync(runs) ? readdirSync(runs).filter((n) => /^\d{8}-\d{6}-/.test(n)) : []
      return ids.length >= 2 && ids.every((id) => metricsOf(runs, id).length >= 2) ? ids : undefined
    }, 150_000)
    expect(started).toBeDefined()
    job.signalGroup(signal)
    const done = await job.finished()
    expect(done.code).toBe(signal === "SIGINT" ? 130 : 143)
    expect(done.stderr).toContain(`repro: ${signal}: stopping after the current training steps`)
    expect(done.stderr).toContain("no report written")
    expect(existsSync(reports)).toBe(false)
    const rows = JSON.parse(ssl(["runs", "--json"], runs).stdout) as Array<{ id: string; status: string; stale?: string }>
    expect(rows.length).toBeGreaterThanOrEqual(2)
    for (const row of rows) {
      expect(row.status).toBe("interrupted")
      expect(row.stale).toBeUndefined() // marked by its worker on the way out, not found stale afterwards
    }
  }
}, 400_000)

test("`bun run ssl claims`: a Ctrl-C to the group stops the run in progress checkpointed; exit 130, no verdicts, no run left `running`", async () => {
  // Mutations caught: `ssl claims` without a stop handler (bun's default SIGINT kills it: the run stays `running`,
  // no message); a handler that stops the runs but then prints the verdicts the cut-short evidence gives (C13
  // would be judged on a run that did not train) and exits 0/1.
  const runs = join(work, "claims-sigint")
  const job = startInGroup("bun run ssl", ["claims", "--tier", "ci", "--only", "C13"], runs)
  const id = await waitFor(() => {
    const found = runIdIn(runs)
    return found !== undefined && metricsOf(runs, found).length >= 2 ? found : undefined
  }, 150_000)
  expect(id).toBeDefined()
  job.signalGroup("SIGINT")
  const done = await job.finished()
  expect(done.code).toBe(130)
  expect(done.stderr).toContain("ssl claims: SIGINT: stopping after the current training steps")
  expect(done.stderr).toContain("no verdicts printed")
  expect(done.stdout).not.toMatch(/^id\s+verdict/m)
  expectNoFrames(done.stderr)
  expect(statusOf(runs, id!)).toBe("interrupted")
}, 200_000)
