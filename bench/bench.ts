/**
 * `bun run bench [--json] [--reps N] [--only a,b] [--threads N] [--no-profile]`: each workload in our stack (the
 * backend `auto` picks, or SSL_BACKEND) and in the PyTorch reference (bench/pytorch_reference.py), N threads each
 * (default 1), repetitions interleaved (ours, then PyTorch, alternately) so that load from other processes hits both
 * alike. Reports the median milliseconds of each side, the median of the per-repetition ratios ours/PyTorch and
 * their spread (the 25th–75th percentile of those ratios: how stable the ratio is on this machine), and, from up to
 * three more profiled steps of ours, where its time goes (kernel time by category; "outside kernels" is the rest: tape,
 * tidy, dispatch, JS glue and any non-tfjs code such as eigh).
 * `--json` prints {"backend","threads","reps","workloads":[{"name","oursMs","pytorchMs","ratio","ratioIqr","breakdown"}]}.
 */
import { initBackend, tf } from "@ssl/core"
import { categoryOf, profileKernels } from "./kernelProfile.ts"
import { INSTALL_TORCH, startPytorch } from "./pytorchServer.ts"
import { workloads } from "./workloads/index.ts"
import type { Workload } from "./workloads/Workload.ts"

interface Row {
  name: string
  oursMs: number
  pytorchMs: number | null
  ratio: number | null
  ratioIqr: [number, number] | null
  breakdown: Record<string, number> | null
}

const args = process.argv.slice(2)
const flag = (name: string) => args.includes(name)
const option = (name: string): string | undefined => {
  const i = args.indexOf(name)
  return i >= 0 ? args[i + 1] : undefined
}
const fail = (message: string): never => {
  console.error(`ssl: ${message}`)
  process.exit(2)
}
const json = flag("--json")
const reps = Number(option("--reps") ?? 10)
const threads = Number(option("--threads") ?? 1)
const only = option("--only")?.split(",")
if (!(Number.isInteger(reps) && reps >= 1)) fail(`--reps must be a positive integer (was ${option("--reps")})`)
if (!(Number.isInteger(threads) && threads >= 1)) fail(`--threads must be a positive integer (was ${option("--threads")})`)
const selected = workloads.filter((w) => only === undefined || only.includes(w.name))
if (selected.length === 0) fail(`--only matched no workload; known: ${workloads.map((w) => w.name).join(", ")}`)
const say = (line: string) => process.stderr.write(`${line}\n`)
const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b)
  const pos = (s.length - 1) * q, lo = Math.floor(pos), hi = Math.ceil(pos)
  return s[lo]! + (s[hi]! - s[lo]!) * (pos - lo)
}
const median = (xs: number[]) => quantile(xs, 0.5)

/** Kernel milliseconds per category per step of `w` (mean over `steps` steps), and the rest of its wall time. */
const breakdownOf = (w: Workload, steps: number): Record<string, number> => {
  const profile = profileKernels()
  const t0 = performance.now()
  try {
    for (let i = 0; i < steps; i++) w.step()
  } finally {
    profile.stop()
  }
  const wall = performance.now() - t0
  const out: Record<string, number> = {}
  let kernels = 0
  for (const [name, { ms }] of profile.byKernel) {
    const c = categoryOf(name)
    out[c] = (out[c] ?? 0) + ms
    kernels += ms
  }
  out["outside kernels"] = wall - kernels
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, Number((v / steps).toFixed(2))]))
}

const choice = await initBackend(undefined, { threads })
const torch = await startPytorch(threads)
if (!torch.ok) say(`PyTorch reference unavailable: ${torch.why}. ${INSTALL_TORCH} Reporting our times only.`)
say(`ours: tfjs backend ${choice.name} (${choice.threads} thread${choice.threads === 1 ? "" : "s"}; ` +
  `${choice.elementwiseKernels === undefined ? "" : choice.elementwiseKernels.native ? "native element-wise kernels" : `JavaScript element-wise kernels: ${choice.elementwiseKernels.why}`}) ` +
  `on ${choice.device}; reference: ${torch.ok ? `PyTorch ${torch.server.version}, ${threads} thread${threads === 1 ? "" : "s"}` : "none"}; ` +
  `${reps} interleaved reps after 2 warm-up steps each`)

const rows: Row[] = []
for (const spec of selected) {
  const w = spec.make()
  for (let i = 0; i < 2; i++) w.step()
  if (torch.ok) await torch.server.setup(spec.name)
  const ours: number[] = [], theirs: number[] = [], ratios: number[] = []
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now()
    w.step()
    ours.push(performance.now() - t0)
    if (torch.ok) {
      theirs.push(await torch.server.run(spec.name))
      ratios.push(ours[r]! / theirs[r]!)
    }
  }
  const breakdown = flag("--no-profile") ? null : breakdownOf(w, Math.min(3, reps))
  w.dispose()
  const oursMs = median(ours), pytorchMs = torch.ok ? median(theirs) : null
  const ratio = torch.ok ? median(ratios) : null
  const ratioIqr: [number, number] | null = torch.ok ? [quantile(ratios, 0.25), quantile(ratios, 0.75)] : null
  rows.push({ name: spec.name, oursMs, pytorchMs, ratio, ratioIqr, breakdown })
  say(`${spec.name}: ours ${oursMs.toFixed(1)} ms, PyTorch ${pytorchMs === null ? "-" : `${pytorchMs.toFixed(1)} ms`}` +
    (ratio === null ? "" : `, ratio ${ratio.toFixed(2)} [${ratioIqr![0].toFixed(2)}, ${ratioIqr![1].toFixed(2)}]`) +
    (breakdown === null ? "" : `; ${Object.entries(breakdown).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(", ")}`))
}
if (torch.ok) torch.server.close()
if (tf.memory().numTensors !== 0) say(`note: ${tf.memory().numTensors} tensors still allocated after the workloads`)

const round = (x: number | null, d: number) => (x === null ? null : Number(x.toFixed(d)))
if (json) {
  const out = rows.map((r) => ({
    name: r.name, oursMs: round(r.oursMs, 2)!, pytorchMs: round(r.pytorchMs, 2), ratio: round(r.ratio, 3),
    ratioIqr: r.ratioIqr === null ? null : r.ratioIqr.map((x) => round(x, 3)), breakdown: r.breakdown,
  }))
  process.stdout.write(`${JSON.stringify({ backend: choice.name, threads, reps, workloads: out })}\n`)
} else {
  const header = ["workload", "ours (ms)", "PyTorch (ms)", "ours/PyTorch", "ratio IQR"]
  const body = rows.map((r) => [r.name, r.oursMs.toFixed(1), r.pytorchMs?.toFixed(1) ?? "-", r.ratio?.toFixed(2) ?? "-",
    r.ratioIqr === null ? "-" : `${r.ratioIqr[0].toFixed(2)}–${r.ratioIqr[1].toFixed(2)}`])
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ")
  console.log(line(header))
  for (const b of body) console.log(line(b))
}
