/** Typed failures of a training run (Effect tagged errors; `message` says what happened and what to do). */
import { Data } from "effect"

/** NaN or Inf in the loss or the weights. The run stops; its last good checkpoint is kept and it is marked diverged. */
export class Diverged extends Data.TaggedError("Diverged")<{
  /** The optimizer step (1-based count of completed steps) at which the non-finite value appeared. */
  readonly step: number
  /** What was non-finite: "loss", a variable's name, or the quantity a kernel rejected (the F̂ estimator's input, the predictor update, ...). */
  readonly what: string
  readonly value: number
  /** The step of the last good checkpoint (0 if none was written). */
  readonly lastCheckpointStep: number
}> {
  override get message(): string {
    const kept = this.lastCheckpointStep > 0 ? `The last good checkpoint (step ${this.lastCheckpointStep}) is kept` : "No checkpoint was written before it"
    return `training diverged at step ${this.step}: ${this.what} is ${this.value}. ${kept}; lower the learning rate or raise the weight decay and start a new run.`
  }
}

/** A checkpoint that cannot be used to resume this run. */
export class ResumeFailed extends Data.TaggedError("ResumeFailed")<{ readonly runId: string; readonly reason: string }> {
  override get message(): string {
    return `cannot resume run ${this.runId}: ${this.reason}`
  }
}

/**
 * The run was asked to stop (Ctrl-C, an AbortSignal) and did so between two steps, after saving a checkpoint
 * of the completed step: nothing is lost, and resuming continues exactly where it stopped.
 */
export class Interrupted extends Data.TaggedError("Interrupted")<{
  /** Completed steps when it stopped (== the checkpoint's step). */
  readonly step: number
  readonly totalSteps: number
}> {
  override get message(): string {
    return `training stopped on request after step ${this.step} of ${this.totalSteps}; a checkpoint of step ${this.step} is saved, so resuming continues exactly from there`
  }
}
