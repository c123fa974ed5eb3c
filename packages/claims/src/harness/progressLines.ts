/**
 * The plain renderer of claims progress (a log, a pipe, CI): one line per event worth a line, numbers at 4 significant
 * digits, durations in seconds/minutes. A run's steps get a line at each quarter of the run (its 1% events would
 * flood a log); its evaluation phases and its end get one each. The line text of a milestone is shared with the
 * terminal renderer, which keeps those lines above its bars.
 */
import { formatNumber } from "./formatVerdict.ts"
import { formatDuration } from "./pace.ts"
import type { ProgressEvent } from "./Progress.ts"
import { emptyView, type ProgressView, reduceView, runKey } from "./progressView.ts"

const value = (v: number | string | boolean): string => (typeof v === "number" ? formatNumber(v) : String(v))

/** "k v, k v" for fields without a dedicated format. */
const fieldList = (fields: ProgressEvent["fields"], skip: ReadonlyArray<string> = []): string =>
  Object.entries(fields ?? {}).filter(([k]) => !skip.includes(k)).map(([k, v]) => `${k} ${value(v)}`).join(", ")

const runName = (e: ProgressEvent): string => `${e.claim} run ${String(e.fields?.["arm"] ?? "?")} seed ${String(e.fields?.["seed"] ?? "?")}`

const seconds = (f: ProgressEvent["fields"], k: string): string | undefined => (typeof f?.[k] === "number" ? formatDuration(f[k]) : undefined)

/**
 * The line of an event that is a milestone (kept in a log and above the terminal's bars), or undefined for events
 * only the bars show (a run's start, steps and phases, a claim's start) and for the claim's own "done" (its batch's
 * "claims progress" says it with N/M).
 */
export const milestoneLine = (e: ProgressEvent): string | undefined => {
  const f = e.fields ?? {}
  switch (e.message) {
    case "claims start":
      return `claims: ${value(f["total"] ?? 0)} at the ${String(f["tier"] ?? "?")} tier, estimated ≈ ${seconds(f, "estimatedSeconds") ?? "?"} (refined as they run)`
    case "claims progress":
      return `[${value(f["done"] ?? "?")}/${value(f["total"] ?? "?")}] ${e.claim} ${String(f["verdict"] ?? "?")} (${seconds(f, "seconds") ?? "?"})` +
        ` · elapsed ${seconds(f, "elapsedSeconds") ?? "?"} · ETA ≈ ${seconds(f, "etaSeconds") ?? "?"}`
    case "run done":
      return `  ${runName(e)} done → ${String(f["runId"] ?? "?")}` +
        `${typeof f["seconds"] === "number" ? ` (${formatDuration(f["seconds"])}${typeof f["stepsPerSecond"] === "number" ? `, ${formatNumber(f["stepsPerSecond"])} steps/s` : ""})` : ""}`
    case "run cached":
      return `  ${runName(e)} cached → ${String(f["runId"] ?? "?")}`
    case "local start":
      return `workers: ${value(f["missing"] ?? "?")} of ${value(f["planned"] ?? "?")} planned runs to train, ${value(f["jobs"] ?? "?")} at a time, ` +
        `estimated ≈ ${seconds(f, "estimatedSeconds") ?? "?"}`
    case "local run done":
    case "local run failed":
      return `[${value(f["done"] ?? "?")}/${value(f["total"] ?? "?")} runs] ${String(f["arm"] ?? "?")} seed ${String(f["seed"] ?? "?")} ` +
        `${e.message === "local run done" ? "trained" : `failed (its claim will train it itself): ${String(f["reason"] ?? "")}`} · ETA ≈ ${seconds(f, "etaSeconds") ?? "?"}`
    case "prefetch start":
      return `prefetch: ${value(f["missing"] ?? "?")} of ${value(f["planned"] ?? "?")} planned runs to train, ${value(f["jobs"] ?? "?")} at a time`
    case "prefetch failed":
      return `prefetch: ${String(f["arm"])} seed ${String(f["seed"])} failed (the claim will train it itself): ${String(f["message"])}`
    case "done":
    case "start":
    case "run step":
    case "run phase":
    case "run start":
    case "run resume":
    case "local run start":
      return undefined
    default:
      return e.claim === "execute" ? `${e.message}: ${fieldList(f)}` : `${e.claim} ${e.message}${Object.keys(f).length === 0 ? "" : `: ${fieldList(f)}`}`
  }
}

/** A run's line at a quarter of its steps, or while evaluating. */
const runLine = (e: ProgressEvent, view: ProgressView, quarters: Map<string, number>): string | undefined => {
  const f = e.fields ?? {}
  const key = runKey(String(f["arm"]), String(f["seed"]))
  if (e.message === "run phase") return `  ${runName(e)}: evaluating (${String(f["phase"])})`
  if (e.message === "run start" || e.message === "run resume" || e.message === "local run start") {
    quarters.set(key, 0)
    const how = e.message === "run start" ? "training" : e.message === "local run start" ? "training in a worker" : `resuming ${String(f["from"] ?? "")}`.trimEnd()
    return `  ${runName(e)}: ${how}`
  }
  const step = f["step"], total = f["total"]
  if (typeof step !== "number" || typeof total !== "number" || total <= 0) return undefined
  const quarter = Math.floor((4 * step) / total)
  if (quarter <= (quarters.get(key) ?? 0)) return undefined
  quarters.set(key, quarter)
  const rate = f["stepsPerSecond"]
  return `  ${runName(e)}: step ${step}/${total} (${Math.round((100 * step) / total)}%)${typeof rate === "number" && rate > 0 ? `, ${formatNumber(rate)} steps/s` : ""}` +
    `${view.total > 0 ? ` · claims ${view.done}/${view.total}` : ""}`
}

/** The events of one run in flight, which get their own lines here and only the bars on a terminal. */
const runEvents = new Set(["run start", "run resume", "local run start", "run step", "run phase"])

export interface LineRenderer {
  /** The line(s) for an event ("" when it gets none). */
  readonly event: (e: ProgressEvent) => string
}

/** One line per event worth one, each ending in "\n". */
export const lineRenderer = (): LineRenderer => {
  let view = emptyView
  const quarters = new Map<string, number>()
  return {
    event: (e) => {
      view = reduceView(view, e, 0)
      const line = runEvents.has(e.message) ? runLine(e, view, quarters) : milestoneLine(e)
      return line === undefined ? "" : `${line}\n`
    },
  }
}
