/**
 * `bun run ssl config <config> [--set path=value ...] [--json]`: prints the resolved config (defaults applied,
 * keys sorted) and its hash — the key under which the run store caches its runs.
 */
import { configHash, formatConfig, loadConfigFile } from "@ssl/configs"
import { badInput, parseArgs, UsageError } from "../args.ts"
import { type Command, ExitCode } from "../command.ts"

const usage = `usage: bun run ssl config <config> [--set path=value ...] [--json]

Prints the resolved run config (every default applied, keys sorted) and its SHA-256 hash, the key of the
run cache. <config> is a .ts file that default-exports a config (configs/fashion-mnist/byol.ts) or a preset
name (fashion-mnist/byol). --set overrides one value by its dotted path, through the same schema.

  --json   print {"hash", "config"} as JSON`

export const config: Command = {
  name: "config",
  summary: "print a resolved run config and its hash",
  usage,
  run: async (argv) => {
    try {
      const args = parseArgs(argv, { values: [], booleans: ["json"] })
      if (args.positional.length !== 1) throw new UsageError(`config takes one config file (got ${args.positional.length}).\n\n${usage}`)
      const resolved = await loadConfigFile(args.positional[0]!, args.sets)
      const hash = configHash(resolved)
      if (args.flags.get("json") === true) console.log(JSON.stringify({ hash, config: JSON.parse(formatConfig(resolved)) }))
      else console.log(`${formatConfig(resolved)}\nhash: ${hash}`)
      return ExitCode.ok
    } catch (e) {
      return badInput(e)
    }
  },
}
