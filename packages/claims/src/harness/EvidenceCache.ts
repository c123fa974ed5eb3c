/**
 * The evidence of a claim's run by key (claim, tier, plan), so that a claim asked twice in one invocation (a
 * report and its seed rounds) measures once. Training runs are cached elsewhere, on disk (empirical/ArmRuns.ts).
 * `layerMemory` keeps the values in memory for the life of the layer.
 */
import { Context, Effect, Layer, Option } from "effect"

export class EvidenceCache extends Context.Service<EvidenceCache, {
  /** The stored value for `key`, if any. */
  readonly get: (key: string) => Effect.Effect<Option.Option<unknown>>
  readonly put: (key: string, value: unknown) => Effect.Effect<void>
}>()("ssl/claims/EvidenceCache") {
  /** A fresh in-memory cache per layer build (each test run gets its own). */
  static readonly layerMemory = Layer.sync(EvidenceCache, () => {
    const map = new Map<string, unknown>()
    return EvidenceCache.of({
      get: (key) => Effect.sync(() => (map.has(key) ? Option.some(map.get(key)) : Option.none())),
      put: (key, value) => Effect.sync(() => { map.set(key, value) }),
    })
  })
}

/** Returns the cached value for `key`, or computes, stores and returns it. */
export const cached = <A, E, R>(key: string, compute: Effect.Effect<A, E, R>): Effect.Effect<A, E, R | EvidenceCache> =>
  Effect.gen(function*() {
    const store = yield* EvidenceCache
    const hit = yield* store.get(key)
    if (Option.isSome(hit)) return hit.value as A
    const value = yield* compute
    yield* store.put(key, value)
    return value
  })
