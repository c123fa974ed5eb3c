/**
 * Nested JSON as dotted paths ("optimizer.predictor.lrMultiplier" → 1): the one shape in which configs and
 * results are compared (`runs diff`, a run's overrides) and exported (one column per path). Arrays are leaves,
 * kept whole, because a config's arrays (hidden widths, spectra) are values, not structure.
 */

export type Leaf = string | number | boolean | null | ReadonlyArray<unknown>

const isObject = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x)

/** Every leaf of `value` by its dotted path, in key order; `{}` at the top gives no entries. */
export const flatten = (value: unknown, prefix = ""): Map<string, Leaf> => {
  const out = new Map<string, Leaf>()
  const walk = (v: unknown, path: string): void => {
    if (isObject(v)) {
      for (const [k, child] of Object.entries(v)) walk(child, path === "" ? k : `${path}.${k}`)
    } else if (v !== undefined && path !== "") {
      out.set(path, v as Leaf)
    }
  }
  walk(value, prefix)
  return out
}

export interface Change {
  readonly path: string
  /** undefined: the path is absent on that side. */
  readonly a: Leaf | undefined
  readonly b: Leaf | undefined
}

const same = (x: Leaf | undefined, y: Leaf | undefined): boolean => JSON.stringify(x) === JSON.stringify(y)

/** The paths whose leaves differ between `a` and `b` (added, removed or changed), sorted by path. */
export const changes = (a: unknown, b: unknown): Array<Change> => {
  const fa = flatten(a), fb = flatten(b)
  const paths = [...new Set([...fa.keys(), ...fb.keys()])].sort()
  return paths.filter((p) => !same(fa.get(p), fb.get(p))).map((p) => ({ path: p, a: fa.get(p), b: fb.get(p) }))
}

/** A leaf as the CLI prints it: numbers and strings bare, arrays as JSON, absent as "–". */
export const showLeaf = (x: Leaf | undefined): string =>
  x === undefined ? "–" : typeof x === "string" ? x : JSON.stringify(x)
