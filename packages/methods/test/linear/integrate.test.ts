import { describe, expect, test } from "bun:test"
import fc from "fast-check"
import { integrate, SimulationDiverged, stepsFor, type Rhs } from "../../src/linear/integrate.ts"

/** ẏ = A y with A = [[a, −w], [w, a]]: y(t) = e^{at} R(wt) y(0) exactly. */
const rotation = (a: number, w: number): Rhs => (_t, y, dy) => {
  dy[0] = a * y[0]! - w * y[1]!
  dy[1] = w * y[0]! + a * y[1]!
}
const exact = (a: number, w: number, t: number, y0: [number, number]) => {
  const g = Math.exp(a * t)
  return [g * (Math.cos(w * t) * y0[0] - Math.sin(w * t) * y0[1]), g * (Math.sin(w * t) * y0[0] + Math.cos(w * t) * y0[1])]
}
const error = (method: "rk4" | "euler", dt: number, a: number, w: number) => {
  const y = integrate(rotation(a, w), Float64Array.of(1, 0.5), { method, dt, steps: stepsFor(2, dt) })
  const e = exact(a, w, 2, [1, 0.5])
  return Math.hypot(y[0]! - e[0]!, y[1]! - e[1]!)
}

describe("integrate", () => {
  test("RK4 is fourth order and Euler first order on a linear system with a known solution", () => {
    fc.assert(fc.property(fc.double({ min: -1, max: 0.5, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true }), (a, w) => {
      const rk = Math.log2(error("rk4", 0.02, a, w) / error("rk4", 0.01, a, w))
      const eu = Math.log2(error("euler", 0.002, a, w) / error("euler", 0.001, a, w))
      expect(rk).toBeGreaterThan(3.7)
      expect(rk).toBeLessThan(4.3)
      expect(eu).toBeGreaterThan(0.9)
      expect(eu).toBeLessThan(1.1)
    }), { numRuns: 20 })
  })

  test("a time-dependent right-hand side sees the stage times (ẏ = cos t ⇒ y = sin t)", () => {
    const y = integrate((t, _y, dy) => { dy[0] = Math.cos(t) }, Float64Array.of(0), { method: "rk4", dt: 0.01, steps: 300 })
    expect(Math.abs(y[0]! - Math.sin(3))).toBeLessThan(1e-10)
  })

  test("observe runs at step 0, every `every` steps and at the last step, with the right times", () => {
    const seen: Array<[number, number]> = []
    integrate((_t, _y, dy) => { dy[0] = 1 }, Float64Array.of(0), { method: "euler", dt: 0.5, steps: 7, every: 3, observe: (t, y, s) => seen.push([s, t - y[0]!]) })
    expect(seen.map(([s]) => s)).toEqual([0, 3, 6, 7])
    for (const [, d] of seen) expect(Math.abs(d)).toBeLessThan(1e-12)
  })

  test("y0 is not modified; dt ≤ 0 and a divergence are typed errors", () => {
    const y0 = Float64Array.of(1)
    integrate((_t, y, dy) => { dy[0] = -y[0]! }, y0, { method: "rk4", dt: 0.1, steps: 10 })
    expect(y0[0]).toBe(1)
    expect(() => integrate(() => {}, y0, { method: "rk4", dt: 0, steps: 1 })).toThrow("dt must be a finite number > 0")
    expect(() => integrate(() => {}, y0, { method: "rk4", dt: -1, steps: 1 })).toThrow(RangeError)
    expect(() => integrate((_t, y, dy) => { dy[0] = y[0]! * y[0]! }, y0, { method: "euler", dt: 1, steps: 50 })).toThrow(SimulationDiverged)
  })
})
