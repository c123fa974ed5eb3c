/** The shared argument parser: what it accepts, and the usage errors (exit 2) it gives for everything else. */
import { describe, expect, test } from "bun:test"
import { ConfigError } from "@ssl/configs"
import { badInput, parseArgs, UsageError } from "../src/args.ts"
import { ExitCode } from "../src/command.ts"

const spec = { values: ["resume", "tier"], booleans: ["json"] }

describe("parseArgs", () => {
  // Mutation caught: a `--set` that keeps only its last value, or an inline `=` form that is not split.
  test("positional arguments, repeatable --set (both forms), value flags (both forms), boolean flags", () => {
    const args = parseArgs(["a.ts", "--set", "optimizer.lr=0.05", "--set=train.steps=20", "--resume", "r1", "--tier=ci", "--json", "b"], spec)
    expect(args.positional).toEqual(["a.ts", "b"])
    expect(args.sets).toEqual(["optimizer.lr=0.05", "train.steps=20"])
    expect([...args.flags]).toEqual([["resume", "r1"], ["tier", "ci"], ["json", true]])
  })

  // Mutation caught: an unknown or malformed option silently ignored (or taken as positional) instead of refused.
  test("unknown options, a value flag without its value, and a boolean given a value are usage errors that say what is known", () => {
    expect(() => parseArgs(["--jsn"], spec)).toThrow(new UsageError("unknown option '--jsn' (known: --set, --resume, --tier, --json)"))
    expect(() => parseArgs(["--set"], spec)).toThrow(new UsageError("--set needs a value (path=value, e.g. --set optimizer.lr=0.05)"))
    expect(() => parseArgs(["--resume"], spec)).toThrow(new UsageError("--resume needs a value"))
    expect(() => parseArgs(["--json=yes"], spec)).toThrow(UsageError)
  })
})

describe("badInput", () => {
  // Mutation caught: a bad-input path that exits 1 or prints a stack, or that swallows an unexpected error.
  test("usage and config errors print `ssl: …` and give exit code 2; anything else is rethrown", () => {
    const lines: Array<string> = []
    const original = console.error
    console.error = (line: string) => void lines.push(line)
    try {
      expect(badInput(new UsageError("bad flag"))).toBe(ExitCode.badInput)
      expect(badInput(new ConfigError([{ path: "optimizer.lr", message: "optimizer.lr must be positive (was -1)" }]))).toBe(ExitCode.badInput)
    } finally {
      console.error = original
    }
    expect(ExitCode.badInput).toBe(2)
    expect(lines[0]).toBe("ssl: bad flag")
    expect(lines[1]).toStartWith("ssl: ")
    expect(lines[1]).toContain("optimizer.lr must be positive (was -1)")
    const bug = new TypeError("a bug")
    expect(() => badInput(bug)).toThrow(bug)
  })
})
