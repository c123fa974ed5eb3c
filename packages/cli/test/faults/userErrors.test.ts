/**
 * User errors are `ssl: ...` messages with exit 2 and no stack frames, and create nothing: a config with a syntax
 * error (file:line:column), a config that throws, `--set` through `__proto__` / `constructor` / `prototype`, a run
 * id that does not exist.
 */
import { afterAll, describe, expect, test } from "bun:test"
import { existsSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { applySets, ConfigError } from "@ssl/configs"
import { expectNoFrames, scratch, ssl, tinyConfig } from "./harness.ts"

const work = scratch("user")
afterAll(() => rmSync(work, { recursive: true, force: true }))
const config = tinyConfig(work)
const syntax = join(work, "syntax.ts")
writeFileSync(syntax, "export default {\n  data: { dataset: \"fashion-mnist\",\n  model: [1, 2\n}\n")
const throws = join(work, "throws.ts")
writeFileSync(throws, "const steps = (): number => { throw new RangeError(\"no steps today\") }\nexport default { train: { steps: steps() } }\n")

describe("exit 2, `ssl: ...`, no frames, nothing created", () => {
  // Mutations caught: loadConfigFile without its import guard (Bun's build error or the config's own error escapes
  // with frames, exit 1); parseSet without the forbidden-segment check (`__proto__.x` walks into Object.prototype);
  // train --resume opening (and so creating) the store before knowing the run exists.
  test.each([
    ["a syntax error", ["train", syntax], [`syntax error at ${syntax}:4:1`]],
    ["a config that throws", ["train", throws], [`${throws} does not load: it threw RangeError: no steps today`, `${throws}:1:`]],
    ["--set __proto__.x=1", ["train", config, "--set", "__proto__.x=1"], ["contains '__proto__'"]],
    ["--set optimizer.constructor.x=1", ["config", config, "--set", "optimizer.constructor.x=1"], ["contains 'constructor'"]],
    ["--set method.prototype=1", ["train", config, "--set", "method.prototype=1"], ["contains 'prototype'"]],
    ["train --resume nope", ["train", "--resume", "nope"], ["No run 'nope' under", "bun run ssl runs"]],
    ["eval nope", ["eval", "nope"], ["No run 'nope' under"]],
  ] as const)("%s", (_name, args, says) => {
    const runs = join(work, `runs-${_name.replace(/\W/g, "")}`)
    const r = ssl(args, runs)
    expect(r.code).toBe(2)
    expect(r.stderr.startsWith("ssl: ")).toBe(true)
    for (const s of says) expect(r.stderr).toContain(s)
    expectNoFrames(r.stderr)
    expect(existsSync(runs)).toBe(false)
  }, 60_000)
})

test("--set through __proto__ never reaches Object.prototype (in process)", () => {
  // Mutation caught: removing the forbidden-segment check (the assignment pollutes every object, then crashes).
  const base = { train: { steps: 1 } }
  for (const path of ["__proto__.polluted", "train.__proto__.polluted", "constructor.prototype.polluted"]) {
    expect(() => applySets(base, [`${path}=1`])).toThrow(ConfigError)
  }
  expect(({} as Record<string, unknown>)["polluted"]).toBeUndefined()
})
