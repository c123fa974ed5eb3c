/**
 * `bun run ssl new claim <id> [--title "..."]`: scaffolds a claim of the user's — `<id>.claim.ts` and its test
 * `<id>.claim.test.ts` in the user's claims folder (claims/ at the repository root, or SSL_CLAIMS_DIR) — that
 * `ssl claims` and `bun run test:claims <id>` run beside ours. The template is a working claim on the paper's
 * linear model, to be edited; docs/add-a-claim.md explains each field.
 */
import { claims, sameClaimId, userClaimsDir } from "@ssl/claims"
import { existsSync, mkdirSync, writeFileSync } from "node:fs"
import { join } from "node:path"
import { type Command, ExitCode } from "../command.ts"
import { badInput, parseArgs, UsageError } from "../args.ts"

const usage = `usage: bun run ssl new claim <id> [--title "<one line>"]

Writes <id>.claim.ts (the claim: statement, measured quantity, criteria with their sources, a plan per tier)
and <id>.claim.test.ts (its bun test) into the user's claims folder: claims/ at the repository root, or
SSL_CLAIMS_DIR. The template checks, on the paper's linear model (BYOL, isotropic data), that W_p's asymmetry
vanishes; edit it into your claim, then run it:
  bun run ssl claims --only <id> --tier smoke
  bun run test:claims <id>
<id>: a letter then letters, digits or _ (e.g. U1, MyClaim); not one of ours (C1–C30). See docs/add-a-claim.md.`

export const claimTemplate = (id: string, title: string): string => `/**
 * ${id} — ${title}
 * A claim of ours outside the ssl-dynamics packages (docs/add-a-claim.md). It is data: what is claimed, where,
 * what is measured, the criteria (comparator, threshold, and where the threshold comes from) and one plan per
 * tier; the harness compares and gives the verdict.
 */
import { defineClaim, measure } from "@ssl/claims"
import { resolveScenario } from "@ssl/configs"
import { runScenario } from "@ssl/methods"

interface Config {
  /** The linear-model scenario (configs/scenarios) and its overrides. */
  readonly scenario: string
  readonly sets: ReadonlyArray<string>
}

export const ${id} = defineClaim<Config, "finalAsymmetry">({
  id: "${id}",
  title: ${JSON.stringify(title)},
  statement: "With weight decay, the antisymmetric part of W_p decays: ‖W_p − W_pᵀ‖/‖W_p‖ → 0.",
  where: "docs/paper/model.md#theorem-1 (Eqn. 2's weight-decay term)",
  quantity: "‖W_p − W_pᵀ‖_F / ‖W_p‖_F at the end of the simulation (trace.series.asymmetry, last value)",
  corrections: [],
  criteria: {
    finalAsymmetry: { description: "final asymmetry of W_p", op: "<", value: 1e-3, source: "ours: an exact simulation leaves only integration error" },
  },
  tiers: {
    smoke: { config: { scenario: "byol-isotropic", sets: [] }, seeds: [0] },
    ci: { config: { scenario: "byol-isotropic", sets: [] }, seeds: [0] },
  },
  run: (plan) =>
    measure("${id}", () => {
      const trace = runScenario(resolveScenario(plan.config.scenario, plan.config.sets))
      const asymmetry = trace.series["asymmetry"]!
      return { measured: { finalAsymmetry: asymmetry[asymmetry.length - 1]! }, info: { steps: trace.t.length } }
    }),
})
`

export const claimTestTemplate = (id: string): string => `import { claimTest } from "@ssl/claims/testing"
import { ${id} } from "./${id}.claim.ts"

// One bun test per claim at the tier CLAIMS_TIER names (default ci); it fails only on the verdict \`fail\`.
claimTest(${id})
`

export const newCommand: Command = {
  name: "new",
  summary: "scaffold a claim of your own (new claim <id>)",
  usage,
  run: async (argv) => {
    try {
      const args = parseArgs(argv, { values: ["title"], booleans: [] })
      const [what, id, ...rest] = args.positional
      if (what !== "claim" || id === undefined || rest.length > 0) throw new UsageError(`expected: new claim <id>.\n\n${usage}`)
      if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(id)) throw new UsageError(`claim id '${id}' must be a letter then letters, digits or _ (it names a TypeScript export)`)
      const ours = claims.find((c) => sameClaimId(c.id, id))
      if (ours !== undefined) throw new UsageError(`claim id ${id} is ours (${ours.id}: ${ours.title}); pick another`)
      const title = args.flags.get("title")
      const dir = userClaimsDir()
      const files = [join(dir, `${id}.claim.ts`), join(dir, `${id}.claim.test.ts`)] as const
      const taken = files.filter(existsSync)
      if (taken.length > 0) throw new UsageError(`${taken.join(" and ")} already exist${taken.length === 1 ? "s" : ""}: nothing was written`)
      mkdirSync(dir, { recursive: true })
      writeFileSync(files[0], claimTemplate(id, typeof title === "string" ? title : "W_p becomes symmetric in the linear model (a template: edit me)"), { flag: "wx" })
      writeFileSync(files[1], claimTestTemplate(id), { flag: "wx" })
      console.log(`wrote ${files[0]}\nwrote ${files[1]}\nrun it: bun run ssl claims --only ${id} --tier smoke   (or: bun run test:claims ${id})`)
      return ExitCode.ok
    } catch (e) {
      return badInput(e)
    }
  },
}
