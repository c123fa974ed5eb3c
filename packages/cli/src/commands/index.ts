import type { Command } from "../command.ts"
import { config } from "./config.ts"
import { evalCommand } from "./eval.ts"
import { runs } from "./runs.ts"
import { train } from "./train.ts"
import { simulate } from "./simulate.ts"
import { claimsCommand } from "./claimsCommand.ts"
import { repro } from "./repro.ts"
import { plot } from "./plot.ts"
import { sweep } from "./sweep.ts"
import { newCommand } from "./newClaim.ts"

/** Every command of `bun run ssl`, in the order `--help` lists them. Add one line per command file. */
export const commands: ReadonlyArray<Command> = [
  train,
  sweep,
  evalCommand,
  runs,
  plot,
  config,
  simulate,
  claimsCommand,
  repro,
  newCommand,
]
