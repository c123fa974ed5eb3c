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
} as const
