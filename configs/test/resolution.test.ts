/**
 * `@ssl/*` resolves from any folder of the repository, not only inside the workspace packages: a user's config
 * in e.g. `my-configs/` imports @ssl/configs and @ssl/core like a preset does. The root package.json depends on
 * the workspace packages, so `bun install` links them into the root node_modules.
 * Mutation caught: dropping the root dependencies (the spawned file then fails with "Cannot find module").
 */
import { expect, test } from "bun:test"
import { mkdtempSync, rmSync, writeFileSync } from "node:fs"
import { join } from "node:path"

const ROOT = join(import.meta.dir, "..", "..")

test("a config file in a folder outside packages/ imports @ssl/configs and @ssl/core", () => {
  const dir = mkdtempSync(join(ROOT, ".user-configs-"))
  try {
    const file = join(dir, "mine.ts")
    writeFileSync(file, `
import { configHash, extend, resolveConfig } from "@ssl/configs"
import { Rng } from "@ssl/core"
import base from "${join(ROOT, "configs", "fashion-mnist", "byol.ts")}"
const mine = resolveConfig(extend(base, { optimizer: { lr: 0.05 } }))
console.log(JSON.stringify({ lr: mine.optimizer.lr, hash: configHash(mine).length, draw: new Rng(1).uniform() >= 0 }))
`)
    const run = Bun.spawnSync([process.execPath, "run", file], { cwd: dir, stdout: "pipe", stderr: "pipe" })
    expect(run.stderr.toString()).toBe("")
    expect(JSON.parse(run.stdout.toString())).toEqual({ lr: 0.05, hash: 64, draw: true })
    expect(run.exitCode).toBe(0)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
