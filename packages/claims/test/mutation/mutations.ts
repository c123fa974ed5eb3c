/**
 * The engine mutations the claim suite must catch, as one table: each is a textual edit of the engine (the
 * pattern must be found exactly once, else the mutation test fails loudly: retarget it when the code moves),
 * the claim that must turn red at ci, and the check whose outcome shows it.
 */
export interface Mutation {
  readonly name: string
  readonly file: string
  readonly find: string
  readonly replace: string
  readonly claim: string
  /** The check that must not pass under the mutation. */
  readonly check: string
}

const sslModel = "packages/methods/src/method/SslModel.ts"
const directPredRule = "packages/methods/src/method/predictors/DirectPred.ts"
const linearSgdRule = "packages/methods/src/method/predictors/LinearSgd.ts"

export const mutations: ReadonlyArray<Mutation> = [
  {
    name: "DirectPred's update made a no-op",
    file: directPredRule,
    find: "this.setWeight(directPredPredictor(",
    replace: "void (directPredPredictor(",
    claim: "C18",
    check: "directPredAligned",
  },
  {
    name: "symmetrisation removed",
    file: linearSgdRule,
    find: "if (this.context.symmetrize) tf.tidy(",
    replace: "if (false) tf.tidy(",
    claim: "C14",
    check: "symmetricArmsSymmetric",
  },
  {
    name: "stop-gradient removed",
    file: sslModel,
    find: "{ stopGradient: method.target.kind !== \"no-stop-gradient\" }",
    replace: "{ stopGradient: false }",
    claim: "C14",
    check: "noEmaRegularHealthy",
  },
]

/** Applies a mutation to a source text; throws when the pattern is not found exactly once. */
export const applyMutation = (source: string, m: Mutation): string => {
  const count = source.split(m.find).length - 1
  if (count !== 1) throw new Error(`mutation "${m.name}": the pattern occurs ${count} times in ${m.file} (expected once); retarget it in test/mutation/mutations.ts`)
  return source.replace(m.find, m.replace)
}
