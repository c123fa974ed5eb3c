/**
 * The argument parser every command shares: positional arguments, repeatable `--set path=value`, value flags
 * and boolean flags; anything else is a usage error (exit 2, nothing created).
 */
import { ConfigError } from "@ssl/configs"
import { ExitCode } from "./command.ts"

export interface ParsedArgs {
  readonly positional: Array<string>
  readonly sets: Array<string>
  readonly flags: Map<string, string | true>
}

/** A usage error: exit code 2, nothing created. */
export class UsageError extends Error {
  readonly _tag = "UsageError" as const
}

/**
 * `--set a=b` (repeatable, also `--set=a=b`), value flags (`--resume <id>`, `--resume=<id>`) and boolean
 * flags (`--json`); anything else starting with `--` is an error.
 */
export const parseArgs = (argv: ReadonlyArray<string>, spec: { readonly values: ReadonlyArray<string>; readonly booleans: ReadonlyArray<string> }): ParsedArgs => {
  const positional: Array<string> = []
  const sets: Array<string> = []
  const flags = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (!arg.startsWith("--")) {
      positional.push(arg)
      continue
    }
    const eq = arg.indexOf("=")
    const name = eq < 0 ? arg.slice(2) : arg.slice(2, eq)
    const inline = eq < 0 ? undefined : arg.slice(eq + 1)
    if (name === "set" || spec.values.includes(name)) {
      const value = inline ?? argv[++i]
      if (value === undefined) throw new UsageError(`--${name} needs a value${name === "set" ? " (path=value, e.g. --set optimizer.lr=0.05)" : ""}`)
      if (name === "set") sets.push(value)
      else flags.set(name, value)
    } else if (spec.booleans.includes(name) && inline === undefined) {
      flags.set(name, true)
    } else {
      const known = ["--set", ...spec.values.map((v) => `--${v}`), ...spec.booleans.map((b) => `--${b}`)]
      throw new UsageError(`unknown option '${arg}' (known: ${known.join(", ")})`)
    }
  }
  return { positional, sets, flags }
}

/** Prints a usage or config error to stderr and returns exit code 2. */
export const badInput = (e: unknown): number => {
  if (e instanceof UsageError || e instanceof ConfigError) {
    console.error(`ssl: ${e.message}`)
    return ExitCode.badInput
  }
  throw e
}
