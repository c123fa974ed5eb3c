/** Runs a CLI command's `run` in-process and captures what it prints (stdout via console.log, stderr via console.error). */
import type { Command } from "../src/command.ts"

export const capture = async (command: Command, argv: ReadonlyArray<string>): Promise<{ code: number; out: string; err: string }> => {
  const out: Array<string> = [], err: Array<string> = []
  const log = console.log, error = console.error
  console.log = (...a: Array<unknown>) => { out.push(a.map(String).join(" ")) }
  console.error = (...a: Array<unknown>) => { err.push(a.map(String).join(" ")) }
  try {
    const code = await command.run(argv)
    return { code, out: out.join("\n"), err: err.join("\n") }
  } finally {
    console.log = log
    console.error = error
  }
}
