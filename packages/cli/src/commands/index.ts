import type { Command } from "../command.ts"

/** Every command of `bun run ssl`, in the order `--help` lists them. Add one line per command file. */
export const commands: ReadonlyArray<Command> = []
