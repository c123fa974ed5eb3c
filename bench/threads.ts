/**
 * `bun run bench/threads.ts [--rounds R] [--reps N] [--only a,b]`: throughput of the training step with 1 BLAS
 * thread in one process, 2 BLAS threads in one process, and two processes of 1 thread each running at once (what
 * `repro --jobs 2` does), in interleaved rounds (a, b, c, a, b, c, …) so that changing load hits all three alike.
 * Prints steps per second per setting and workload (median over rounds). The native element-wise kernels are
 * single-threaded in every setting; PyTorch is not run.
 */
import { join } from "node:path"

const args = process.argv.slice(2)
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1]! : fallback
}
const rounds = Number(option("--rounds", "3")), reps = option("--reps", "5"), only = option("--only", "mlp-step,cnn-step")
if (!(Number.isInteger(rounds) && rounds >= 1)) {
  console.error("ssl: --rounds must be a positive integer")
  process.exit(2)
}

interface BenchJson { workloads: Array<{ name: string; oursMs: number }> }
const bench = async (threads: number): Promise<BenchJson> => {
  const proc = Bun.spawn(["bun", join(import.meta.dir, "bench.ts"), "--json", "--no-profile", "--reps", reps, "--threads", String(threads), "--only", only], {
    stdout: "pipe", stderr: "ignore", env: { ...process.env, SSL_PYTHON: "/nonexistent" },
  })
  const out = await new Response(proc.stdout).text()
  if ((await proc.exited) !== 0) throw new Error(`bench.ts exited with ${proc.exitCode}`)
  return JSON.parse(out.trim().split("\n").pop()!) as BenchJson
}

const settings: Record<string, () => Promise<Map<string, number>>> = {
  "1 process × 1 thread": async () => new Map((await bench(1)).workloads.map((w) => [w.name, 1000 / w.oursMs])),
  "1 process × 2 threads": async () => new Map((await bench(2)).workloads.map((w) => [w.name, 1000 / w.oursMs])),
  "2 processes × 1 thread": async () => {
    const [a, b] = await Promise.all([bench(1), bench(1)])
    return new Map(a.workloads.map((w, i) => [w.name, 1000 / w.oursMs + 1000 / b.workloads[i]!.oursMs]))
  },
}
const results = new Map<string, Map<string, number[]>>()
for (let r = 0; r < rounds; r++) {
  for (const [setting, run] of Object.entries(settings)) {
    const perWorkload = await run()
    const acc = results.get(setting) ?? new Map<string, number[]>()
    for (const [w, sps] of perWorkload) acc.set(w, [...(acc.get(w) ?? []), sps])
    results.set(setting, acc)
    process.stderr.write(`round ${r + 1}: ${setting}: ${[...perWorkload].map(([w, s]) => `${w} ${s.toFixed(2)} steps/s`).join(", ")}\n`)
  }
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!
for (const [setting, acc] of results) {
  console.log(`${setting.padEnd(24)} ${[...acc].map(([w, xs]) => `${w} ${median(xs).toFixed(2)} steps/s [${Math.min(...xs).toFixed(2)}–${Math.max(...xs).toFixed(2)}]`).join("   ")}`)
}
