/**
 * A scenario that cannot be run: an unknown name, a malformed `--set`, or a value outside the model's domain.
 * Each issue names the path and the rule ("eta must be at least 0 (was -0.1)"), so the fix is obvious.
 */
export interface ScenarioIssue {
  /** Dotted path of the offending value ("" for the scenario itself). */
  readonly path: string
  readonly message: string
}

export class ScenarioError extends Error {
  readonly _tag = "ScenarioError" as const
  override readonly name = "ScenarioError"

  constructor(readonly issues: ReadonlyArray<ScenarioIssue>, readonly scenario: string) {
    super(`Invalid linear-model scenario "${scenario}":\n${issues.map((i) => `  - ${i.message}`).join("\n")}`)
  }
}
