/**
 * A config that does not validate, or an override whose path does not exist. Carries one issue per problem,
 * each with its dotted path; the message lists them, one per line, in arktype's words
 * ("optimizer.lr must be positive (was -1)"), with unknown keys said plainly.
 */
export interface ConfigIssue {
  /** Dotted path of the offending value, e.g. "method.predictor.eps" ("" for the whole config). */
  readonly path: string
  /** One line: what is wrong and what was expected. */
  readonly message: string
}

export class ConfigError extends Error {
  readonly _tag = "ConfigError" as const
  override readonly name = "ConfigError"

  constructor(readonly issues: ReadonlyArray<ConfigIssue>, readonly source?: string) {
    super(
      `Invalid run config${source === undefined ? "" : ` (${source})`}:\n` +
        issues.map((i) => `  - ${i.message}`).join("\n") +
        "\nFix the value(s) above; `bun run ssl config <file>` prints the resolved config and its hash.",
    )
  }

  /** The dotted paths of all issues. */
  get paths(): ReadonlyArray<string> {
    return this.issues.map((i) => i.path)
  }
}
