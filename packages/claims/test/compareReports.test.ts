/**
 * compareReports and `bun run report:compare` on the committed ci report and edited copies of it.
 * Mutations caught: a comparison that ignores verdicts (the flipped verdict passes), ignores measured values or
 * compares them with a built-in slack (the 1e-9 nudge passes at tolerance 0), skips claims only one report has
 * (the dropped claim passes), or a script whose exit code does not follow the comparison.
 */
import { describe, expect, test } from "bun:test"
import { mkdtempSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join, resolve } from "node:path"
import { compareReports, readResultsFile, type ReproResults } from "../src/index.ts"

const repo = resolve(import.meta.dir, "../../..")
const ci = readResultsFile(join(repo, "docs/report-ci/results.json"))

const withClaims = (r: ReproResults, edit: (claims: ReproResults["claims"]) => ReproResults["claims"]): ReproResults => ({ ...r, claims: edit(r.claims) })
const numericKey = (r: ReproResults) => {
  for (const c of r.claims) for (const [k, v] of Object.entries(c.measured)) if (typeof v === "number" && v !== 0) return { id: c.id, key: k, value: v }
  throw new Error("no numeric measurement in the fixture")
}

describe("compareReports", () => {
  test("a report against itself: same verdicts, identical measurements", () => {
    const c = compareReports(ci, ci)
    expect(c).toEqual({ claims: ci.claims.length, sameVerdicts: true, sameMeasurements: true, largestDifference: 0, differences: [] })
  })

  test("a flipped verdict is a difference", () => {
    const flipped = withClaims(ci, (cs) => cs.map((c, i) => (i === 0 ? { ...c, verdict: c.verdict === "pass" ? "fail" : "pass" } : c)))
    const c = compareReports(ci, flipped)
    expect(c.sameVerdicts).toBe(false)
    expect(c.differences.map((d) => d.id)).toEqual([ci.claims[0]!.id])
  })

  test("a measured value moved by 1e-9 (relative) differs at tolerance 0 and not at 1e-6", () => {
    const { id, key, value } = numericKey(ci)
    const nudged = withClaims(ci, (cs) => cs.map((c) => (c.id === id ? { ...c, measured: { ...c.measured, [key]: value * (1 + 1e-9) } } : c)))
    const strict = compareReports(ci, nudged)
    expect({ verdicts: strict.sameVerdicts, measurements: strict.sameMeasurements }).toEqual({ verdicts: true, measurements: false })
    expect(strict.differences).toEqual([{ id, verdicts: [strict.differences[0]!.verdicts[0], strict.differences[0]!.verdicts[0]], measured: [{ key, a: value, b: value * (1 + 1e-9) }] }])
    expect(strict.largestDifference).toBeGreaterThan(0)
    expect(compareReports(ci, nudged, 1e-6).sameMeasurements).toBe(true)
  })

  test("the arms' training speeds are the machines' and not compared", () => {
    // Mutation caught: comparing steps/s (two executors of the same runs would never agree).
    const { id } = numericKey(ci)
    const faster = withClaims(ci, (cs) => cs.map((c) => (c.id === id ? { ...c, measured: { ...c.measured, "sgd-linear: training steps/s per seed": [1, 2, 3] } } : c)))
    const slower = withClaims(ci, (cs) => cs.map((c) => (c.id === id ? { ...c, measured: { ...c.measured, "sgd-linear: training steps/s per seed": [4, 5, 6] } } : c)))
    expect(compareReports(faster, slower)).toMatchObject({ sameVerdicts: true, sameMeasurements: true, differences: [] })
  })

  test("a claim only one report has is a difference", () => {
    const dropped = withClaims(ci, (cs) => cs.slice(1))
    const c = compareReports(ci, dropped)
    expect(c.sameVerdicts).toBe(false)
    expect(c.differences[0]).toMatchObject({ id: ci.claims[0]!.id, verdicts: [ci.claims[0]!.verdict, null] })
  })
})

describe("bun run report:compare", () => {
  const run = (...args: string[]) => {
    const p = Bun.spawnSync([process.execPath, join(repo, "scripts/compare-reports.ts"), ...args], { cwd: repo, stdout: "pipe", stderr: "pipe" })
    return { code: p.exitCode, out: p.stdout.toString(), err: p.stderr.toString() }
  }

  test("exit 0 and 'same verdicts' for a report and itself; exit 1 with the claim for a flipped verdict", () => {
    const same = run("docs/report-ci", "docs/report-ci/results.json")
    expect(same.code).toBe(0)
    expect(same.out).toContain(`${ci.claims.length} claims: same verdicts; every measured value identical`)
    const dir = mkdtempSync(join(tmpdir(), "ssl-compare-"))
    const flipped = withClaims(ci, (cs) => cs.map((c, i) => (i === 0 ? { ...c, verdict: c.verdict === "pass" ? "fail" : "pass" } : c)))
    writeFileSync(join(dir, "results.json"), JSON.stringify(flipped))
    const differ = run("docs/report-ci", dir)
    expect(differ.code).toBe(1)
    expect(differ.out).toContain(`${ci.claims[0]!.id}: verdict ${ci.claims[0]!.verdict} | ${flipped.claims[0]!.verdict}`)
    expect(differ.out).toContain("verdicts differ")
  }, 60_000) // two processes that load the claims package, on a machine that may be busy

  test("the committed ci reports of the two executors agree: same verdicts, every measured value identical", () => {
    // docs/report-ci (--executor local) and docs/report-ci-slurm (--executor slurm, results.json only): an edit
    // of either file's verdicts or measurements turns this red.
    const r = run("docs/report-ci", "docs/report-ci-slurm")
    expect({ code: r.code, last: r.out.trim().split("\n").at(-1) }).toEqual({
      code: 0, last: `${ci.claims.length} claims: same verdicts; every measured value identical (largest absolute difference 0)`,
    })
  }, 60_000)

  test("exit 2 with a one-line reason for reports of two tiers, a missing report, or a bad tolerance", () => {
    const tiers = run("docs/report-ci", "docs/report-cpu-long")
    expect({ code: tiers.code, err: tiers.err.trim() }).toEqual({ code: 2, err: "report:compare: the reports are of different tiers (ci, cpu-long): compare reports of one tier" })
    const missing = run("docs/report-ci", "docs/no-such-report")
    expect(missing.code).toBe(2)
    expect(missing.err).toStartWith("report:compare: ")
    expect(missing.err).not.toContain("    at ")
    expect(run("docs/report-ci", "docs/report-ci", "--tolerance", "x").code).toBe(2)
  }, 60_000)
})
