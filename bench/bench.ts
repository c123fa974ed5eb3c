/**
 * `bun run bench [--json] [--reps N] [--only a,b]`: each workload in our stack (the backend `auto` picks, or
 * SSL_BACKEND) and in the PyTorch reference (bench/pytorch_reference.py), one thread each, repetitions interleaved
 * (ours, then PyTorch, alternately) so load from other processes hits both alike. Reports median milliseconds and
 * the ratio ours/PyTorch. `--json` prints exactly {"workloads":[{"name","oursMs","pytorchMs","ratio"}]} on stdout.
 */
import { initBackend, tf } from "../packages/core/src/index.ts"
import { INSTALL_TORCH, startPytorch } from "./pytorchServer.ts"
import { workloads } from "./workloads/index.ts"

interface Row { name: string; oursMs: number; pytorchMs: number | null; ratio: number | null }

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(name)
const option = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const json = flag("--json")
const reps = Number(option("--reps") ?? 10)
const only = option("--only")?.split(",")
if (!(Number.isInteger(reps) && reps >= 1)) {
  console.error(`--reps must be a positive integer (was ${option("--reps")})`)
  process.exit(2)
}
const selected = workloads.filter((w) => only === undefined || only.includes(w.name))
if (selected.length === 0) {
  console.error(`--only matched no workload; known: ${workloads.map((w) => w.name).join(", ")}`)
  process.exit(2)
}
const say = (line: string) => process.stderr.write(`${line}\n`)
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

const choice = await initBackend(undefined, { threads: 1 })
const torch = await startPytorch()
if (!torch.ok) say(`PyTorch reference unavailable: ${torch.why}. ${INSTALL_TORCH} Reporting our times only.`)
say(`ours: tfjs backend ${choice.name} (${choice.threads} thread) on ${choice.device}; ` +
  `reference: ${torch.ok ? `PyTorch ${torch.server.version}, 1 thread` : "none"}; ${reps} reps after 2 warm-up steps`)

const rows: Row[] = []
for (const spec of selected) {
  const w = spec.make()
  for (let i = 0; i < 2; i++) w.step()
  if (torch.ok) await torch.server.setup(spec.name)
  const ours: number[] = [], theirs: number[] = []
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now()
    w.step()
    ours.push(performance.now() - t0)
    if (torch.ok) theirs.push(await torch.server.run(spec.name))
  }
  w.dispose()
  const oursMs = median(ours), pytorchMs = torch.ok ? median(theirs) : null
  rows.push({ name: spec.name, oursMs, pytorchMs, ratio: pytorchMs === null ? null : oursMs / pytorchMs })
  say(`${spec.name}: ours ${oursMs.toFixed(1)} ms, PyTorch ${pytorchMs === null ? "-" : `${pytorchMs.toFixed(1)} ms`}`)
}
if (torch.ok) torch.server.close()
if (tf.memory().numTensors !== 0) say(`note: ${tf.memory().numTensors} tensors still allocated after the workloads`)

const round = (x: number | null, d: number) => (x === null ? null : Number(x.toFixed(d)))
if (json) {
  const out = rows.map((r) => ({ name: r.name, oursMs: round(r.oursMs, 2)!, pytorchMs: round(r.pytorchMs, 2), ratio: round(r.ratio, 3) }))
  process.stdout.write(`${JSON.stringify({ workloads: out })}\n`)
} else {
  const header = ["workload", "ours (ms)", "PyTorch (ms)", "ours/PyTorch"]
  const body = rows.map((r) => [r.name, r.oursMs.toFixed(1), r.pytorchMs?.toFixed(1) ?? "-", r.ratio?.toFixed(2) ?? "-"])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")
  console.log(line(header))
  for (const b of body) console.log(line(b))
}
