/**
 * What a person watching `ssl claims` / `ssl repro` needs, folded from the Progress events (a pure reducer, so the
 * renderers are functions of it and tests can drive it): claims done of all, the claim running, the runs in flight
 * with their step of total (or their evaluation phase), and the ETA of the batch as of its last estimate.
 */
import type { ProgressEvent } from "./Progress.ts"

export interface RunInFlight {
  readonly claim: string
  readonly arm: string
  readonly seed: number
  readonly step?: number
  readonly total?: number
  readonly stepsPerSecond?: number
  /** The evaluation's phase once training is over. */
  readonly phase?: string
}

export interface ProgressView {
  readonly tier?: string
  /** Claims finished and in the batch (0 of 0 before "claims start"). */
  readonly done: number
  readonly total: number
  /** The claim running now. */
  readonly current?: string
  /** The batch's ETA in seconds at `etaAt` (ms on the renderer's clock). */
  readonly etaSeconds?: number
  readonly etaAt?: number
  /** Keyed "arm seed N". */
  readonly runs: ReadonlyMap<string, RunInFlight>
  /** Runs trained ahead by workers (the executor): done of all. */
  readonly workers?: { readonly done: number; readonly total: number }
}

export const emptyView: ProgressView = { done: 0, total: 0, runs: new Map() }

const num = (f: ProgressEvent["fields"], k: string): number | undefined => (typeof f?.[k] === "number" ? f[k] : undefined)
const str = (f: ProgressEvent["fields"], k: string): string | undefined => (f?.[k] === undefined ? undefined : String(f[k]))

export const runKey = (arm: string, seed: number | string): string => `${arm} seed ${seed}`

const withRun = (v: ProgressView, key: string, run: RunInFlight | undefined): ProgressView => {
  const runs = new Map(v.runs)
  if (run === undefined) runs.delete(key)
  else runs.set(key, run)
  return { ...v, runs }
}

/** The view after one event, at `now` (ms). Events it does not know leave it unchanged. */
export const reduceView = (v: ProgressView, e: ProgressEvent, now: number): ProgressView => {
  const f = e.fields
  const arm = str(f, "arm")
  const seed = num(f, "seed")
  const key = arm === undefined || seed === undefined ? undefined : runKey(arm, seed)
  switch (e.message) {
    case "claims start": {
      const tier = str(f, "tier")
      const eta = num(f, "estimatedSeconds")
      return {
        ...v, done: 0, total: num(f, "total") ?? 0, runs: new Map(), ...(tier === undefined ? {} : { tier }),
        ...(eta === undefined ? {} : { etaSeconds: eta, etaAt: now }),
      }
    }
    case "start":
      return { ...v, current: e.claim }
    case "claims progress": {
      const eta = num(f, "etaSeconds")
      const { current: _current, ...rest } = v
      return { ...rest, done: num(f, "done") ?? v.done + 1, total: num(f, "total") ?? v.total, ...(eta === undefined ? {} : { etaSeconds: eta, etaAt: now }) }
    }
    case "run start":
    case "run resume":
    case "local run start":
      return key === undefined ? v : withRun(v, key, { claim: e.claim, arm: arm!, seed: seed! })
    case "run step": {
      if (key === undefined) return v
      const before = v.runs.get(key) ?? { claim: e.claim, arm: arm!, seed: seed! }
      const step = num(f, "step"), total = num(f, "total"), rate = num(f, "stepsPerSecond")
      return withRun(v, key, {
        ...before, ...(step === undefined ? {} : { step }), ...(total === undefined ? {} : { total }), ...(rate === undefined ? {} : { stepsPerSecond: rate }),
      })
    }
    case "run phase": {
      if (key === undefined) return v
      const before = v.runs.get(key) ?? { claim: e.claim, arm: arm!, seed: seed! }
      const phase = str(f, "phase")
      return withRun(v, key, { ...before, ...(phase === undefined ? {} : { phase }) })
    }
    case "run done":
    case "run cached":
    case "local run done":
    case "local run failed": {
      const after = key === undefined ? v : withRun(v, key, undefined)
      const done = num(f, "done"), total = num(f, "total"), eta = num(f, "etaSeconds")
      return done === undefined || total === undefined ? after
        : { ...after, workers: { done, total }, ...(eta === undefined ? {} : { etaSeconds: eta, etaAt: now }) }
    }
    case "local start": {
      const total = num(f, "missing"), eta = num(f, "estimatedSeconds")
      return total === undefined ? v : { ...v, workers: { done: 0, total }, ...(eta === undefined ? {} : { etaSeconds: eta, etaAt: now }) }
    }
    default:
      return v
  }
}

/** The ETA of the batch at `now`: its last estimate, less the time since (never below 0); undefined before any. */
export const etaNow = (v: ProgressView, now: number): number | undefined =>
  v.etaSeconds === undefined || v.etaAt === undefined ? undefined : Math.max(0, v.etaSeconds - (now - v.etaAt) / 1000)
