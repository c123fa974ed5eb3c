import { describe, expect, test } from "bun:test"
import { simulate } from "../src/commands/simulate.ts"
import { capture } from "./capture.ts"

describe("ssl simulate", () => {
  test("prints the logged quantities of a scenario as a table", async () => {
    const r = await capture(simulate, ["appendix-d-scalar", "--set", "integrator.tEnd=20"])
    expect(r.code).toBe(0)
    expect(r.out).toContain("scenario appendix-d-scalar")
    expect(r.out.split("\n")[1]).toMatch(/t\s+wp\s+w\s+wa/)
  })

  test("--json prints the series; the BYOL run keeps the conservation law and ends symmetric", async () => {
    const r = await capture(simulate, ["byol-isotropic", "--set", "integrator.tEnd=100", "--json"])
    expect(r.code).toBe(0)
    const j = JSON.parse(r.out)
    expect(Object.keys(j)).toEqual(["scenario", "config", "trace"])
    expect(j.trace.t.length).toBe(6)
    expect(Math.max(...j.trace.series.conservationResidual)).toBeLessThan(1e-6)
    expect(j.trace.series.asymmetry.at(-1)).toBeLessThan(j.trace.series.asymmetry[0] / 10)
    expect(j.trace.spectra.F[0].length).toBe(8)
  })

  test("every named scenario runs (shortened)", async () => {
    const { scenarios } = await import("@ssl/configs")
    for (const name of Object.keys(scenarios)) {
      const r = await capture(simulate, [name, "--set", "integrator.tEnd=2", "--set", "integrator.logEvery=1", "--json"])
      expect({ name, code: r.code, err: r.err }).toEqual({ name, code: 0, err: "" })
    }
  })

  test("out-of-domain input is rejected with the path and the rule, exit 2", async () => {
    const cases: ReadonlyArray<[ReadonlyArray<string>, string]> = [
      [["byol-isotropic", "--set", "eta=-0.1"], "eta must be non-negative (was -0.1)"],
      [["byol-isotropic", "--set", "data.sigma2=-1"], "data.sigma2 must be non-negative (was -1)"],
      [["byol-isotropic", "--set", "integrator.dt=0"], "integrator.dt must be positive (was 0)"],
      [["byol-isotropic", "--set", 'data={"kind":"explicit","X":[[1,2],[2,1]],"Xp":[[1,0],[0,1]]}', "--set", "n1=2"], "data.X must be positive semidefinite"],
      [["byol-isotropic", "--set", "etaa=0.1"], "etaa is not a key of this scenario"],
      [["byol-isotropic", "--set", "target=ema", "--set", "stopGradient=false"], "target must be 'simsiam' when stopGradient is false"],
      [["no-such-scenario"], 'unknown scenario "no-such-scenario"'],
      [["byol-isotropic", "--set", "eta"], "--set expects path=value"],
      [[], "simulate takes one scenario name"],
      [["parabola", "--frobnicate"], "unknown option '--frobnicate'"],
    ]
    for (const [argv, message] of cases) {
      const r = await capture(simulate, argv)
      expect({ argv, code: r.code }).toEqual({ argv, code: 2 })
      expect(r.err).toContain(message)
    }
  })

  test("a diverging simulation exits 1 with a message", async () => {
    const r = await capture(simulate, ["no-stop-gradient", "--set", "integrator.dt=1", "--set", "integrator.logEvery=1"])
    expect(r.code).toBe(1)
    expect(r.err).toContain("diverged")
  })
})
