/**
 * Progress and logging of claim runs, as a swappable service (Effect 4's Layer and Logger): `layerLog` writes Effect
 * log lines, `layerSilent` drops them (CLI `--json`), `layerCollect` keeps them for tests, `layerLines` writes one
 * plain line per event (progressLines.ts: logs, pipes), `layerFrame` a block of bars redrawn in place on a terminal
 * (progressFrame.ts), `layerTerminal` picks one of the two for a stream, and `layerJsonLines` passes them on from a
 * worker process (progressJson.ts). The events: a claim's "start" and "done"
 * (Claim.ts), its batch's "claims start" and "claims progress" with N/M and the ETA (runClaims.ts), its runs'
 * "run start", "run step" {step, total}, "run phase" {phase}, "run done" / "run cached" (empirical/trainArm.ts).
 */
import { Context, Effect, Layer } from "effect"
import type { TerminalStream } from "./progressFrame.ts"
import { progressLine } from "./progressJson.ts"
import { lineRenderer } from "./progressLines.ts"

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

  /** One plain line per event worth one (numbers at 4 significant digits). */
  static readonly layerLines = (write: (text: string) => void) =>
    Layer.sync(Progress, () => {
      const lines = lineRenderer()
      return Progress.of({ report: (e) => Effect.sync(() => {
        const text = lines.event(e)
        if (text !== "") write(text)
      }) })
    })

  /**
   * Bars redrawn in place under the milestones; the block is erased when the layer is released. The renderer (and
   * log-update, ≈ 0.2 s to import) is loaded only here, so workers and plain runs do not pay for it.
   */
  static readonly layerFrame = (stream: TerminalStream) =>
    Layer.effect(Progress, Effect.acquireRelease(
      Effect.promise(() => import("./progressFrame.ts")).pipe(Effect.map(({ frameRenderer }) => frameRenderer(stream))),
      (frame) => Effect.sync(() => frame.close()),
    ).pipe(Effect.map((frame) => Progress.of({ report: (e) => Effect.sync(() => frame.event(e)) }))))

  /** Each event as a line of JSON (a worker process to its coordinator, progressJson.ts). */
  static readonly layerJsonLines = (write: (text: string) => void) =>
    Layer.succeed(Progress, Progress.of({ report: (e) => Effect.sync(() => write(progressLine(e))) }))

  /** The frame on a terminal, plain lines otherwise. */
  static readonly layerTerminal = (stream: TerminalStream & { readonly isTTY?: boolean }) =>
    stream.isTTY === true ? Progress.layerFrame(stream) : Progress.layerLines((text) => void stream.write(text))
}

/** Reports a progress event through the current Progress service. */
export const report = (claim: string, message: string, fields?: ProgressEvent["fields"]): Effect.Effect<void, never, Progress> =>
  Progress.use((p) => p.report(fields === undefined ? { claim, message } : { claim, message, fields }))
