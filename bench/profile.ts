/**
 * `bun run bench/profile.ts <workload> [--steps N]`: where one workload's step spends its time, per kernel and per
 * category (matmul/conv, element-wise, reduction, data movement, other), and the rest of the wall time ("tfjs
 * overhead": tape, tidy, kernel dispatch, JS between kernels). Same backend choice as `bun run bench`.
 */
import { initBackend } from "@ssl/core"
import { categoryOf, profileKernels } from "./kernelProfile.ts"
import { workloads } from "./workloads/index.ts"

const args = process.argv.slice(2)
const name = args[0]
const stepsAt = args.indexOf("--steps")
const steps = stepsAt >= 0 ? Number(args[stepsAt + 1]) : 5
const spec = workloads.find((w) => w.name === name)
if (spec === undefined || !(Number.isInteger(steps) && steps >= 1)) {
  console.error(`usage: bun run bench/profile.ts <${workloads.map((w) => w.name).join("|")}> [--steps N]`)
  process.exit(2)
}
const choice = await initBackend(undefined, { threads: 1 })
const w = spec.make()
for (let i = 0; i < 2; i++) w.step()
const profile = profileKernels()
const t0 = performance.now()
for (let i = 0; i < steps; i++) w.step()
const wall = (performance.now() - t0) / steps
profile.stop()
w.dispose()

const perStep = [...profile.byKernel].map(([k, v]) => ({ k, ms: v.ms / steps, calls: v.calls / steps })).sort((a, b) => b.ms - a.ms)
const byCategory = new Map<string, number>()
for (const r of perStep) byCategory.set(categoryOf(r.k), (byCategory.get(categoryOf(r.k)) ?? 0) + r.ms)
const kernels = perStep.reduce((s, r) => s + r.ms, 0)
console.log(`${spec.name} on ${choice.name}: ${wall.toFixed(1)} ms/step (profiled, ${steps} steps), ` +
  `${perStep.reduce((s, r) => s + r.calls, 0)} kernel calls/step`)
for (const [c, ms] of [...byCategory].sort((a, b) => b[1] - a[1])) console.log(`  ${c.padEnd(14)} ${ms.toFixed(1).padStart(8)} ms  ${(100 * ms / wall).toFixed(0)}%`)
console.log(`  ${"tfjs overhead".padEnd(14)} ${(wall - kernels).toFixed(1).padStart(8)} ms  ${(100 * (wall - kernels) / wall).toFixed(0)}%`)
console.log("  top kernels:")
for (const r of perStep.slice(0, 25)) console.log(`    ${r.k.padEnd(20)} ${r.ms.toFixed(2).padStart(8)} ms  ${r.calls.toFixed(0).padStart(4)} calls`)
