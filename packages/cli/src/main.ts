#!/usr/bin/env bun
/**
 * `bun run ssl <command> ...` — a thin dispatcher; each command lives in its own file under commands/. Whatever a
 * command throws ends here as one `ssl: ...` line, never a stack trace: exit 2 for the user's side (isUserError),
 * 1 otherwise (SSL_DEBUG=1 adds the stack, for a bug report).
 */
import { ExitCode, errorMessage, isUserError } from "./command.ts"
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
  try {
    return await command.run(rest)
  } catch (e) {
    if (isUserError(e)) {
      console.error(`ssl: ${errorMessage(e)}`)
      return ExitCode.badInput
    }
    console.error(`ssl: ${errorMessage(e)}`)
    console.error(process.env["SSL_DEBUG"] === "1" && e instanceof Error
      ? String(e.stack)
      : "ssl: this is a bug or an unexpected failure; SSL_DEBUG=1 prints its stack trace for a report")
    return ExitCode.failed
  }
}

process.exitCode = await main(process.argv.slice(2))
