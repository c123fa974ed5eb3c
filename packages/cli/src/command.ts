/** A CLI command: parsed argv after the command name in, exit code out. */
export interface Command {
  readonly name: string
  /** One line for `ssl --help`. */
  readonly summary: string
  /** Full usage text for `ssl <name> --help`. */
  readonly usage: string
  readonly run: (argv: ReadonlyArray<string>) => Promise<number>
}

/** Exit codes shared by every command. */
export const ExitCode = {
  ok: 0,
  /** A claim failed, a run diverged, or another result-level failure. */
  failed: 1,
  /** Bad input: unknown command or key, out-of-domain value. Nothing was created. */
  badInput: 2,
  /** Stopped by Ctrl-C (128 + SIGINT, the shell's convention); the run is checkpointed and can be resumed. */
  interrupted: 130,
  /** Stopped by SIGTERM (128 + 15: `timeout`, CI cancellation, Slurm); checkpointed and resumable as for SIGINT. */
  terminated: 143,
} as const

/** A tagged error (Effect's Data.TaggedError, or our own classes with `_tag`). */
export const isTagged = (e: unknown): e is Error & { readonly _tag: string } =>
  e instanceof Error && typeof (e as { _tag?: unknown })._tag === "string"

/** What to print for a failure: its message, never its stack. */
export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e))

/**
 * Failures that are the user's to fix, exit 2: bad input, a run id or backend that does not exist, a run another
 * process writes, a store that cannot be used.
 */
const USER_SIDE: ReadonlySet<string> = new Set([
  "UsageError", "ConfigError", "ResumeFailed", "RunLocked", "RunNotFound", "UnknownBackend", "BackendUnavailable", "InvalidBackendOption",
  "StoreUnavailable",
])

export const isUserError = (e: unknown): boolean => isTagged(e) && USER_SIDE.has(e._tag)
