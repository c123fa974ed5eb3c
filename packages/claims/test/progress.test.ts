/**
 * Progress of long work: the events of a batch of claims carry N/M and an ETA; the ETA's pace (pace.ts); each claim's
 * estimate from the plan; a run's steps and evaluation phases as events; the plain renderer (one line per event,
 * numbers at sensible precision, a run's steps by quarters); the terminal renderer (a block redrawn in place).
 */
import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { mkdtempSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { Effect, Layer } from "effect"
import { defineClaim } from "../src/harness/Claim.ts"
import { etaSeconds, formatDuration, paceOf, poolsEtaSeconds } from "../src/harness/pace.ts"
import { Progress, type ProgressEvent } from "../src/harness/Progress.ts"
import { frameLines, frameRenderer } from "../src/harness/progressFrame.ts"
import { lineRenderer } from "../src/harness/progressLines.ts"
import { emptyView, reduceView } from "../src/harness/progressView.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { runClaims } from "../src/harness/runClaims.ts"
import { runProgressEvents } from "../src/empirical/runProgress.ts"
import { claimTrainingSeconds, planSeconds, planTier } from "../src/execution/plan.ts"
import { executeLocal } from "../src/execution/localExecutor.ts"
import { forEachLine, parseProgressLine, progressLine } from "../src/harness/progressJson.ts"
import { armsPlans } from "../src/empirical/tierPlans.ts"
import { codeVersion, RunStore as CoreRunStore } from "@ssl/core"
import { claimById } from "../src/registry.ts"

const toy = (id: string, ms: number) =>
  defineClaim<null, "a">({
    id, title: `toy ${id}`, statement: "s", where: "Sec. 0", quantity: "q", corrections: [],
    criteria: { a: { description: "d", op: "<", value: 1, source: "docs/paper/claims.md#c1" } },
    tiers: { ci: { config: null, seeds: [1] } },
    run: () => Effect.promise(() => Bun.sleep(ms)).pipe(Effect.as({ measured: { a: 0 } })),
  })

/** A run's events as trainArm reports them: start, a step event per whole percent, the evaluation's phases, done. */
const runEvents = (claim: string, arm: string, seed: number, total: number): ReadonlyArray<ProgressEvent> => {
  const out: Array<ProgressEvent> = [{ claim, message: "run start", fields: { tier: "ci", arm, seed } }]
  let t = 0
  const p = runProgressEvents({ claim, arm, seed }, (message, fields) => out.push({ claim, message, fields }), () => (t += 33.3333333))
  p.start(total, 0)
  for (let s = 1; s <= total; s++) p.step(s, 0.5)
  p.end()
  for (const phase of ["features", "probe", "kNN"]) p.phase?.(phase)
  out.push({ claim, message: "run done", fields: { tier: "ci", arm, seed, runId: "r-1", seconds: 9.123456789012345, stepsPerSecond: 31.23456789012 } })
  return out
}

describe("ETA", () => {
  // Mutation caught: an ETA that ignores the measured pace (remaining estimate only), or one that goes negative.
  test("the estimated work left at the measured pace: ≥ 0, 0 when done, linear in the pace, face value before any work", () => {
    fc.assert(fc.property(
      fc.double({ min: 0, max: 1e5, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1e5, noNaN: true }),
      (estimated, fractionDone, elapsed) => {
        const estimatedDone = estimated * fractionDone
        const eta = etaSeconds({ estimated, estimatedDone, elapsed })
        expect(eta).toBeGreaterThanOrEqual(0)
        expect(etaSeconds({ estimated, estimatedDone: estimated, elapsed })).toBe(0)
        expect(etaSeconds({ estimated, estimatedDone: 0, elapsed })).toBe(estimated)
        // float64 reference: remaining × (elapsed / done)
        if (estimatedDone > 0 && estimatedDone < estimated) expect(eta).toBeCloseTo((estimated - estimatedDone) * (elapsed / estimatedDone), 6)
        if (estimatedDone > 0 && Number.isFinite(eta)) expect(etaSeconds({ estimated, estimatedDone, elapsed: 2 * elapsed }) / 2).toBeCloseTo(eta, 6)
      }))
    expect(paceOf({ estimated: 10, estimatedDone: 4, elapsed: 8 })).toBe(2)
    expect(poolsEtaSeconds([{ estimated: 10, estimatedDone: 4, elapsed: 8 }, { estimated: 3, estimatedDone: 1, elapsed: 0.5 }])).toBe(13)
    expect(etaSeconds({ estimated: 10, estimatedDone: 4, elapsed: 8 })).toBe(12)
  })

  test("durations read at a glance", () => {
    expect([0.26, 9.94, 42.4, 185, 4020].map(formatDuration)).toEqual(["0.3 s", "9.9 s", "42 s", "3m05s", "1h07m"])
    expect(formatDuration(Number.NaN)).toBe("?")
  })
})

describe("progress events", () => {
  // Mutation caught: a batch that reports no N/M (total, done) or no ETA, or an ETA that does not reach 0 at the end.
  test("a batch of claims reports its size and estimate, then N/M done, elapsed and ETA after each claim", async () => {
    const events: Array<ProgressEvent> = []
    await Effect.runPromise(runClaims([toy("C97", 30), toy("C98", 30), toy("C99", 30)], "ci", { trainingSeconds: { C97: 1, C98: 1, C99: 2 } })
      .pipe(Effect.provide(Layer.mergeAll(Progress.layerCollect(events), EvidenceCache.layerMemory, ArmRuns.layerTest()))))
    const start = events.find((e) => e.message === "claims start")!
    expect(start.fields).toEqual({ tier: "ci", total: 3, estimatedSeconds: 4 })
    const progress = events.filter((e) => e.message === "claims progress")
    expect(progress.map((e) => [e.claim, e.fields?.["done"], e.fields?.["total"], e.fields?.["verdict"]])).toEqual([
      ["C97", 1, 3, "pass"], ["C98", 2, 3, "pass"], ["C99", 3, 3, "pass"],
    ])
    for (const e of progress) {
      expect(typeof e.fields?.["etaSeconds"]).toBe("number")
      expect(typeof e.fields?.["elapsedSeconds"]).toBe("number")
    }
    expect(progress.at(-1)!.fields?.["etaSeconds"]).toBe(0)
  })

  // Mutation caught: one pace for all claims (slow simulations first would multiply the estimate of the training after them).
  test("claims that train and claims that do not keep separate paces", async () => {
    const events: Array<ProgressEvent> = []
    await Effect.runPromise(runClaims([toy("C95", 300), toy("C96", 300), toy("C97", 5)], "ci", { trainingSeconds: { C97: 100 } })
      .pipe(Effect.provide(Layer.mergeAll(Progress.layerCollect(events), EvidenceCache.layerMemory, ArmRuns.layerTest()))))
    const eta = events.filter((e) => e.message === "claims progress").map((e) => e.fields?.["etaSeconds"])
    // after the two slow simulations (1 s estimated each, 0.3 s measured) the training is still at face value
    expect(eta).toEqual([100, 100, 0])
  })

  // Mutation caught: charging a shared run to every claim that reads it (the ETA would count it twice).
  test("each run still to train is charged to the first claim that reads it, so the estimates add up to the plan", () => {
    const root = mkdtempSync(join(tmpdir(), "ssl-progress-"))
    try {
      const c19 = claimById("C19")!, c34 = claimById("C34")!
      const plan = planTier([c19, c34], "ci", { root, codeVersion: "v1" })
      const forward = claimTrainingSeconds(plan, [c19, c34])
      const backward = claimTrainingSeconds(plan, [c34, c19])
      const total = (r: Readonly<Record<string, number>>) => Object.values(r).reduce((s, x) => s + x, 0)
      expect(total(forward)).toBeCloseTo(planSeconds(plan), 6)
      expect(total(backward)).toBeCloseTo(planSeconds(plan), 6)
      // C34 reads C19's two arms too: first in line, it trains all of them
      expect(backward["C34"]).toBeCloseTo(planSeconds(plan), 6)
      expect(backward["C19"]).toBe(0)
      expect(forward["C19"]!).toBeGreaterThan(0)
      expect(forward["C34"]!).toBeLessThan(backward["C34"]!)
    } finally {
      rmSync(root, { recursive: true, force: true })
    }
  })

  // Mutation caught: one event per training step (a 1600-step run would flood the renderers), or no final step.
  test("a run's steps are reported at each whole percent, from its first to its last step, then its evaluation phases", () => {
    const events = runEvents("C13", "byol", 0, 1600)
    const steps = events.filter((e) => e.message === "run step")
    expect(steps.length).toBe(101)
    expect(steps[0]!.fields?.["step"]).toBe(0)
    expect(steps.at(-1)!.fields).toMatchObject({ step: 1600, total: 1600, arm: "byol", seed: 0 })
    expect(events.filter((e) => e.message === "run phase").map((e) => e.fields?.["phase"])).toEqual(["features", "probe", "kNN"])
    const short = runEvents("C13", "byol", 0, 20).filter((e) => e.message === "run step")
    expect(short.map((e) => e.fields?.["step"])).toEqual(Array.from({ length: 21 }, (_, i) => i))
  })

  // Mutation caught: a view that keeps finished runs in flight, or loses a run's step or phase.
  test("the view holds the runs in flight with their step, then their phase, and drops them when done", () => {
    const events = runEvents("C13", "byol", 1, 240)
    let v = reduceView(emptyView, { claim: "claims", message: "claims start", fields: { tier: "ci", total: 34, estimatedSeconds: 600 } }, 0)
    const mid = events.findIndex((e) => e.message === "run step" && e.fields?.["step"] === 120)
    for (const e of events.slice(0, mid + 1)) v = reduceView(v, e, 1000)
    expect(v.runs.get("byol seed 1")).toMatchObject({ claim: "C13", step: 120, total: 240 })
    expect(frameLines(v, 1000, 0).join("\n")).toContain("120/240")
    for (const e of events.slice(mid + 1, -1)) v = reduceView(v, e, 2000)
    expect(v.runs.get("byol seed 1")?.phase).toBe("kNN")
    v = reduceView(v, events.at(-1)!, 3000)
    expect(v.runs.size).toBe(0)
    expect(v.total).toBe(34)
  })
})

describe("plain renderer", () => {
  // Mutation caught: printing numbers with String(x) (16-digit floats), printing a line per step, or lines without "\n".
  test("one line per event worth one, numbers at 4 significant digits, a run's steps by quarters", () => {
    const r = lineRenderer()
    const events: Array<ProgressEvent> = [
      { claim: "claims", message: "claims start", fields: { tier: "ci", total: 2, estimatedSeconds: 612 } },
      { claim: "C5", message: "start", fields: { tier: "ci" } },
      { claim: "C5", message: "seed done", fields: { seed: 1, lambda0: 0.050270001234567, ratio: 3.8412345678e-8 } },
      { claim: "C5", message: "done", fields: { tier: "ci", verdict: "pass", seconds: 0.2612345678 } },
      { claim: "C5", message: "claims progress", fields: { tier: "ci", verdict: "pass", seconds: 0.3, done: 1, total: 2, elapsedSeconds: 1, etaSeconds: 611 } },
      ...runEvents("C13", "byol", 0, 240),
    ]
    const outputs = events.map((e) => r.event(e))
    const lines = outputs.join("").split("\n").slice(0, -1)
    for (const o of outputs) expect(o === "" || (o.endsWith("\n") && o.indexOf("\n") === o.length - 1)).toBe(true)
    const decimals = lines.flatMap((l) => l.match(/\d+\.\d+(e-?\d+)?/g) ?? [])
    expect(decimals.length).toBeGreaterThan(5)
    for (const d of decimals) expect(Number(Number(d).toPrecision(4))).toBe(Number(d))
    expect(lines).toContain("C5 seed done: seed 1, lambda0 0.05027, ratio 3.84e-8")
    expect(lines).toContain("[1/2] C5 pass (0.3 s) · elapsed 1.0 s · ETA ≈ 10m11s")
    const stepLines = lines.filter((l) => l.includes("C13 run byol seed 0: step"))
    expect(stepLines.map((l) => /step (\d+)\/240/.exec(l)![1])).toEqual(["60", "120", "180", "240"])
    expect(stepLines[0]).toContain("(25%)")
    expect(lines.filter((l) => l.includes("evaluating")).length).toBe(3)
    expect(lines.at(-1)).toBe("  C13 run byol seed 0 done → r-1 (9.1 s, 31.23 steps/s)")
    // the claim's own start and done say nothing the batch's lines do not
    expect(lines.some((l) => l.startsWith("C5 start") || l.startsWith("C5 done"))).toBe(false)
  })

  test("layerTerminal writes plain lines to a stream that is not a terminal", async () => {
    // Mutation caught: bars (cursor moves) written into a log file or a pipe.
    const chunks: Array<string> = []
    const stream = { isTTY: false, write: (s: string) => { chunks.push(s); return true } }
    await Effect.runPromise(runClaims([toy("C98", 1)], "ci").pipe(Effect.provide(Layer.mergeAll(Progress.layerTerminal(stream), EvidenceCache.layerMemory, ArmRuns.layerTest()))))
    expect(chunks.join("")).toContain("[1/1] C98 pass")
    expect(chunks.join("")).not.toContain("\x1b[")
  })
})

describe("terminal renderer", () => {
  // Mutation caught: a renderer that appends its frames (no cursor moves, no erased lines) instead of redrawing them.
  test("redraws its block in place (cursor up, erased lines) and keeps the milestones above it", () => {
    const chunks: Array<string> = []
    let now = 0
    const frame = frameRenderer({ write: (s: string) => { chunks.push(s); return true }, columns: 120, rows: 40 }, { now: () => (now += 200) })
    frame.event({ claim: "claims", message: "claims start", fields: { tier: "smoke", total: 2, estimatedSeconds: 30 } })
    frame.event({ claim: "C13", message: "start", fields: { tier: "smoke" } })
    for (const e of runEvents("C13", "byol", 0, 40)) frame.event(e)
    frame.event({ claim: "C13", message: "claims progress", fields: { tier: "smoke", verdict: "not judged", seconds: 4.2, done: 1, total: 2, elapsedSeconds: 4, etaSeconds: 4 } })
    frame.close()
    const out = chunks.join("")
    expect(out).toMatch(/\x1b\[\d*A/) // cursor up
    expect(out).toContain("\x1b[2K") // erase line
    expect(out).toContain("20/40")
    expect(out).toContain("evaluating (probe)")
    expect(out.split("[1/2] C13 not judged (4.2 s)").length - 1).toBe(1)
    // a run's start is in its bar, not a line of its own in the scrollback
    expect(out).not.toContain("run start")
    expect(out).toContain("claims 1/2")
  })

  test("layerTerminal draws the block on a terminal", async () => {
    // Mutation caught: layerTerminal ignoring isTTY (plain lines on a terminal).
    const chunks: Array<string> = []
    const stream = { isTTY: true, columns: 100, rows: 30, write: (s: string) => { chunks.push(s); return true } }
    await Effect.runPromise(runClaims([toy("C98", 1), toy("C99", 1)], "ci").pipe(Effect.provide(Layer.mergeAll(Progress.layerTerminal(stream), EvidenceCache.layerMemory, ArmRuns.layerTest()))))
    const out = chunks.join("")
    expect(out).toContain("claims 1/2")
    expect(out).toMatch(/\x1b\[\d*A|\x1b\[2K/)
  })
})

describe("progress from worker processes", () => {
  const event = fc.record({
    claim: fc.string(),
    message: fc.string(),
    fields: fc.dictionary(fc.string(), fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.string(), fc.boolean())),
  })

  // Mutation caught: a line format that loses fields or their types, or a reader that takes a worker's other output
  // (a backend's log line) for an event.
  test("an event survives its JSON line; other lines are not events", () => {
    fc.assert(fc.property(event, (e) => {
      const line = progressLine(e)
      expect(line.endsWith("\n") && line.indexOf("\n") === line.length - 1).toBe(true)
      expect(parseProgressLine(line.slice(0, -1))).toEqual(Object.is(e.fields, undefined) ? { claim: e.claim, message: e.message } : e)
    }))
    for (const other of ["backend: auto chose blas (…)", "", "{not json", "[1,2]", '{"claim":1,"message":"x"}', '{"claim":"a","message":"b","fields":{"x":[1]}}']) {
      expect(parseProgressLine(other)).toBeUndefined()
    }
  })

  // Mutation caught: losing the last line when the stream ends without "\n", or a line cut where a chunk ends.
  test("a stream's lines come out whole, however its bytes are chunked", async () => {
    await fc.assert(fc.asyncProperty(fc.array(fc.string({ unit: "grapheme" }).map((l) => l.replaceAll("\n", "")), { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 8 }),
      async (lines, cuts) => {
        const bytes = new TextEncoder().encode(lines.join("\n"))
        const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b)
        const chunks = [0, ...points, bytes.length].slice(1).map((end, i, ends) => bytes.slice(i === 0 ? 0 : ends[i - 1], end))
        const stream = new ReadableStream<Uint8Array>({ start: (c) => { for (const ch of chunks) c.enqueue(ch); c.close() } })
        const got: Array<string> = []
        await forEachLine(stream, (l) => void got.push(l))
        // a line is what ends in "\n", or the unterminated rest of the stream if any
        const expected = lines.join("\n").split("\n")
        if (expected.at(-1) === "") expected.pop()
        expect(got).toEqual(expected)
      }))
  })

  // Mutation caught: workers whose output is dropped (their runs' steps never reach `ssl repro`), or run-done events
  // without N/M and ETA.
  test("the local executor passes on its workers' steps and phases and counts the runs done with an ETA", async () => {
    const root = mkdtempSync(join(tmpdir(), "ssl-progress-workers-"))
    const store = CoreRunStore.open(root)
    try {
      const claim = defineClaim({
        id: "X9", title: "X9", statement: "", where: "", quantity: "", corrections: [],
        criteria: {}, tiers: armsPlans({ plain: { name: "smoke-plain", patch: {} } }), run: () => Effect.die("not called"),
      })
      const plan = planTier([claim], "smoke", { root, codeVersion: codeVersion() })
      expect(plan.runs.length).toBe(2)
      const events: Array<ProgressEvent> = []
      const summary = await Effect.runPromise(executeLocal(plan, { jobs: 2, store }).pipe(Effect.provide(Progress.layerCollect(events))))
      expect(summary.failed).toEqual([])
      for (const seed of [0, 1]) {
        const steps = events.filter((e) => e.message === "run step" && e.fields?.["seed"] === seed)
        expect(steps.at(-1)?.fields).toMatchObject({ arm: "smoke-plain", step: 16, total: 16 })
        expect(events.filter((e) => e.message === "run phase" && e.fields?.["seed"] === seed).map((e) => e.fields?.["phase"])).toContain("probe")
      }
      const done = events.filter((e) => e.message === "local run done")
      expect(done.map((e) => [e.fields?.["done"], e.fields?.["total"]])).toEqual([[1, 2], [2, 2]])
      expect(done.at(-1)?.fields?.["etaSeconds"]).toBe(0)
    } finally {
      store.close()
      rmSync(root, { recursive: true, force: true })
    }
  }, 120_000)
})
