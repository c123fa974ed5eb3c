/**
 * The figures the theory claims draw from what they compute (C1's Monte-Carlo convergence, C2's conservation residual, C6's decoupled modes, C7's η = 0 phase portrait, Fig. 5 for C10, Fig. 7 for C11, Fig. 10 for C12, Theorem 2's
 * collapse for C3), at the smoke tier: each is there, its data says what the claim says, and it renders.
 */
import { describe, expect, test } from "bun:test"
import { Effect, Layer } from "effect"
import type { Claim } from "../src/harness/Claim.ts"
import { Progress } from "../src/harness/Progress.ts"
import { EvidenceCache } from "../src/harness/EvidenceCache.ts"
import { ArmRuns } from "../src/empirical/ArmRuns.ts"
import { reportFigures } from "../src/report/figures/figures.ts"
import { renderSvg } from "../src/report/figures/renderSvg.ts"
import type { LinePlot, PhasePlot } from "../src/report/PlotSpec.ts"
import { C03 as C3 } from "../src/theory/C03-collapse.ts"
import { C01 as C1 } from "../src/theory/C01-lemma1.ts"
import { C02 as C2 } from "../src/theory/C02-conservation.ts"
import { C06 as C6 } from "../src/theory/C06-decoupling.ts"
import { C07 as C7 } from "../src/theory/C07-no-weight-decay.ts"
import { C10 } from "../src/theory/C10-ema-curriculum.ts"
import { C11 } from "../src/theory/C11-assumption1.ts"
import { C12 } from "../src/theory/C12-appendix-d.ts"

const plotsOf = async (claim: Claim): Promise<ReadonlyArray<LinePlot>> => {
  const result = await Effect.runPromise(claim.run("smoke").pipe(Effect.provide(Layer.mergeAll(Progress.layerSilent, EvidenceCache.layerMemory, ArmRuns.layerTest()))))
  return (result.plots ?? []) as ReadonlyArray<LinePlot>
}

const last = (xs: ReadonlyArray<number | null>): number => xs.at(-1) as number

describe("theory claims' figures", async () => {
  const [c1, c2, c3, c6, c7, c10, c11, c12] = await Promise.all([plotsOf(C1), plotsOf(C2), plotsOf(C3), plotsOf(C6), plotsOf(C7), plotsOf(C10), plotsOf(C11), plotsOf(C12)])

  test("C1: the sampled gradients' error against N on log axes, falling with N, beside the 1/√N rate", () => {
    const p = c1[0]!
    expect(p.x.scale).toBe("log")
    const [seed, rate] = p.series
    const { grid } = C1.plan("smoke")!.config as { grid: ReadonlyArray<number> }
    expect(seed!.x).toEqual([...grid])
    // Mutation caught: the errors of another N plotted at each N (the curve would not fall).
    expect(last(seed!.y)).toBeLessThan((seed!.y[0] as number) / 2)
    expect(rate!.dashed).toBe(true)
    const expected = (seed!.y[0] as number) * Math.sqrt(grid[0]! / grid.at(-1)!)
    expect(Math.abs(last(rate!.y) - expected) / expected).toBeLessThan(1e-5) // values keep 6 significant digits
  })

  test("C2: the residual stays at the integrator's error with the stop-gradient, of order one without it", () => {
    const p = c2[0]!
    const max = (name: string) => Math.max(...p.series.find((s) => s.name === name)!.y.map((v) => v as number))
    const rk4 = p.series.filter((s) => s.name.endsWith(", rk4")).map((s) => s.name)
    expect(rk4.length).toBeGreaterThanOrEqual(2)
    // Mutation caught: the control's curve labelled as a stop-gradient run (or the reverse).
    for (const name of rk4) expect(max(name)).toBeLessThan(1e-6)
    expect(max("control: no stop-gradient (the law breaks)")).toBeGreaterThan(1e-3)
    expect(p.series.every((s) => s.y.every((v) => (v as number) > 0))).toBe(true)
  })

  test("C3: the collapse without stop-gradient stays under Theorem 2's bound; W_p = I collapses; the control does not", () => {
    expect(c3.map((p) => p.id)).toEqual(["C3-collapse"])
    const [a, bound, b, control] = c3[0]!.series
    expect(a!.name).toContain("no stop-gradient")
    expect(bound!.dashed).toBe(true)
    // Mutation caught: the bound drawn with the wrong rate (a curve above its own bound).
    a!.y.forEach((v, i) => expect(v as number).toBeLessThanOrEqual((bound!.y[i] as number) * (1 + 1e-6) + 1e-12))
    expect(last(b!.y)).toBeLessThan(1e-3)
    expect(last(control!.y)).toBeGreaterThan(0.1)
  })

  test("C6: each p_j of the full flow (dashed) lies on its decoupled curve (solid)", () => {
    const p = c6[0]!
    expect(p.series.length % 2).toBe(0)
    for (let j = 0; j < p.series.length; j += 2) {
      const [decoupled, full] = [p.series[j]!, p.series[j + 1]!]
      expect(full.dashed).toBe(true)
      expect(decoupled.y.length).toBeGreaterThan(5)
      // Mutation caught: the full flow's modes paired with the wrong decoupled curve.
      decoupled.y.forEach((v, i) => expect(Math.abs((v as number) - (full.y[i] as number))).toBeLessThan(1e-5))
    }
  })

  test("C7: at η = 0 every trajectory keeps s − p²/α_p at its start's value (Obs#1's shifted parabolas)", () => {
    const p = c7[0] as unknown as PhasePlot
    expect(p.kind).toBe("phase")
    expect(p.trajectories.length).toBeGreaterThanOrEqual(4)
    for (const tr of p.trajectories) {
      const c0 = (tr.y[0] as number) - (tr.x[0] as number) ** 2 / p.alphaP
      // Mutation caught: trajectories integrated with weight decay (c decays like exp(−2ηt)).
      tr.x.forEach((x, i) => { if ((tr.y[i] as number) > 1e-3) expect(Math.abs((tr.y[i] as number) - (x as number) ** 2 / p.alphaP - c0)).toBeLessThan(1e-4) })
    }
  })

  test("C10: s_j over time per τ schedule; the smaller β grows later (Fig. 5's curriculum)", () => {
    const p = c10[0]!
    expect(p.series.map((s) => s.name)).toEqual(["τ ≡ 1 (no EMA)", "EMA, β = 0.4", "EMA, β = 0.1"])
    /** When a curve first reaches half of its final value. */
    const half = (name: string) => {
      const s = p.series.find((x) => x.name === name)!
      return s.x[s.y.findIndex((v) => (v as number) >= last(s.y) / 2)] as number
    }
    // Mutation caught: the β labels swapped between the curves (the smaller β would appear to grow first).
    expect(half("EMA, β = 0.1")).toBeGreaterThan(half("EMA, β = 0.4"))
    expect(half("EMA, β = 0.4")).toBeGreaterThanOrEqual(half("τ ≡ 1 (no EMA)"))
  })

  test("C11: one curve per (γ_a, η) in the band its seeds span, with the criterion's 0.8 drawn", () => {
    const p = c11[0]!
    expect(p.id).toBe("C11-correlation")
    const { gammas, etas } = C11.plan("smoke")!.config as { gammas: ReadonlyArray<number>; etas: ReadonlyArray<number> }
    expect(p.series.map((s) => s.name)).toEqual(gammas.flatMap((g) => etas.map((e) => `γ_a = ${g}, η = ${e}`)))
    for (const s of p.series) s.y.forEach((v, i) => {
      if (v === null || !Number.isFinite(v)) return
      expect(s.lower![i]! <= v && v <= s.upper![i]!).toBe(true)
    })
    expect(p.references).toEqual([{ label: "criterion: ≥ 0.8 after the transient", y: 0.8 }])
  })

  test("C12: with the predictor w, w_a and w_p meet at λ_d/λ_s; without it w and w_a decay (Fig. 10)", () => {
    const p = c12[0]!
    const target = p.references![0]!.y
    const byName = Object.fromEntries(p.series.map((s) => [s.name, s]))
    for (const n of ["w_p (predictor)", "w (predictor)", "w_a (predictor)"]) expect(Math.abs(last(byName[n]!.y) - target)).toBeLessThan(1e-3)
    for (const n of ["w (no predictor)", "w_a (no predictor)"]) {
      expect(byName[n]!.dashed).toBe(true)
      expect(Math.abs(last(byName[n]!.y))).toBeLessThan(0.05)
    }
  })

  test("each renders headless with its data marks", async () => {
    const claims = [[C1, c1], [C2, c2], [C3, c3], [C6, c6], [C7, c7], [C10, c10], [C11, c11], [C12, c12]] as const
    const figures = reportFigures(claims.map(([c, plots]) => ({ id: c.id, checks: [], plots }) as never))
    for (const f of [...figures.values()].flat()) expect((await renderSvg(f.spec)).match(/role-mark/g)?.length ?? 0).toBeGreaterThan(0)
  })
})
