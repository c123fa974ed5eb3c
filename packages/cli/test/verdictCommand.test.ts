import { describe, expect, test } from "bun:test"
import { claimsCommand, exitCodeFor } from "../src/commands/claimsCommand.ts"
import { capture } from "./capture.ts"

describe("ssl claims (the verdict command)", () => {
  test("--json prints exactly {tier, seconds, claims[{id,title,verdict,measured,threshold,source}]}", async () => {
    const r = await capture(claimsCommand, ["--tier", "ci", "--only", "C8,C7", "--json"])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(Object.keys(j)).toEqual(["tier", "seconds", "claims"])
    expect(j.tier).toBe("ci")
    expect(j.claims.map((c: { id: string }) => c.id)).toEqual(["C8", "C7"])
    for (const c of j.claims) {
      expect(Object.keys(c)).toEqual(["id", "title", "verdict", "measured", "threshold", "source"])
      expect(c.verdict).toBe("pass")
      expect(Object.keys(c.threshold).length).toBeGreaterThan(0)
      for (const k of Object.keys(c.threshold)) expect(typeof c.measured[k]).toBe("number")
      expect(c.source).toContain("docs/paper/claims.md")
    }
  }, 30_000)

  test("the text output is a verdict table", async () => {
    const r = await capture(claimsCommand, ["--only", "C8", "--tier", "smoke", "--details"])
    expect(r.code).toBe(0)
    expect(r.out).toMatch(/^id\s+verdict/)
    expect(r.out).toMatch(/\nC8\s+pass/)
    expect(r.out).toContain("tier smoke: 1 pass")
    expect(r.out).toContain("threshold: docs/paper/claims.md#c8")
  }, 30_000)

  test("a claim without a config for the tier is reported `not run` with the reason", async () => {
    const r = await capture(claimsCommand, ["--only", "C7", "--tier", "nightly", "--json"])
    expect(r.code).toBe(0)
    const c = JSON.parse(r.out).claims[0]
    expect(c.verdict).toBe("not run")
    expect(c.source).toContain("deterministic")
  })

  test("bad input exits 2 with the rule", async () => {
    const cases: ReadonlyArray<[ReadonlyArray<string>, string]> = [
      [["--tier", "weekly"], '--tier must be one of smoke, ci, cpu-long, nightly, full (was "weekly")'],
      [["--only", "C5,C99"], '--only: unknown claim id "C99"'],
      [["--only", ","], "--only needs at least one claim id"],
      [["C5"], "claims takes no positional arguments"],
      [["--set", "a=1"], "claims does not take --set"],
    ]
    for (const [argv, message] of cases) {
      const r = await capture(claimsCommand, argv)
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 })
      expect(r.err).toContain(message)
    }
  })

  test("exit 1 when any claim fails; inconclusive and not run do not fail", () => {
    const report = (verdicts: ReadonlyArray<"pass" | "fail" | "inconclusive" | "not run">) => ({
      tier: "ci" as const, seconds: 0,
      results: verdicts.map((verdict, i) => ({ id: `C${i}`, title: "", tier: "ci" as const, verdict, notJudged: [], measured: {}, threshold: {}, source: "", checks: [], seeds: [], seconds: 0 })),
    })
    expect(exitCodeFor(report(["pass", "inconclusive", "not run"]))).toBe(0)
    expect(exitCodeFor(report(["pass", "fail"]))).toBe(1)
  })

  test("through main.ts: exit codes of the process", async () => {
    const run = async (...argv: Array<string>) => {
      const p = Bun.spawn(["bun", "run", "packages/cli/src/main.ts", ...argv], { stdout: "pipe", stderr: "pipe" })
      return { code: await p.exited, out: await new Response(p.stdout).text() }
    }
    expect((await run("claims", "--only", "C99")).code).toBe(2)
    expect((await run("simulate", "parabola", "--set", "eta=-1")).code).toBe(2)
    const ok = await run("claims", "--only", "C8", "--json")
    expect(ok.code).toBe(0)
    expect(JSON.parse(ok.out).claims[0].verdict).toBe("pass")
  }, 30_000)
})
