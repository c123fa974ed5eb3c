/**
 * A training run's own progress (the trainer's per-step `Progress` of @ssl/methods) as claims Progress events, so
 * that `ssl claims` and `ssl repro` show the runs in flight: "run step" {arm, seed, step, total, stepsPerSecond} at
 * each whole percent of the run (≤ 101 events a run, whatever its length) and "run phase" {arm, seed, phase} as the
 * evaluation after training moves through features, probe, kNN and the floors.
 */
import type { Progress as TrainingProgress } from "@ssl/methods"
import { Effect } from "effect"
import { Progress } from "../harness/Progress.ts"

/** The trainer's progress of one run of `claim`, reporting through `emit` (synchronous: the trainer's loop is). */
export const runProgressEvents = (
  run: { readonly claim: string; readonly arm: string; readonly seed: number },
  emit: (message: string, fields: Readonly<Record<string, number | string>>) => void,
  now: () => number = () => performance.now(),
): TrainingProgress => {
  let total = 0
  let from = 0
  let t0 = 0
  let lastPercent = -1
  const id = { arm: run.arm, seed: run.seed }
  const stepEvent = (step: number) => {
    const percent = total > 0 ? Math.floor((100 * step) / total) : 100
    if (percent <= lastPercent) return
    lastPercent = percent
    const seconds = (now() - t0) / 1000
    const rate = seconds > 0 && step > from ? (step - from) / seconds : 0
    emit("run step", { ...id, step, total, stepsPerSecond: Number(rate.toPrecision(3)) })
  }
  return {
    start: (steps, start) => {
      total = steps
      from = start
      t0 = now()
      stepEvent(start)
    },
    step: (completed) => stepEvent(completed),
    record: () => {},
    end: () => {},
    phase: (phase) => emit("run phase", { ...id, phase }),
  }
}

/** The same, reporting to the current Progress service. */
export const runProgress = (run: { readonly claim: string; readonly arm: string; readonly seed: number }): Effect.Effect<TrainingProgress, never, Progress> =>
  Progress.use((progress) =>
    Effect.succeed(runProgressEvents(run, (message, fields) => Effect.runSync(progress.report({ claim: run.claim, message, fields })))))
