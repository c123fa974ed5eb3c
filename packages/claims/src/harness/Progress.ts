/**
 * Progress and logging of claim runs, as a swappable service (Effect 4's Layer and Logger): `layerLog` writes Effect
 * log lines, `layerSilent` drops them (CLI `--json`), `layerCollect` keeps them for tests.
 */
import { Context, Effect, Layer } from "effect"

export interface ProgressEvent {
  readonly claim: string
  readonly message: string
  readonly fields?: Readonly<Record<string, number | string | boolean>>
}

export class Progress extends Context.Service<Progress, {
  readonly report: (event: ProgressEvent) => Effect.Effect<void>
}>()("ssl/claims/Progress") {
  static readonly layerLog = Layer.succeed(Progress, Progress.of({
    report: (e) => Effect.logInfo(e.message).pipe(Effect.annotateLogs({ claim: e.claim, ...e.fields })),
  }))

  static readonly layerSilent = Layer.succeed(Progress, Progress.of({ report: () => Effect.void }))

  static readonly layerCollect = (sink: Array<ProgressEvent>) =>
    Layer.succeed(Progress, Progress.of({ report: (e) => Effect.sync(() => { sink.push(e) }) }))
}

/** Reports a progress event through the current Progress service. */
export const report = (claim: string, message: string, fields?: ProgressEvent["fields"]): Effect.Effect<void, never, Progress> =>
  Progress.use((p) => p.report(fields === undefined ? { claim, message } : { claim, message, fields }))
