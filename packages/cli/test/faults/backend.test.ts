/**
 * The backend asked for is the backend used: --backend over SSL_BACKEND over the config's runtime.backend over
 * auto; a backend named by any of them that cannot load is an error (exit 2) naming who asked — never a silent
 * fallback to another backend — and no run folder is made.
 */
import { afterAll, describe, expect, test } from "bun:test"
import { rmSync } from "node:fs"
import { join } from "node:path"
import { backendRequest } from "@ssl/methods"
import { expectNoFrames, runIdIn, scratch, ssl, tinyConfig } from "./harness.ts"

const work = scratch("backend")
afterAll(() => rmSync(work, { recursive: true, force: true }))
const config = tinyConfig(work)

describe("precedence", () => {
  // Mutation caught: the config's runtime.backend read before SSL_BACKEND (the bug: `auto` from the config won).
  test.each([
    ["--backend wins", { cli: "cpu", env: { SSL_BACKEND: "wasm" }, config: "blas" }, "cpu", "--backend"],
    ["SSL_BACKEND over the config", { env: { SSL_BACKEND: "wasm" }, config: "blas" }, "wasm", "SSL_BACKEND"],
    ["SSL_BACKEND over the config's default auto", { env: { SSL_BACKEND: "blas" }, config: "auto" }, "blas", "SSL_BACKEND"],
    ["the config when nothing else asks", { env: {}, config: "blas" }, "blas", "the config's runtime.backend"],
    ["auto last", { env: { SSL_BACKEND: "" }, config: "auto" }, "auto", "the default"],
  ] as const)("%s", (_name, input, name, from) => {
    const r = backendRequest(input.config, { env: input.env, ...("cli" in input ? { cli: input.cli } : {}) })
    expect(r.name).toBe(name)
    expect(r.from).toBe(from)
  })
})

describe("a named backend that cannot load is an error naming who asked; nothing runs on another backend", () => {
  // Mutations caught: dropping SSL_BACKEND from the precedence (SSL_BACKEND=bogus trains on blas, exit 0);
  // falling back to auto when a named backend fails (runs on wasm, exit 0); the message blaming SSL_BACKEND when
  // the config asked.
  test.each([
    ["SSL_BACKEND=bogus", [], { SSL_BACKEND: "bogus" }, ['Unknown backend "bogus" (asked for by SSL_BACKEND)', "unset SSL_BACKEND"]],
    ["SSL_BACKEND=blas with a missing BLAS", [], { SSL_BACKEND: "blas", SSL_BLAS_LIB: "/nonexistent.so" },
      ['Backend "blas" is unavailable', "/nonexistent.so", "asked for by SSL_BACKEND, so no other backend is used"]],
    ["the config's blas with a missing BLAS", ["--set", "runtime.backend=blas"], { SSL_BLAS_LIB: "/nonexistent.so" },
      ["asked for by the config's runtime.backend", "change runtime.backend in the config"]],
    ["--backend over a working SSL_BACKEND", ["--backend", "bogus"], { SSL_BACKEND: "cpu" }, ['Unknown backend "bogus" (asked for by --backend)']],
  ] as const)("%s", (_name, args, env, says) => {
    const runs = join(work, `runs-${_name.replace(/\W/g, "")}`)
    const r = ssl(["train", config, ...args], runs, env)
    expect(r.code).toBe(2)
    for (const s of says) expect(r.stderr).toContain(s)
    if (!("SSL_BACKEND" in env)) expect(r.stderr).not.toContain("SSL_BACKEND to let auto")
    expect(r.stderr).not.toContain("[ssl] backend wasm")
    expectNoFrames(r.stderr)
    expect(runIdIn(runs)).toBeUndefined()
  }, 60_000)
})
