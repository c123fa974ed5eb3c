/**
 * Training progress: a one-line bar on a terminal (steps/s, loss, ETA), structured JSON lines elsewhere (one per
 * metrics record, so a log collector sees the run's numbers, at 4 significant digits), or nothing. After training,
 * the evaluation reports its phases (features, probe, kNN, floors) through `phase`.
 */
import type { TrainMetricsRecord } from "./TrainMetricsRecord.ts"

export interface Progress {
  start(total: number, from: number): void
  /** After every step. */
  step(completed: number, loss: number): void
  /** After every metrics record. */
  record(record: TrainMetricsRecord): void
  end(): void
  /** The evaluation after training entered a phase ("features", "probe", "kNN", "floors (random encoder)"...). */
  phase?(phase: string): void
}

export const silentProgress: Progress = { start: () => {}, step: () => {}, record: () => {}, end: () => {} }

/** A number at 4 significant digits (integers unchanged): progress lines never print float noise. */
export const roundForDisplay = (x: number): number => (Number.isInteger(x) || !Number.isFinite(x) ? x : Number(x.toPrecision(4)))

const fmtSeconds = (s: number): string =>
  !Number.isFinite(s) ? "?" : s >= 3600 ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, "0")}m`
  : s >= 60 ? `${Math.floor(s / 60)}m${String(Math.floor(s % 60)).padStart(2, "0")}s` : `${s.toFixed(0)}s`

/** A redrawn bar on a TTY stream (stderr), at most ~10 redraws per second. */
export const ttyProgress = (write: (s: string) => void, label = "train"): Progress => {
  let total = 0
  let from = 0
  let t0 = 0
  let last = 0
  let lastRecord = ""
  const draw = (completed: number, loss: number) => {
    const elapsed = (performance.now() - t0) / 1000
    const rate = (completed - from) / Math.max(elapsed, 1e-9)
    const width = 24
    const filled = Math.round((completed / total) * width)
    const bar = "█".repeat(filled) + "░".repeat(width - filled)
    write(`\r${label} ${bar} ${completed}/${total} ${rate.toFixed(1)} it/s loss ${loss.toFixed(4)} ETA ${fmtSeconds((total - completed) / rate)}${lastRecord}\x1b[K`)
  }
  return {
    start: (t, f) => {
      total = t
      from = f
      t0 = performance.now()
    },
    step: (completed, loss) => {
      const now = performance.now()
      if (now - last < 100 && completed < total) return
      last = now
      draw(completed, loss)
    },
    record: (r) => {
      lastRecord = ` | align ${r.alignment.toFixed(3)} asym ${r.asymmetry.toFixed(3)} zStd ${r.zStd.toFixed(3)}`
    },
    end: () => write("\n"),
    // a line per phase, below the finished bar (the evaluation's end has no event to close an in-place line)
    phase: (p) => write(`${label} evaluating: ${p}\n`),
  }
}

/** One JSON object per metrics record (eigenvalue lists left out to keep lines short). */
export const jsonLinesProgress = (write: (s: string) => void): Progress => ({
  start: (total, from) => write(`${JSON.stringify({ event: "train.start", total, from })}\n`),
  step: () => {},
  record: (r) => {
    const { fEigenvalues: _f, wpEigenvalues: _w, alignmentCos: _c, ...scalars } = r
    const rounded = Object.fromEntries(Object.entries(scalars).map(([k, v]) => [k, typeof v === "number" ? roundForDisplay(v) : v]))
    write(`${JSON.stringify({ event: "train.metrics", ...rounded })}\n`)
  },
  end: () => write(`${JSON.stringify({ event: "train.end" })}\n`),
  phase: (phase) => write(`${JSON.stringify({ event: "eval.phase", phase })}\n`),
})

/** The bar on a terminal, JSON lines otherwise (both on stderr, leaving stdout to results). */
export const defaultProgress = (): Progress =>
  process.stderr.isTTY === true
    ? ttyProgress((s) => void process.stderr.write(s))
    : jsonLinesProgress((s) => void process.stderr.write(s))
