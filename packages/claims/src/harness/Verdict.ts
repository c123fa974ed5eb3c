/**
 * Verdicts and the rule that produces them, as data (DESIGN.md "Claims").
 *
 * A claim declares named criteria (comparator, threshold, and where the threshold comes from); its run only
 * returns measured numbers. The harness compares — a claim's code never decides its own verdict.
 *   - role "criterion": the claimed property; a miss makes the verdict `fail`.
 *   - role "precondition": a hypothesis of the theorem (e.g. λ_min(K) > 0 for Theorem 3) or a sanity gate;
 *     a miss makes the verdict `inconclusive` (the claim says nothing then), whatever the criteria show.
 * `not run` is for claims recorded but not executed at a tier (ImageNet claims C22/C26), always with a reason.
 */
export type Verdict = "pass" | "fail" | "inconclusive" | "not run"

export type Comparator = "<" | "<=" | ">" | ">="

export interface Criterion {
  /** What is measured, in words (units, definition). */
  readonly description: string
  readonly op: Comparator
  readonly value: number
  /** Where the threshold comes from: PAPER.md section / equation / argument. */
  readonly source: string
  readonly role?: "criterion" | "precondition"
}

export interface CheckResult {
  readonly name: string
  readonly description: string
  readonly measured: number
  readonly op: Comparator
  readonly value: number
  readonly source: string
  readonly role: "criterion" | "precondition"
  readonly passed: boolean
}

export const compare = (measured: number, op: Comparator, value: number): boolean => {
  // NaN never satisfies a threshold: a broken measurement cannot pass.
  if (Number.isNaN(measured)) return false
  switch (op) {
    case "<": return measured < value
    case "<=": return measured <= value
    case ">": return measured > value
    case ">=": return measured >= value
  }
}

export const check = (name: string, criterion: Criterion, measured: number): CheckResult => ({
  name,
  description: criterion.description,
  measured,
  op: criterion.op,
  value: criterion.value,
  source: criterion.source,
  role: criterion.role ?? "criterion",
  passed: compare(measured, criterion.op, criterion.value),
})

/** The verdict rule: a failed precondition ⇒ inconclusive; else a failed criterion ⇒ fail; else pass. */
export const decide = (checks: ReadonlyArray<CheckResult>): Verdict => {
  if (checks.length === 0) return "inconclusive"
  if (checks.some((c) => c.role === "precondition" && !c.passed)) return "inconclusive"
  if (checks.some((c) => c.role === "criterion" && !c.passed)) return "fail"
  return "pass"
}

/** "< 1e-6" */
export const formatThreshold = (op: Comparator, value: number): string => `${op} ${formatNumber(value)}`

export const formatNumber = (x: number): string => {
  if (!Number.isFinite(x)) return String(x)
  if (x === 0) return "0"
  const a = Math.abs(x)
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(4))) : x.toExponential(2)
}
