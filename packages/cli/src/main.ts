#!/usr/bin/env bun
/** `bun run ssl <command> ...` — a thin dispatcher; each command lives in its own file under commands/. */
import { ExitCode } from "./command.ts"
import { commands } from "./commands/index.ts"

const help = (): string =>
  ["usage: bun run ssl <command> [options]", "", "commands:", ...commands.map((c) => `  ${c.name.padEnd(10)} ${c.summary}`), "",
    "Run `bun run ssl <command> --help` for a command's options."].join("\n")

const main = async (argv: ReadonlyArray<string>): Promise<number> => {
  const [name, ...rest] = argv
  if (name === undefined || name === "--help" || name === "-h") {
    console.log(help())
    return name === undefined ? ExitCode.badInput : ExitCode.ok
  }
  const command = commands.find((c) => c.name === name)
  if (command === undefined) {
    console.error(`ssl: unknown command '${name}'.\n\n${help()}`)
    return ExitCode.badInput
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    console.log(command.usage)
    return ExitCode.ok
  }
  return command.run(rest)
}

process.exitCode = await main(process.argv.slice(2))
