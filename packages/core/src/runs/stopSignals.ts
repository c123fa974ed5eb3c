/**
 * One stop path for SIGINT and SIGTERM, however they arrive: Ctrl-C in a terminal (the kernel signals the whole
 * foreground process group), `kill` to one process, the `bun run` parent or the `./ssl` wrapper (both forward the
 * signal to their child), `timeout`, CI cancellation or Slurm (SIGTERM before a kill).
 *
 * The first signal asks for a graceful stop (`first`): finish the step, checkpoint, mark the run `interrupted`.
 * One press can reach a process twice — directly, as a member of the terminal's process group, and forwarded by
 * the `bun run` parent a moment later — so every signal within `coalesceMs` of the first is the same request. A
 * signal after that window is a second request (`again`): quit at once, after leaving the run consistent.
 * The exit code follows the shell's convention, 128 + the signal number: 130 for SIGINT, 143 for SIGTERM.
 *
 * JavaScript handlers run only when the event loop turns: between training steps, but not inside a long synchronous
 * computation such as the final evaluation. So once a run has nothing left to save (training done, its last
 * checkpoint written) its caller disposes the handlers, restoring the default action: a signal then ends the
 * process at once, the writer lock goes with it, and the run lists as `interrupted` and re-evaluates on resume.
 */

export type StopSignalName = "SIGINT" | "SIGTERM"

export interface StopRequest {
  readonly signal: StopSignalName
  /** 128 + the signal's number. */
  readonly exitCode: 130 | 143
}

const EXIT_CODES: Record<StopSignalName, 130 | 143> = { SIGINT: 130, SIGTERM: 143 }

/** How long a second delivery counts as the same stop request (ms). */
export const STOP_COALESCE_MS = 1000

export interface StopHandlers {
  /** The first request: stop gracefully. */
  readonly first: (request: StopRequest) => void
  /** A later request (after the coalescing window): quit at once, leaving what was written consistent. */
  readonly again: (request: StopRequest) => void
}

/**
 * Installs the handlers for SIGINT and SIGTERM until the returned handle is disposed (then a signal has its
 * default action again). `now` is injectable for tests of the coalescing rule.
 */
export const onStopSignals = (handlers: StopHandlers, options: { readonly coalesceMs?: number; readonly now?: () => number } = {}): Disposable & { readonly requested: () => StopRequest | undefined } => {
  const coalesceMs = options.coalesceMs ?? STOP_COALESCE_MS
  const now = options.now ?? (() => performance.now())
  let firstAt: number | undefined
  let request: StopRequest | undefined
  const listener = (signal: StopSignalName) => {
    const at = now()
    const r: StopRequest = { signal, exitCode: EXIT_CODES[signal] }
    if (firstAt === undefined) {
      firstAt = at
      request = r
      handlers.first(r)
    } else if (at - firstAt > coalesceMs) {
      handlers.again(r)
    }
  }
  const onInt = () => listener("SIGINT")
  const onTerm = () => listener("SIGTERM")
  process.on("SIGINT", onInt)
  process.on("SIGTERM", onTerm)
  return {
    requested: () => request,
    // idempotent: removing a listener that is gone is a no-op
    [Symbol.dispose]: () => {
      process.off("SIGINT", onInt)
      process.off("SIGTERM", onTerm)
    },
  }
}
