/**
 * The terminal renderer of claims progress: a block of lines redrawn in place (log-update: cursor moves and line
 * erases, partial redraws) under the milestones, which stay in the scrollback —
 *
 *   [3/34] C3 pass (2.1 s) · elapsed 9 s · ETA ≈ 1m40s            ← milestones (progressLines.ts), kept
 *   claims  3/34 ██████░░░░░░░░░░░░░░░░░░  9% · smoke · elapsed 9 s · ETA ≈ 1m31s · C4
 *     C13 byol seed 1    ███████████░░░░░  120/240 · 31.2 steps/s · 4 s left
 *     C13 sgd seed 0     evaluating (probe)
 *
 * Redraws are at most every `minIntervalMs` (milestones always redraw); `close` erases the block so the verdict
 * table prints below the milestones.
 */
import { createLogUpdate } from "log-update"
import { formatNumber } from "./formatVerdict.ts"
import { formatDuration } from "./pace.ts"
import type { ProgressEvent } from "./Progress.ts"
import { milestoneLine } from "./progressLines.ts"
import { emptyView, etaNow, type ProgressView, reduceView, type RunInFlight } from "./progressView.ts"

const bar = (fraction: number, width: number): string => {
  const filled = Math.max(0, Math.min(width, Math.round(fraction * width)))
  return "█".repeat(filled) + "░".repeat(width - filled)
}

const runLine = (r: RunInFlight, nameWidth: number): string => {
  const name = `${r.claim} ${r.arm} seed ${r.seed}`.padEnd(nameWidth)
  if (r.phase !== undefined) return `  ${name}  evaluating (${r.phase})`
  if (r.step === undefined || r.total === undefined || r.total <= 0) return `  ${name}  starting`
  const rate = r.stepsPerSecond ?? 0
  const left = rate > 0 ? ` · ${formatDuration((r.total - r.step) / rate)} left` : ""
  return `  ${name}  ${bar(r.step / r.total, 16)}  ${r.step}/${r.total}${rate > 0 ? ` · ${formatNumber(rate)} steps/s` : ""}${left}`
}

/** The block of lines for a view at `now` (ms since the renderer started). */
export const frameLines = (v: ProgressView, now: number, startedAt: number): ReadonlyArray<string> => {
  const lines: Array<string> = []
  const elapsed = formatDuration((now - startedAt) / 1000)
  const eta = etaNow(v, now)
  if (v.total > 0) {
    lines.push(`claims ${String(v.done).padStart(String(v.total).length)}/${v.total} ${bar(v.done / v.total, 24)} ${String(Math.floor((100 * v.done) / v.total)).padStart(3)}%` +
      `${v.tier === undefined ? "" : ` · ${v.tier}`} · elapsed ${elapsed} · ETA ≈ ${eta === undefined ? "?" : formatDuration(eta)}${v.current === undefined ? "" : ` · ${v.current}`}`)
  }
  if (v.workers !== undefined && v.workers.total > 0) {
    lines.push(`runs ${v.workers.done}/${v.workers.total} ${bar(v.workers.done / v.workers.total, 24)} · trained ahead by workers · elapsed ${elapsed}` +
      `${v.total > 0 || eta === undefined ? "" : ` · ETA ≈ ${formatDuration(eta)}`}`)
  }
  const runs = [...v.runs.values()]
  const nameWidth = Math.max(0, ...runs.map((r) => `${r.claim} ${r.arm} seed ${r.seed}`.length))
  for (const r of runs) lines.push(runLine(r, nameWidth))
  return lines
}

export interface TerminalStream {
  write(chunk: string): unknown
  readonly columns?: number
  readonly rows?: number
}

export interface FrameRenderer {
  readonly event: (e: ProgressEvent) => void
  /** Erases the block (the milestones stay). */
  readonly close: () => void
}

export const frameRenderer = (stream: TerminalStream, options: { readonly now?: () => number; readonly minIntervalMs?: number } = {}): FrameRenderer => {
  const now = options.now ?? (() => performance.now())
  const minInterval = options.minIntervalMs ?? 100
  // log-update uses only write, columns and rows (its types ask for a NodeJS.WriteStream). A terminal that reports
  // no size (0 columns: a pseudo-terminal without one) gets 100 × 40 rather than a block wrapped at every character.
  const sized = {
    write: (chunk: string) => stream.write(chunk),
    get columns() { return stream.columns || 100 },
    get rows() { return stream.rows || 40 },
  }
  const log = createLogUpdate(sized as unknown as NodeJS.WriteStream, { showCursor: true })
  const startedAt = now()
  let view = emptyView
  let drawnAt = Number.NEGATIVE_INFINITY
  const draw = () => {
    drawnAt = now()
    log(frameLines(view, drawnAt, startedAt).join("\n"))
  }
  return {
    event: (e) => {
      view = reduceView(view, e, now())
      const milestone = milestoneLine(e)
      if (milestone !== undefined) {
        log.persist(milestone)
        draw()
      } else if (now() - drawnAt >= minInterval) draw()
    },
    close: () => log.clear(),
  }
}
